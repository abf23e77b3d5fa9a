"""Index a deck slide by slide, so that search opens the slide that matches.

Material's search would index a deck page as one entry, and a hit would open the first slide.
The decks plugin excludes deck pages from Material's own indexing; the search plugin adds one
entry per slide instead: the slide's title, the text a viewer sees on it (as rendered at build
time, no speaker notes) and a location that opens exactly that slide (`folien/<name>/#/push-pull`).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

from talk_kit.decks.model import Deck
from talk_kit.decks.render import RenderedDeck, RenderedSlide
from talk_kit.decks.routes import route_of

HIDDEN = frozenset({"script", "style", "aside", "template"})


class _TextCollector(HTMLParser):
    """Visible text of rendered HTML: no scripts, styles or speaker notes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(rendered_html: str) -> str:
    """The words a viewer sees, as plain text."""
    collector = _TextCollector()
    collector.feed(rendered_html)
    collector.close()
    return " ".join(" ".join(collector.parts).split())


def slide_entry(page_url: str, rendered: RenderedSlide, deck_title: str) -> dict[str, Any]:
    slide = rendered.slide
    text = visible_text(rendered.html)
    title = slide.title or deck_title
    if text.startswith(title):
        text = text[len(title) :].lstrip()
    if title != deck_title:
        title = f"{title} – {deck_title}"
    return {
        "location": page_url + route_of(slide),
        "title": html.escape(title),
        "text": html.escape(text),
    }


def deck_entry(page_url: str, deck: Deck) -> dict[str, Any]:
    """The page itself: Material lists a page's sections (here: slides) below its entry."""
    meta = deck.meta
    about = (str(meta[key]) for key in ("subtitle", "event", "organizer") if meta.get(key))
    return {
        "location": page_url,
        "title": html.escape(deck.title),
        "text": html.escape(" · ".join(about)),
    }


def deck_entries(page_url: str, rendered: RenderedDeck) -> list[dict[str, Any]]:
    deck = rendered.deck
    search = deck.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return []  # e.g. a copy of a talk for another event: its slides are found once
    entries = [deck_entry(page_url, deck)]
    entries.extend(slide_entry(page_url, slide, deck.title) for slide in rendered.slides)
    return entries
