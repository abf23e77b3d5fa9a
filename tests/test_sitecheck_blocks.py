"""Links in every kind of Markdown block are checked; only real code is skipped.

The fixture has a valid link in every block the site's Markdown extensions offer (admonitions
and their second paragraph, collapsible blocks, content tabs, lists, footnotes, definitions,
tables, task lists, HTML with `markdown`), and link syntax inside code that is no link. The
page is rendered by MkDocs with those extensions and checked as the build checks it: none of
its links is reported while they are valid, each is reported once, at its line, when it breaks.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, address
from rendering import findings

from talk_kit.sitecheck.rendered import RenderedPage
from talk_kit.sitecheck.site_index import SiteIndex, url_to_file
from talk_kit.sitecheck.slides import DEFAULT_EXTENSIONS

FIXTURE = ROOT / "tests" / "fixtures" / "blocks" / "alle-bloecke.md"
EXTENSIONS = (*DEFAULT_EXTENSIONS, "toc", "pymdownx.tasklist")  # the slides' and more
# Where the fixture writes a link target (the test's own knowledge of its fixture): after
# `](`, `](<`, `]: `, `href="` or `src="`, up to the fragment or title.
TARGET_RE = re.compile(r"""(?:\]\(<?|\]: |href="|src=")(?P<target>[^)>"#\s]+)""")
CODE_SECTION = "## Kein Link im Code"


def site() -> SiteIndex:
    pages = ["alle-bloecke.md", "ziel.md", "unter/seite.md"]
    sources = {uri: address(uri) for uri in pages} | {"img/bild.png": "img/bild.png"}
    outputs = {url_to_file(url) for url in sources.values()}
    ziel = RenderedPage((), frozenset({"erster-abschnitt", "zweiter-abschnitt"}), "")
    return SiteIndex(
        sources=sources, outputs=outputs, pages={url_to_file(address("ziel.md")): ziel}
    )


def check(text: str) -> list[tuple[int, str]]:
    found = findings(text, "alle-bloecke.md", site(), extensions=EXTENSIONS)
    texts = ("generic-link-text", "missing-alt")  # the fixture's link texts are "Link"
    return [(finding.location.line, finding.code) for finding in found if finding.code not in texts]


def broken_variants() -> list[tuple[int, str]]:
    text = FIXTURE.read_text(encoding="utf-8")
    links_end = text.index(CODE_SECTION)
    variants = []
    for match in TARGET_RE.finditer(text[:links_end]):
        if match.group("target") == "fehlt.md" or "." not in match.group("target"):
            continue  # code already, or a footnote's `[^1]: text`
        start, end = match.span("target")
        line = text.count("\n", 0, start) + 1
        variants.append((line, text[:start] + "fehlt.md" + text[end:]))
    return variants


def test_valid_links_in_every_block_give_no_finding() -> None:
    assert len(broken_variants()) >= 40
    assert check(FIXTURE.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("line", "text"), broken_variants(), ids=lambda v: str(v)[:12])
def test_each_broken_link_is_reported_once_at_its_line(line: int, text: str) -> None:
    assert check(text) == [(line, "broken-link")]


def test_link_syntax_in_code_is_no_link() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count("fehlt.md") >= 5  # in a fence, indented code, a code span, a comment
    assert check(text) == []
