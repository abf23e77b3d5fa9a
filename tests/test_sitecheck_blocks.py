"""Links in every kind of Markdown block are checked; only real code is skipped.

The fixture has a valid link in every block the site's Markdown extensions offer (admonitions
and their second paragraph, collapsible blocks, content tabs, lists, footnotes, definitions,
tables, task lists, HTML with `markdown`), and link syntax inside code that is no link. The
scanner must find exactly the links Python-Markdown renders, report none of them while they
are valid, and report each one once, at its line, when it breaks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from conftest import ROOT, address
from mkdocs.config import load_config

from talk_kit.sitecheck.documents import page_document
from talk_kit.sitecheck.links import check_document_links
from talk_kit.sitecheck.markdown_links import extract_links
from talk_kit.sitecheck.site_index import SiteIndex, url_to_file

FIXTURE = ROOT / "tests" / "fixtures" / "blocks" / "alle-bloecke.md"
SOURCE = "docs/alle-bloecke.md"


def site() -> SiteIndex:
    pages = ["alle-bloecke.md", "ziel.md", "unter/seite.md"]
    sources = {uri: address(uri) for uri in pages} | {"img/bild.png": "img/bild.png"}
    outputs = {url_to_file(url) for url in sources.values()}
    ids = {url_to_file(address("ziel.md")): frozenset({"erster-abschnitt", "zweiter-abschnitt"})}
    return SiteIndex(sources=sources, outputs=outputs, ids=ids)


def check(text: str) -> list[tuple[int, str]]:
    document = page_document(SOURCE, "alle-bloecke.md", text, address("alle-bloecke.md"))
    findings, _ = check_document_links(document, extract_links(document.text), site(), "/")
    return [(finding.location.line, finding.code) for finding in findings]


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") and "footnote" not in (values.get("class") or ""):
            self.targets.append(values["href"] or "")
        if tag == "img" and values.get("src"):
            self.targets.append(values["src"] or "")


def rendered_targets(text: str) -> list[str]:
    """Link and image targets in what Python-Markdown renders with the site's extensions."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    extensions = [name for name in config.markdown_extensions if name != "pymdownx.snippets"]
    configs = {name: config.mdx_configs.get(name, {}) for name in extensions}
    body = text.split("\n---\n", 1)[1]
    html = markdown.markdown(body, extensions=extensions, extension_configs=configs)
    collector = _Targets()
    collector.feed(html)
    return sorted(target for target in collector.targets if not target.startswith("#"))


def test_the_scanner_finds_exactly_the_links_the_reader_sees() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    scanned = sorted(
        link.target for link in extract_links(text) if link.kind != "ref-def"
    ) + sorted(link.target for link in extract_links(text) if link.kind == "ref-def")
    assert len(scanned) >= 40
    assert sorted(scanned) == rendered_targets(text)


def test_valid_links_in_every_block_give_no_finding() -> None:
    assert check(FIXTURE.read_text(encoding="utf-8")) == []


def broken_variants() -> list[tuple[int, str]]:
    text = FIXTURE.read_text(encoding="utf-8")
    return [
        (link.line, text[: link.start] + "fehlt.md" + text[link.end :])
        for link in extract_links(text)
    ]


@pytest.mark.parametrize(("line", "text"), broken_variants(), ids=lambda v: str(v)[:12])
def test_each_broken_link_is_reported_once_at_its_line(line: int, text: str) -> None:
    assert check(text) == [(line, "broken-link")]


def test_link_syntax_in_code_is_no_link() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert "fehlt.md" in text
    assert not any("fehlt" in link.target for link in extract_links(text))
    assert not re.search(r'href="fehlt', "".join(rendered_targets(text)))
