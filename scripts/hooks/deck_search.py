"""Index a deck slide by slide, so that search opens the slide that matches.

mkdocs-revealjs leaves a deck's Markdown in a `<textarea>`; Material's search would index it
as one entry with separators and speaker notes in it, and a hit would open the first slide.
The decks hook excludes deck pages from Material's own indexing; this hook adds one entry per
slide instead: the slide's title, its visible text (no Markdown syntax, no notes) and a
location that opens exactly that slide (`folien/<name>/#/7`).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from sitecheck.deck import Slide, parse_deck

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(slide_markdown: str) -> str:
    """The words a viewer sees on the slide, as plain text."""
    rendered = markdown.markdown(_COMMENT.sub("", slide_markdown), extensions=["tables"])
    collector = _TextCollector()
    collector.feed(rendered)
    return " ".join(" ".join(collector.parts).split())


def slide_entry(page_url: str, slide: Slide, deck_title: str) -> dict[str, Any]:
    if slide.slide_id:
        route = f"#/{slide.slide_id}"  # survives reordering, as reveal.js itself writes it
    else:
        route = f"#/{slide.h}" if slide.v == 0 else f"#/{slide.h}/{slide.v}"
    text = visible_text(slide.body)
    title = slide.title or deck_title
    if text.startswith(title):
        text = text[len(title) :].lstrip()
    if title != deck_title:
        title = f"{title} – {deck_title}"
    return {
        "location": page_url + route,
        "title": html.escape(title),
        "text": html.escape(text),
    }


def search_index(config: MkDocsConfig) -> Any | None:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return getattr(plugin, "search_index", None)


def on_page_context(context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
    """Add the slides of a deck page to Material's search index."""
    source = page.meta.get("deck_source")
    index = search_index(config)
    if not source or index is None:
        return context
    root = Path(config.config_file_path).parent
    deck = parse_deck(root / source, root)
    if (deck.meta.get("search") or {}).get("exclude"):
        return context  # e.g. a copy of a talk for another event: its slides are found once
    deck_title = str(deck.meta.get("title") or deck.name)
    index.entries.append(deck_entry(page.url, deck.meta, deck_title))
    index.entries.extend(slide_entry(page.url, slide, deck_title) for slide in deck.slides)
    return context


def deck_entry(page_url: str, meta: dict[str, Any], deck_title: str) -> dict[str, Any]:
    """The page itself: Material lists a page's sections (here: slides) below its entry."""
    about = (str(meta[key]) for key in ("subtitle", "event", "organizer") if meta.get(key))
    return {
        "location": page_url,
        "title": html.escape(deck_title),
        "text": html.escape(" · ".join(about)),
    }
