"""Turn every `slides/<name>.md` into a full-screen deck page at `folien/<name>/`.

mkdocs-revealjs renders a deck inside a normal page and leaves the slide Markdown to reveal.js
in the browser. Here it still provides the deck page's frame: the reveal.js options, the theme
stylesheets, the start-up script and its `mkdocs-revealjs-ready` event. This hook fills the rest:

- decks come from the project's one `DeckLibrary` (`sitecheck.deck_store`), parsed once per
  change, with includes confined to the content folders and `{{ placeholders }}` filled in as
  text;
- each deck becomes a generated page (virtual source `folien/<name>.md`, template `deck.html`,
  which fills the window); its slides are rendered at build time with the guide's Markdown
  extensions (`sitecheck.deck_html`) and replace the `<textarea>` the plugin would parse in
  the browser, so no slide content can end or change another one;
- links and images in slides are rewritten from source paths (`../recht/impressum.md`,
  `img/x.svg`) to URLs relative to the deck page;
- other files under `slides/` (images) are published under `folien/`;
- `<!-- deck-list -->` in a guide page becomes a table of all decks (with their PDFs when the
  build prints them: `DECK_PDF_JOBS` names the job list for `python -m presenter`);
- the closing slide gets a QR code to the guide (`site_url`, or `qr:` in the front matter);
- `mkdocs serve` reloads when a deck changes.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from presenter.jobs import JOBS_ENV, DeckJob, pdf_paths, write_jobs
from presenter.qr import WEB_ADDRESS, qr_figure
from sitecheck.deck import Deck, german_date, markdown_text
from sitecheck.deck_html import RenderedDeck, SlideConverter, render_deck
from sitecheck.deck_store import DeckLibrary, library_for
from sitecheck.markdown_links import extract_links

log = logging.getLogger("mkdocs.hooks.decks")

DECK_LIST_MARKER = "<!-- deck-list -->"
PDF_LABELS = {"folien": "Folien", "notizen": "Notizen", "handout": "Handout"}
# Set by the publishing workflow (see operator_details.py): then a placeholder speaker is named.
PUBLISHING_ENV = "REQUIRE_OPERATOR_DETAILS"
PLACEHOLDER_SPEAKER = re.compile(r"Name de[rs] Referent", re.IGNORECASE)
REVEAL_BASE = "assets/vendor/reveal.js"
SLIDES_MARKER = "MKDOCS_DECK_SLIDES_3f9e1c"
# The plugin's frame around the slides it would parse in the browser; ours replace it.
_PLUGIN_SLIDES = re.compile(
    r"<section\s+data-markdown[^>]*>\s*<textarea data-template>\s*"
    + SLIDES_MARKER
    + r"\s*</textarea>\s*</section>"
)
# Presentation defaults: a 16:9 canvas scaled to the window, keys work without a click,
# one URL per slide (`#/3`), slide numbers. A deck's `revealjs:` front matter overrides them.
REVEAL_OPTIONS: dict[str, Any] = {
    "mode": "diapo",
    "embedded": False,
    "keyboardCondition": None,
    "width": 1280,
    "height": 720,
    "margin": 0.04,
    "hash": True,
    "slideNumber": "c/t",
    "controls": True,
    "progress": True,
    "center": True,
    "transition": "slide",
    "pdfSeparateFragments": False,  # a handout shows each slide once, fully built up
}
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/)")


class DeckPages:
    """The deck pages of one build: which generated page shows which deck."""

    def __init__(self) -> None:
        self.library: DeckLibrary | None = None
        self.pages: dict[str, tuple[Deck, File]] = {}  # src_uri -> deck shown there
        self.files: Files | None = None
        self.converter: SlideConverter | None = None
        self.site_url = ""
        self.jobs: list[DeckJob] = []

    def add_decks(self, files: Files, config: MkDocsConfig) -> Files:
        self.library = deck_library(config)
        self.library.rendered.clear()
        self.pages.clear()
        self.jobs = []
        self.files = files
        self.site_url = config.site_url or ""
        printing = bool(os.environ.get(JOBS_ENV))
        self.converter = SlideConverter(config.markdown_extensions, config.mdx_configs)
        source = self.library.source
        if source is None or not source.is_dir():
            return files
        url_dir = self.library.decks_path
        for path in sorted(source.rglob("*")):
            if path.suffix != ".md" and path.is_file():  # symlinks: the checks hook confines
                uri = f"{url_dir}/{path.relative_to(source).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        for deck in self.library.decks():
            deck_file = File.generated(config, self.library.page_uri(deck), content="")
            deck_file.content_string = deck_page(deck, deck_file, config.site_name)
            files.append(deck_file)
            self.pages[deck_file.src_uri] = (deck, deck_file)
            if printing:
                self.jobs.append(self._reserve_pdfs(deck, deck_file, files, config))
            if os.environ.get(PUBLISHING_ENV) == "1":
                warn_placeholder_speaker(deck)
        return files

    def _reserve_pdfs(
        self, deck: Deck, deck_file: File, files: Files, config: MkDocsConfig
    ) -> DeckJob:
        """Empty files where the printer puts the PDFs, so links to them check as found."""
        assert self.library is not None
        if not self.site_url:
            raise PluginError(
                f"{config_line(config, 'site_url')}: error: deck-pdf: the deck PDFs link to the "
                "published site, so site_url must be set (or build with --no-pdf)"
            )
        paths = pdf_paths(self.library.decks_path, deck.name)
        for path in paths.values():
            files.append(File.generated(config, path, content=b""))
        return DeckJob(
            name=deck.name,
            title=deck.title,
            page=deck_file.dest_uri,
            page_url=deck_file.url,
            published_url=self.site_url + deck_file.url,
            pdfs=paths,
        )

    def render(self, html: str, page: Page) -> str:
        """Put the deck's slides, rendered here, where the plugin left its textarea."""
        shown = self.pages.get(page.file.src_uri)
        if shown is None or self.library is None or self.converter is None:
            return html
        deck, deck_file = shown
        files = self.files

        def rewrite(text: str) -> str:
            return rewrite_links(text, deck_file, files) if files is not None else text

        rendered = render_deck(deck, self.converter, rewrite)
        self.library.rendered[deck.name] = rendered  # search and checks: the slides as written
        shown = with_closing_qr(rendered, qr_address(deck, self.site_url))
        frame, count = _PLUGIN_SLIDES.subn(lambda _: shown.html(), html, count=1)
        if count != 1:
            raise PluginError(
                f"{deck.path}:1: error: deck-render: mkdocs-revealjs produced an unexpected "
                "page; check that its version matches requirements.txt"
            )
        return frame


