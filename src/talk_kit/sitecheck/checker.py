"""Run every check over a project; shared by the CLI and the MkDocs hook.

The caller supplies what it knows best: the CLI scans `docs_dir` and the
built `site_dir`, the hook collects the same facts from MkDocs' memory during
the build. Everything after that is identical, so both report the same lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mkdocs.structure.files import File

from talk_kit.decks.model import Deck
from talk_kit.sitecheck.config import Settings
from talk_kit.sitecheck.content import check_link_texts
from talk_kit.sitecheck.documents import Document, deck_document
from talk_kit.sitecheck.findings import Finding, Location
from talk_kit.sitecheck.links import ExternalLink, check_document_links
from talk_kit.sitecheck.markdown_links import extract_links
from talk_kit.sitecheck.site_index import SiteIndex
from talk_kit.sitecheck.slides import apply_severity, check_deck
from talk_kit.sitecheck.templates import check_template_links, template_links
from talk_kit.sitecheck.third_party import check_third_party


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


def register_decks(index: SiteIndex, decks: Sequence[tuple[Deck, File]]) -> None:
    """Make the deck pages part of the site, at the address of the decks plugin's `File`."""
    for deck, file in decks:
        index.sources[file.src_uri] = file.dest_uri
        index.outputs.add(file.dest_uri)
        index.decks[file.dest_uri] = deck
    index.changed()


def check_site(
    settings: Settings,
    pages: list[Document],
    decks: Sequence[tuple[Deck, File]],
    index: SiteIndex,
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
    for deck, file in decks:
        result.findings.extend(deck.findings)
        result.findings.extend(check_deck(deck, settings.rules))
        document = deck_document(deck, file)
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
