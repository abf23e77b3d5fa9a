"""Run every check over a built project; the same code for `mkdocs build` and `sitecheck check`.

Stages, as in lychee: collect (the caller lists the pages and decks with their sources, and
the built site, `SiteIndex`), extract (each built page read once, `rendered.py`), check (each
link resolved as the browser resolves it, `links.py`; loads, `third_party.py`; link texts,
`content.py`; slides, `slides.py`), then locate: only for a finding is the source line looked
up (`locate.py`). A finding in a file many pages share (a snippet, a template) is one finding
that says on how many pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from mkdocs.structure.files import File

from talk_kit.decks.model import Deck
from talk_kit.decks.render import RenderedDeck
from talk_kit.sitecheck.config import Settings, apply_severity
from talk_kit.sitecheck.content import link_text_problems
from talk_kit.sitecheck.documents import Document, deck_document
from talk_kit.sitecheck.findings import Finding, Location
from talk_kit.sitecheck.links import ExternalLink, check_url, has_scheme, is_external
from talk_kit.sitecheck.locate import Locator
from talk_kit.sitecheck.rendered import HtmlLink, RenderedPage
from talk_kit.sitecheck.site_index import SiteIndex
from talk_kit.sitecheck.slides import check_deck
from talk_kit.sitecheck.third_party import Load, Stylesheets, is_third_party, load_findings, resolve


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


@dataclass
class _Shared:
    """Findings at one line of a file several pages share."""

    finding: Finding
    pages: list[str] = field(default_factory=list)


# Findings about how an editor wrote a link that works: a heading's own permalink or a
# generated table of contents pointing to `#notes_1` is made again when the headings move.
ABOUT_THE_WRITING = frozenset(("fragile-anchor",))


class CheckRun:
    """One check run: findings as they are found, shared ones grouped."""

    def __init__(self, settings: Settings, index: SiteIndex) -> None:
        self.settings = settings
        self.index = index
        self.locator = Locator(settings)
        self.findings: list[Finding] = []
        self.shared: dict[tuple[Location, str], _Shared] = {}
        self.loads: list[Load] = []
        self.external: list[ExternalLink] = []
        self.stylesheets = Stylesheets(settings.site_dir, index, settings.site_host)
        self._sources: dict[str, str] | None = None

    def check(self, document: Document, page: RenderedPage) -> None:
        for link in page.links:
            url = link.url.strip()
            if not url or (has_scheme(url) and not is_external(url)):
                continue
            if is_external(url):
                self._external(document, page, link, url)
                continue
            problem = check_url(document, url, self.index, self.settings.site_path)
            if problem is not None:
                nth = seen_before(page.links, link)
                written = problem.code in ABOUT_THE_WRITING
                self.report(document, page, link, nth, problem.at, written_only=written)
            if link.fetched and link.tag == "link" and link.attr == "href":
                self._stylesheet(document, url)
        if document.deck is not None:
            return  # a deck's link texts are checked slide by slide (slides.py)
        for link, problem in link_text_problems(page.links, self.settings.rules):
            nth = seen_before(page.links, link)
            empty_alt = problem.code == "missing-alt" and link.text == ""
            if empty_alt and self.locator.writes_empty_alt(document, link, nth, page):
                continue  # `alt=""` written out in raw HTML or a template
            self.report(document, page, link, nth, problem.at, text=True)

    def _external(self, document: Document, page: RenderedPage, link: HtmlLink, url: str) -> None:
        absolute = f"https:{url}" if url.startswith("//") else url
        if link.fetched and is_third_party(url, self.settings.site_host):
            location = self.locator.locate_url(document, link, page)
            origin = ""
            if location is None:
                location, origin = self.unnamed(link)
            self.loads.append(Load(link.url, link.what, document.path, location, origin))
        elif not link.fetched and self.settings.external.enabled:
            found = self.locator.locate(document, link, 0, page)
            location = found[0] if found is not None else Location(document.path, 1)
            self.external.append(ExternalLink(absolute, location))

    def _stylesheet(self, document: Document, url: str) -> None:
        local = resolve(document.output, url.split("#", 1)[0].split("?", 1)[0])
        if local is None:
            return
        for sheet, loaded in self.stylesheets.loads(local):
            source = self.source_of(sheet)
            location, origin = self.locator.config_line("theme"), "the theme or a plugin"
            if source is not None:
                shown = f"{self.settings.docs_dir.relative_to(self.settings.root).as_posix()}"
                location, origin = Location(f"{shown}/{source}", 1), ""
            what = f"stylesheet {sheet}"
            self.loads.append(Load(loaded, what, document.path, location, origin))

    def source_of(self, output: str) -> str | None:
        """The source file MkDocs published as `output` (a stylesheet, say)."""
        if self._sources is None:
            self._sources = {dest: src for src, dest in self.index.sources.items()}
        return self._sources.get(output)

    def report(
        self,
        document: Document,
        page: RenderedPage,
        link: HtmlLink,
        nth: int,
        make: Callable[[Location], Finding],
        text: bool = False,
        written_only: bool = False,
    ) -> None:
        found = self.locator.locate(document, link, nth, page, with_text=text)
        if found is None:
            if written_only:
                return  # made by the build, and made again with what it points to
            where, origin = self.unnamed(link)
            finding = make(where)
            finding.message += f"; no file of the project names it: {origin} adds it"
            self._share(finding, document)
            return
        location, _, written = found
        finding = make(location)
        finding.message = _as_written(finding.message, link.url, written)
        if document.deck is not None or location.path == document.path:
            self.findings.append(finding)
        else:
            self._share(finding, document)

    def unnamed(self, link: HtmlLink) -> tuple[Location, str]:
        """Where to report what no file names: in the page's content a Markdown extension
        made it (mkdocs.yml's `markdown_extensions:`), around it the theme or a plugin."""
        if link.in_content:
            return self.locator.config_line("markdown_extensions"), "a Markdown extension"
        return self.locator.config_line("theme"), "the theme or a plugin"

    def _share(self, finding: Finding, document: Document) -> None:
        key = (finding.location, finding.code)  # one problem, one line
        shared = self.shared.setdefault(key, _Shared(finding))
        if document.path not in shared.pages:
            shared.pages.append(document.path)

    def result(self) -> list[Finding]:
        findings = list(self.findings)
        for shared in self.shared.values():
            finding = shared.finding
            if len(shared.pages) > 1:
                finding.message += f" (on {len(shared.pages)} pages, e.g. {shared.pages[0]})"
            findings.append(finding)
        findings += load_findings(self.loads)
        return findings


def _as_written(message: str, url: str, written: str) -> str:
    """The message with the link's path as the source writes it (`../index.md`), where MkDocs
    rewrote it in the page (`../../`)."""
    rendered, written = url.partition("#")[0], written.partition("#")[0]
    if rendered and written and rendered != written:
        return message.replace(f"'{rendered}", f"'{written}")
    return message


def seen_before(links: Sequence[HtmlLink], link: HtmlLink) -> int:
    """How many links before `link` have its URL (the how-many-th in the sources it is)."""
    count = 0
    for other in links:
        if other is link:
            return count
        count += other.url.strip() == link.url.strip()
    return count


def check_site(
    settings: Settings,
    pages: list[Document],
    decks: Sequence[tuple[Deck, File]],
    index: SiteIndex,
    rendered: Mapping[str, RenderedDeck] | None = None,
) -> Result:
    """All internal checks of a built site; external links are only collected (external.py).
    `rendered`: the decks as this build rendered them, by name (else rendered here)."""
    run = CheckRun(settings, index)
    result = Result(findings=list(settings.findings), pages=len(pages), decks=len(decks))
    documents = [*pages, *(deck_document(deck, file) for deck, file in decks)]
    documents.sort(key=lambda document: document.path)  # the same order in build and CLI
    for document in documents:
        page = index.page(document.output)
        if page is not None:
            run.check(document, page)
    for deck, _ in decks:
        result.findings.extend(deck.findings)
    result.findings = apply_severity(result.findings + run.result(), settings.rules)
    for deck, _ in decks:  # with the deck's own `check:` settings
        result.findings.extend(check_deck(deck, settings.rules, (rendered or {}).get(deck.name)))
    result.findings = sort_findings(result.findings)
    result.external = run.external
    return result


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Sorted by file and line, exact duplicates (a shared include) removed."""
    unique = {str(finding): finding for finding in findings}
    return sorted(unique.values(), key=Finding.sort_key)
