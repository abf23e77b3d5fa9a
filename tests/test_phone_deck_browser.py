"""The deck on a phone, and what it leaves out of its first load (issue 20).

Speed is measured by `scripts/bench --phone`, never here: these tests check that what the
faster start leaves out still works when it is wanted.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import DECK, deck_call, open_speaker_view, wait_for_deck
from conftest import ROOT
from playwright.sync_api import Browser, Page

from talk_kit.decks.model import parse_deck

pytestmark = pytest.mark.browser

TALK = parse_deck(ROOT / "slides" / "neue-medien-neue-chancen.md", ROOT)
NOTES_JS = "/plugin/notes/notes.js"
# A phone held upright, as Lighthouse's mobile audit sees it.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def deck_url(base: str) -> str:
    return f"{base}folien/{TALK.name}/"


def notes_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if url.endswith(NOTES_JS)]


def test_on_a_phone_the_deck_is_a_page_to_scroll_through(served_site: str, phone: Page) -> None:
    phone.goto(deck_url(served_site))
    wait_for_deck(phone)
    assert deck_call(phone, "isScrollView()") is True
    height = phone.evaluate("() => document.body.scrollHeight / document.body.clientHeight")
    assert height > 5  # the slides one below the other, not one slide in a fixed frame
    phone.evaluate("() => document.body.scrollTo(0, document.body.scrollHeight / 2)")
    phone.wait_for_function(f"() => {DECK}.getIndices().h > 2")
    shown = phone.evaluate(f"() => {DECK}.getCurrentSlide().getBoundingClientRect().height")
    assert shown > 0


def test_on_a_phone_every_slide_can_be_scrolled_to_and_shows(served_site: str, phone: Page) -> None:
    """The slides far from the screen are not rendered at first; scrolled to, each is."""
    phone.goto(deck_url(served_site))
    wait_for_deck(phone)
    last = len(TALK.slides) - 1
    phone.evaluate("() => document.body.scrollTo(0, document.body.scrollHeight)")
    phone.wait_for_function(f"() => {DECK}.getIndices().h === {last}")
    # Skipped (not rendered) content has no text; the slide on the screen must have its own.
    phone.wait_for_function(
        f"() => {{ const slide = {DECK}.getCurrentSlide(), box = slide.getBoundingClientRect();"
        " return box.height > 0 && box.bottom > 0 && box.top < innerHeight"
        " && slide.innerText.trim().length > 0; }"
    )


def test_the_speaker_view_code_loads_when_the_presenter_wants_it(served_site: str, tab) -> None:
    tab.page.goto(deck_url(served_site))
    wait_for_deck(tab.page)
    tab.page.wait_for_load_state("networkidle")
    assert notes_requests(tab.requests) == []  # not part of the first load
    speaker = open_speaker_view(tab.page)
    first_words = " ".join(TALK.slides[0].notes.split()[:3])
    speaker.locator(".speaker-controls-notes .value", has_text=first_words).wait_for()
    assert len(notes_requests(tab.requests)) == 1
    assert tab.errors == []


def test_the_speaker_view_follows_the_deck_after_the_deck_is_reloaded(
    served_site: str, tab
) -> None:
    """The open speaker view calls the reloaded deck, which loads its notes code again."""
    tab.page.goto(deck_url(served_site))
    wait_for_deck(tab.page)
    speaker = open_speaker_view(tab.page)
    notes = speaker.locator(".speaker-controls-notes .value")
    notes.filter(has_text=" ".join(TALK.slides[0].notes.split()[:3])).wait_for()
    tab.page.reload()
    wait_for_deck(tab.page)
    second = next(slide for slide in TALK.slides[1:] if slide.notes.strip())
    tab.page.evaluate(f"() => {DECK}.slide({TALK.slides.index(second)})")
    notes.filter(has_text=" ".join(second.notes.split()[:3])).wait_for(timeout=10_000)
    assert len(notes_requests(tab.requests)) == 2  # once per load of the deck
    assert tab.errors == []


def test_the_help_overlay_still_lists_the_speaker_view_key(served_site: str, tab) -> None:
    tab.page.goto(deck_url(served_site))
    wait_for_deck(tab.page)
    deck_call(tab.page, "toggleHelp(true)")
    help_text = tab.page.locator(".r-overlay-help")
    help_text.wait_for()
    row = help_text.locator("tr", has_text="Speaker notes view")
    assert row.locator("td").all_inner_texts() == ["S", "Speaker notes view"]
