"""A guide link in a slide, written as a source path, works when clicked in the browser."""

from __future__ import annotations

import posixpath

import pytest
from browser_support import deck_call, wait_for_deck
from conftest import ROOT, address
from mkdocs.config import load_config

from talk_kit.decks.model import Deck, Slide, parse_deck
from talk_kit.decks.render import RenderedDeck, SlideConverter, render_deck
from talk_kit.sitecheck.content import is_followed
from talk_kit.sitecheck.slides import written_links

pytestmark = pytest.mark.browser

DECK = parse_deck(ROOT / "slides" / "neue-medien-neue-chancen.md", ROOT)


def rendered_deck(deck: Deck) -> RenderedDeck:
    """The slides as the build renders them, links as written in the source."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return render_deck(deck, SlideConverter(config.markdown_extensions, config.mdx_configs), None)


def guide_link_with_anchor(deck: Deck) -> tuple[Slide, str, str, str]:
    """(slide, link as written, its text, docs path) of the first slide link to a guide
    heading, read from the rendered slides."""
    for shown in rendered_deck(deck).slides:
        for link in filter(is_followed, written_links(shown)):
            path, _, fragment = link.url.partition("#")
            if path.endswith(".md") and fragment and not fragment.startswith("/"):
                docs_path = posixpath.normpath(posixpath.join("folien", path))
                if (ROOT / "docs" / docs_path).is_file():
                    return shown.slide, link.url, link.text or "", docs_path
    raise AssertionError("no slide links to a heading of a guide page")


def test_slide_link_to_guide_heading_lands_there(any_served_site: str, tab) -> None:
    slide, target, text, docs_path = guide_link_with_anchor(DECK)
    fragment = target.partition("#")[2]
    tab.page.goto(f"{any_served_site}folien/{DECK.name}/#/{slide.h}/{slide.v}")
    wait_for_deck(tab.page)
    deck_call(tab.page, f"slide({slide.h}, {slide.v}, 1000)")  # show every build-up step
    link = tab.page.locator(".reveal .slides section.present a", has_text=text)
    with tab.page.expect_navigation():  # until the guide page's load event
        link.first.click()
    assert tab.page.url == f"{any_served_site}{address(docs_path)}#{fragment}"
    heading = tab.page.locator(f"[id='{fragment}']")
    assert heading.count() == 1
    assert heading.is_visible()
    assert tab.errors == []
