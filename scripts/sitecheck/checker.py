"""Run every check over a project; shared by the CLI and the MkDocs hook.

The caller supplies what it knows best: the CLI scans `docs_dir` and the
built `site_dir`, the hook collects the same facts from MkDocs' memory during
the build. Everything after that is identical, so both report the same lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .config import Settings
from .content import check_link_texts
from .deck import Deck
from .deck_store import deck_page_uri
from .documents import Document, deck_document
from .findings import Finding, Location
from .links import ExternalLink, check_document_links
from .markdown_links import extract_links
from .site_index import SiteIndex, page_url, url_to_file
from .slides import apply_severity, check_deck
from .templates import check_template_links, template_links
from .third_party import check_third_party


@dataclass
class Result:
    """Findings plus what was checked, for the summary line."""

    findings: list[Finding] = field(default_factory=list)
    external: list[ExternalLink] = field(default_factory=list)
    pages: int = 0
    decks: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def register_decks(index: SiteIndex, decks: list[Deck], settings: Settings) -> None:
    """Make decks and the files beside them part of the site, as the deck contract says.

    The deck hook publishes `slides/<name>.md` at `folien/<name>/` and
    `slides/img/x.svg` at `folien/img/x.svg`; registering them here keeps the
    checker correct for projects (and tests) that build without that hook.
    """
    prefix = settings.decks_path
    for deck in decks:
        src_uri = deck_page_uri(prefix, deck.name)
        url = page_url(src_uri, settings.use_directory_urls)
        index.sources[src_uri] = url
        index.outputs.add(url_to_file(url))
        index.decks[url_to_file(url)] = deck
    source = settings.decks_source
    if source is None or not source.is_dir():
        index.changed()
        return
    for path in source.rglob("*"):
        if path.is_file() and path.suffix != ".md":
            uri = f"{prefix}/{path.relative_to(source).as_posix()}"
            index.sources.setdefault(uri, uri)
            index.outputs.add(uri)
    index.changed()


def check_site(
    settings: Settings, pages: list[Document], decks: list[Deck], index: SiteIndex
) -> Result:
    """All internal checks; external links are only collected (see external.py)."""
    result = Result(findings=list(settings.findings), pages=len(pages), decks=len(decks))
    for page in pages:
        links = extract_links(page.text)
        found, outside = check_document_links(page, links, index, settings.site_path)
        result.findings.extend(found)
        result.external.extend(outside)
        result.findings.extend(
            check_link_texts(page.text, links, _locator(page.path), settings.rules)
        )
    for deck in decks:
        result.findings.extend(deck.findings)
        result.findings.extend(check_deck(deck, settings.rules))
        document = deck_document(deck, settings.decks_path, settings.use_directory_urls)
        found, outside = check_document_links(
            document, extract_links(document.text), index, settings.site_path
        )
        result.findings.extend(found)
        result.external.extend(outside)
    result.findings.extend(check_third_party(settings, pages, index))
    if settings.custom_dir is not None and settings.custom_dir.is_dir():
        links = template_links(settings.custom_dir, settings.root, result.findings)
        result.findings.extend(check_template_links(links, index))
    result.findings = sort_findings(apply_severity(result.findings, settings.rules))
    return result


def _locator(path: str) -> Callable[[int], Location]:
    return lambda line: Location(path, line)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Sorted by file and line, exact duplicates (a shared include) removed."""
    unique = {str(finding): finding for finding in findings}
    return sorted(unique.values(), key=Finding.sort_key)