_deck_pages = DeckPages()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add deck pages and the files beside them (images) to the build."""
    return _deck_pages.add_decks(files, config)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _deck_pages.render(html, page)


def on_post_build(config: MkDocsConfig) -> None:
    """Leave the PDF job list where the build asked for it (outside the site)."""
    jobs_file = os.environ.get(JOBS_ENV)
    if jobs_file:
        write_jobs(Path(jobs_file), _deck_pages.jobs)


def config_line(config: MkDocsConfig, key: str) -> str:
    """`mkdocs.yml:<line>` of a top-level key (line 1 if it is not written there)."""
    path = Path(config.config_file_path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    number = next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)
    return f"{path.name}:{number}"


def qr_address(deck: Deck, site_url: str) -> str | None:
    """Where the closing slide's QR code leads: `qr:` from the front matter, else the guide."""
    chosen = deck.meta.get("qr", site_url)
    if chosen is True:
        chosen = site_url
    if chosen is False or not chosen:
        return None
    if not isinstance(chosen, str) or not WEB_ADDRESS.match(chosen):
        line = deck.meta_lines.get("qr", 1)
        raise PluginError(
            f"{deck.path}:{line}: error: deck-qr: qr must be a web address "
            f"(https://…) or false, not {chosen!r}"
        )
    return chosen


def with_closing_qr(rendered: RenderedDeck, address: str | None) -> RenderedDeck:
    """The deck with a QR code of `address` on its last slide (unchanged without one)."""
    if address is None or not rendered.slides:
        return rendered
    last = rendered.slides[-1]
    closing = replace(last, html=f"{last.html}\n{qr_figure(address)}")
    return replace(rendered, slides=[*rendered.slides[:-1], closing])


def warn_placeholder_speaker(deck: Deck) -> None:
    """Name a deck that still shows the example speaker; publishing it is the editor's call."""
    speaker = deck.meta.get("speaker")
    if isinstance(speaker, str) and PLACEHOLDER_SPEAKER.search(speaker):
        line = deck.meta_lines.get("speaker", 1)
        # INFO, like the operator notice: a strict build stops on warnings, and the example
        # deck for other events keeps its placeholder on purpose.
        log.info(
            f"{deck.path}:{line}: warning: placeholder-speaker: the deck shows "
            f"'{speaker}' as its speaker; put the real name in its front matter"
        )


