"""What the decks plugin writes: a deck's generated page, its links, its QR code, the deck list.

Each deck becomes a generated page at `<path>/<name>.md` (template `deck.html`, which fills the
window); mkdocs-revealjs reads its front matter and writes the frame (reveal.js options, theme
stylesheets, start-up script). The slides, rendered at build time, replace the `<textarea>`
the plugin would have parsed in the browser.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from talk_kit.decks.model import Deck, german_date, markdown_text
from talk_kit.decks.qr import WEB_ADDRESS, qr_figure
from talk_kit.decks.render import RenderedDeck
from talk_kit.decks.vendor import REVEAL_BASE
from talk_kit.presenter.exports import EXPORTS
from talk_kit.presenter.jobs import DeckJob
from talk_kit.sitecheck.links import source_uri

log = logging.getLogger("mkdocs.plugins.talk_kit.decks")

DECK_LIST_MARKER = "<!-- deck-list -->"
PLACEHOLDER_SPEAKER = re.compile(r"Name de[rs] Referent", re.IGNORECASE)
SLIDES_MARKER = "MKDOCS_DECK_SLIDES_3f9e1c"
# The plugin's frame around the slides it would parse in the browser; ours replace it.
PLUGIN_SLIDES = re.compile(
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
    # A phone held upright shows the slides too, one at a time (swipe for the next), not
    # reveal.js's scroll view (below 435 px): that lays out every slide and build-up step of
    # the deck at start, and there mkdocs-revealjs's start-up script, which lays the deck out
    # anew on every slide change, and the scroll view, which announces the slide anew on every
    # layout, keep each other busy for as long as the page is open.
    "scrollActivationWidth": None,
}
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/)")


def config_line(config: MkDocsConfig, key: str) -> str:
    """`mkdocs.yml:<line>` of a top-level key (line 1 if it is not written there)."""
    path = Path(config.config_file_path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    number = next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)
    return f"{path.name}:{number}"


def deck_job(deck: Deck, deck_file: File, site_url: str, outputs: dict[str, str]) -> DeckJob:
    return DeckJob(
        name=deck.name,
        title=deck.title,
        source=str(deck.sources[0]),
        page=deck_file.dest_uri,
        page_url=deck_file.url,
        published_url=site_url + deck_file.url,
        outputs=outputs,
    )


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
        "search": {"exclude": True},  # the search plugin adds one entry per slide instead
        "revealjs": reveal,
    }
    # JSON is YAML, and writes the mapping ten times faster than PyYAML's emitter.
    return f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n\n{SLIDES_MARKER}\n"


def resolved_url(target: str, deck_file: File, files: Files) -> str | None:
    """URL for a link target written relative to the deck's source; None to keep it as is.

    The slide converter applies it to every link and image of a rendered slide
    (`slide_links`), so that a slide is written like a guide page.
    """
    if _EXTERNAL.match(target):
        return None
    path, hash_sign, fragment = target.partition("#")
    path = path.split("?", 1)[0]
    # `source_uri` is normalised already: no `PurePath` per link, as `get_file_from_path` makes
    target_file = files.src_uris.get(source_uri(deck_file.src_uri, path))
    if target_file is None:
        return None  # the checker reports it with file and line
    return get_relative_url(target_file.url, deck_file.url) + hash_sign + fragment


def deck_table(page_file: File, shown: list[tuple[Deck, File]], jobs: dict[str, DeckJob]) -> str:
    """One row per deck; every value from front matter is text, never Markdown or HTML."""
    header = ["Vortrag", "Veranstaltung", "Datum", "Dauer", *(["Dateien"] if jobs else [])]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for deck, deck_file in shown:
        meta = deck.meta
        link = posixpath.relpath(deck_file.src_uri, posixpath.dirname(page_file.src_uri))
        event = " – ".join(str(meta[key]) for key in ("event", "organizer") if meta.get(key))
        date = meta.get("date")
        date_text = german_date(date) if hasattr(date, "year") else str(date or "")
        minutes = deck.duration
        duration = f"{minutes:g} Minuten" if minutes is not None else ""
        cells = [markdown_text(text) for text in (deck.title, event, date_text, duration)]
        if deck.name in jobs:
            cells.append(export_links(jobs[deck.name], page_file))
        rows.append(f"| [{cells[0]}]({link}) | {' | '.join(cells[1:])} |")
    return "\n".join(rows)


def export_links(job: DeckJob, page_file: File) -> str:
    """`Folien · Notizen · Handout`, each a link to that export."""
    here = posixpath.dirname(page_file.src_uri)
    return " · ".join(
        f"[{EXPORTS[key].label}]({posixpath.relpath(path, here)})"
        for key, path in job.outputs.items()
    )
