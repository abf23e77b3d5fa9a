"""Check one Markdown page as the build does, without building a site: MkDocs' own `Page`
renders it (with the given extensions, the checks plugin's `RawHtmlGuard` and MkDocs' link
rewriting against a hand-made file list), the checker reads the HTML (`read_page`) and checks
it against a hand-made site."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from talk_kit.sitecheck.checker import CheckRun
from talk_kit.sitecheck.config import ExternalSettings, Settings
from talk_kit.sitecheck.documents import file_url, page_document
from talk_kit.sitecheck.findings import Finding
from talk_kit.sitecheck.raw_html import RawHtmlGuard
from talk_kit.sitecheck.rendered import read_page
from talk_kit.sitecheck.site_index import SiteIndex
from talk_kit.sitecheck.snippets import SnippetGuard

PROJECT = Path(tempfile.mkdtemp(prefix="sitecheck-render-"))
(PROJECT / "docs").mkdir(exist_ok=True)
atexit.register(shutil.rmtree, PROJECT, ignore_errors=True)
# What the checks plugin adds to every build's Markdown: text MkDocs cannot scan is a finding.
GUARD = SnippetGuard(PROJECT, (PROJECT / "docs",), PROJECT / "mkdocs.yml")


@functools.lru_cache(maxsize=8)
def config(use_directory_urls: bool, extensions: tuple[Any, ...]) -> MkDocsConfig:
    file = PROJECT / f"mkdocs-{int(use_directory_urls)}-{abs(hash(extensions))}.yml"
    lines = ["site_name: Test", f"use_directory_urls: {str(use_directory_urls).lower()}"]
    lines.append("markdown_extensions:")
    lines += [f"  - {name}" for name in extensions] or ["  - toc"]
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_config(str(file))
    loaded.markdown_extensions.append(RawHtmlGuard(GUARD))
    return loaded


def render(
    text: str, src_uri: str, sources: list[str], use_directory_urls: bool = True, **kw: Any
) -> str:
    """The HTML MkDocs makes of `text` as the page `src_uri` beside `sources`."""
    loaded = config(use_directory_urls, tuple(kw.get("extensions", ("attr_list", "toc"))))
    files = Files(
        [
            File(uri, str(PROJECT / "docs"), str(PROJECT / "site"), use_directory_urls)
            for uri in {*sources, src_uri}
        ]
    )
    page = Page(None, files.get_file_from_path(src_uri), loaded)  # type: ignore[arg-type]
    page.markdown = text
    GUARD.start_page(f"docs/{src_uri}", text)
    page.render(loaded, files)
    return page.content or ""


def findings(
    text: str,
    src_uri: str,
    site: SiteIndex,
    use_directory_urls: bool = True,
    site_path: str = "/",
    **kw: Any,
) -> list[Finding]:
    """What the checker reports for `text` as the page `src_uri` of `site`."""
    html = render(text, src_uri, list(site.sources), use_directory_urls, **kw)
    file = File(src_uri, str(PROJECT / "docs"), str(PROJECT / "site"), use_directory_urls)
    document = page_document(f"docs/{src_uri}", src_uri, text, file_url(file))
    settings = Settings(
        root=PROJECT,
        docs_dir=PROJECT / "docs",
        site_dir=PROJECT / "site",
        site_path=site_path,
        config_file=PROJECT / "mkdocs.yml",
        use_directory_urls=use_directory_urls,
        external=ExternalSettings(enabled=True),  # collected, not fetched
    )
    page = read_page(html)
    site.pages.setdefault(document.output, page)  # its own ids, for `#anchor` links
    site.outputs.add(document.output)
    run = CheckRun(settings, site)
    run.check(document, page)
    return (
        GUARD.take_findings()
        + run.result()
        + [  # external links as findings, for tests
            Finding(link.location, "external", "ext", link.url) for link in run.external
        ]
    )