def tab_title(deck: Deck, site_name: str) -> str:
    """The browser tab: the talk and its event (with the year), else the talk and the site."""
    event = str(deck.meta.get("event") or "").strip()
    if not event:
        return f"{deck.title} – {site_name}"
    year = getattr(deck.meta.get("date"), "year", None)
    if year is not None and str(year) not in event:
        event = f"{event} {year}"
    return f"{deck.title} · {event}"


def deck_page(deck: Deck, deck_file: File, site_name: str) -> str:
    """The generated page: front matter for mkdocs-revealjs and the template, no slides yet."""
    reveal = dict(REVEAL_OPTIONS)
    reveal["cdn"] = get_relative_url(REVEAL_BASE, deck_file.url)
    if deck.duration is not None:
        reveal["totalTime"] = round(deck.duration * 60)  # the speaker view paces against it
    reveal.update(deck.reveal_options())
    meta = {
        "title": deck.title,
        "tab_title": tab_title(deck, site_name),
        "template": "deck.html",
        "search": {"exclude": True},  # deck_search.py adds one entry per slide instead
        "revealjs": reveal,
    }
    return (
        f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{SLIDES_MARKER}\n"
    )


def deck_library(config: MkDocsConfig) -> DeckLibrary:
    return library_for(dict(config.extra), Path(config.config_file_path), Path(config.docs_dir))


def rewrite_links(markdown_text_: str, deck_file: File, files: Files) -> str:
    """Replace source paths in links and images by URLs relative to the deck page."""
    parts: list[str] = []
    position = 0
    for link in sorted(extract_links(markdown_text_), key=lambda link: link.start):
        url = resolved_url(link.target, deck_file, files)
        if url is not None:
            parts += [markdown_text_[position : link.start], url]
            position = link.end
    parts.append(markdown_text_[position:])
    return "".join(parts)


def resolved_url(target: str, deck_file: File, files: Files) -> str | None:
    """URL for a link target written relative to the deck's source; None to keep it as is."""
    if _EXTERNAL.match(target):
        return None
    path, hash_sign, fragment = target.partition("#")
    path = path.split("?", 1)[0]
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(deck_file.src_uri), unquote(path)))
    target_file = files.get_file_from_path(uri.rstrip("/"))
    if target_file is None:
        return None  # the checker reports it with file and line
    return get_relative_url(target_file.url, deck_file.url) + hash_sign + fragment


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill `<!-- deck-list -->` with a table of the decks and their front matter."""
    if DECK_LIST_MARKER not in markdown:
        return markdown
    return markdown.replace(DECK_LIST_MARKER, deck_table(page.file))


def deck_table(page_file: File) -> str:
    """One row per deck; every value from front matter is text, never Markdown or HTML."""
    jobs = {job.name: job for job in _deck_pages.jobs}
    header = ["Vortrag", "Veranstaltung", "Datum", "Dauer", *(["PDF"] if jobs else [])]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for deck, deck_file in _deck_pages.pages.values():
        meta = deck.meta
        link = posixpath.relpath(deck_file.src_uri, posixpath.dirname(page_file.src_uri))
        event = " – ".join(str(meta[key]) for key in ("event", "organizer") if meta.get(key))
        date = meta.get("date")
        date_text = german_date(date) if hasattr(date, "year") else str(date or "")
        minutes = deck.duration
        duration = f"{minutes:g} Minuten" if minutes is not None else ""
        cells = [markdown_text(text) for text in (deck.title, event, date_text, duration)]
        if deck.name in jobs:
            cells.append(pdf_links(jobs[deck.name], page_file))
        rows.append(f"| [{cells[0]}]({link}) | {' | '.join(cells[1:])} |")
    return "\n".join(rows)


def pdf_links(job: DeckJob, page_file: File) -> str:
    """`Folien · Notizen · Handout`, each a link to that PDF."""
    here = posixpath.dirname(page_file.src_uri)
    return " · ".join(
        f"[{PDF_LABELS[kind]}]({posixpath.relpath(path, here)})" for kind, path in job.pdfs.items()
    )


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Rebuild when a deck or a deck image changes: slides/ lies outside docs_dir."""
    source = deck_library(config).source
    if source is not None and source.is_dir():
        server.watch(str(source))
    return server
