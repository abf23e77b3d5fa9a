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


# Counts slide changes from the moment the deck is ready.
COUNT_CHANGES = """document.addEventListener('mkdocs-revealjs-ready', event => {
  window.__slideChanges = 0;
  event.detail.deck.on('slidechanged', () => { window.__slideChanges += 1; });
});"""
# The slides reveal.js lays out (the others are `display: none`).
SHOWN_SLIDES = (
    "() => [...document.querySelectorAll('.reveal .slides section')]"
    ".filter(slide => getComputedStyle(slide).display !== 'none').length"
)
# A swipe from right to left across the deck, as a finger does it.
SWIPE_LEFT = """() => {
  const target = document.querySelector('.reveal');
  const send = (type, x) => target.dispatchEvent(new PointerEvent(type, {
    bubbles: true, cancelable: true, pointerId: 1, pointerType: 'touch', isPrimary: true,
    clientX: x, clientY: 300 }));
  send('pointerdown', 320);
  send('pointermove', 200);
  send('pointermove', 60);
  send('pointerup', 60);
}"""


def test_on_a_phone_the_deck_shows_one_slide_and_swipes_to_the_next(
    served_site: str, phone: Page
) -> None:
    phone.goto(deck_url(served_site))
    wait_for_deck(phone)
    assert deck_call(phone, "isScrollView()") is False
    box = phone.evaluate(f"() => {DECK}.getCurrentSlide().getBoundingClientRect().toJSON()")
    assert box["left"] >= 0 and box["right"] <= PHONE["viewport"]["width"]
    phone.evaluate(SWIPE_LEFT)
    phone.wait_for_function(f"() => {DECK}.getIndices().h === 1")


def test_on_a_phone_an_idle_deck_lays_out_only_the_slides_beside_the_current_one(
    served_site: str, phone: Page
) -> None:
    """Not every slide and step at start, and no work while nobody touches the deck."""
    phone.add_init_script(COUNT_CHANGES)
    phone.goto(deck_url(served_site))
    wait_for_deck(phone)
    phone.wait_for_timeout(1500)
    assert phone.evaluate("() => window.__slideChanges") == 0
    assert phone.evaluate(SHOWN_SLIDES) <= 3 < len(TALK.slides)


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
