"""A deck's PowerPoint presentation from its built page: master, slides, document properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pptx.presentation import Presentation

from talk_kit.cards.theme import ThemeMissing, deck_colours
from talk_kit.decks.model import parse_deck
from talk_kit.decks.pages import PLACEHOLDER_SPEAKER, tab_title
from talk_kit.presenter.exports import pptx_master as master
from talk_kit.presenter.exports.output import ExportFailed
from talk_kit.presenter.exports.pptx_shapes import fill_slide
from talk_kit.presenter.exports.pptx_slides import SlideContent, TextBlock, read_slides
from talk_kit.presenter.exports.pptx_text import Context, Pictures

LAYOUTS = {"title": master.TITLE_SLIDE, "section": master.SECTION, "content": master.CONTENT}


def layout_for(content: SlideContent) -> str:
    """Title and section slides keep their layouts while they hold nothing but text."""
    text_only = all(isinstance(block, TextBlock) for block in content.blocks if not _corner(block))
    return LAYOUTS[content.kind] if text_only else master.CONTENT


def _corner(block: object) -> bool:
    return bool(getattr(block, "corner", False))


def build_presentation(
    page_html: str,
    deck_file: Path,
    pictures: Pictures,
    link: Callable[[str], str],
    page_name: str,
    language: str | None = None,
) -> Presentation:
    from talk_kit.presenter.exports.pptx import language_tag

    slides = read_slides(page_html)
    deck = parse_deck(deck_file, deck_file.parent)
    if deck.slides and len(deck.slides) != len(slides):
        raise ExportFailed(
            f"{page_name}: pptx: the page shows {len(slides)} slides, {deck.path} has "
            f"{len(deck.slides)}; build the site again"
        )
    try:
        colours = deck_colours()
    except ThemeMissing as missing:
        raise ExportFailed(f"{page_name}: pptx: {missing}") from None
    presentation = master.styled_presentation(colours, deck.title)
    context = Context(pictures, link, language or language_tag(page_html))
    for content in slides:
        layout = master.layout_named(presentation, layout_for(content))
        fill_slide(presentation.slides.add_slide(layout), content, context)
    _properties(presentation, deck.meta, deck.title, tab_title(deck, ""), context.language)
    return presentation


def _properties(
    presentation: Presentation, meta: dict, title: str, tab: str, language: str
) -> None:
    properties = presentation.core_properties
    properties.title = tab.removesuffix(" – ") or title
    speaker = str(meta.get("speaker") or "")
    properties.author = "" if PLACEHOLDER_SPEAKER.search(speaker) else speaker
    properties.subject = str(meta.get("subtitle") or "")
    properties.keywords = ", ".join(
        str(meta[key]) for key in ("event", "organizer", "venue") if meta.get(key)
    )
    properties.language = language
    properties.last_modified_by = "talk-kit"
    properties.revision = 1
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = now
    properties.category = "Vortrag"
