"""The talk decks as reveal.js shows them: speaker notes for every content slide.

That nothing leaves the 16:9 frame at any build step, at 1280×720 and 1920×1080, is the
browser check's overflow rule (`deck_steps.js`): `test_browser_check` plants an overflowing
slide, and `test_browser_check_site` runs it over every step of both decks.
"""

from __future__ import annotations

import pytest
from browser_support import DECK, wait_for_deck
from conftest import ROOT

from talk_kit.decks.model import parse_deck

pytestmark = pytest.mark.browser

DECKS = ["neue-medien-neue-chancen", "neue-medien-neue-chancen-ihre-veranstaltung"]


def test_speaker_view_gets_the_notes_of_every_content_slide(served_site: str, tab) -> None:
    """reveal.js must turn `Note:` into speaker notes, or the speaker stands there without."""
    deck = parse_deck(ROOT / "slides" / f"{DECKS[0]}.md", ROOT)
    page = tab.page
    page.goto(f"{served_site}folien/{DECKS[0]}/")
    wait_for_deck(page)
    rendered = dict(
        page.evaluate(
            f"() => {{ const deck = {DECK};"
            " const text = html => { const box = document.createElement('div');"
            " box.innerHTML = html || ''; return box.textContent; };"
            " return deck.getSlides().map(s => [s.id, text(deck.getSlideNotes(s))]); }"
        )
    )
    assert list(rendered) == [slide.slide_id for slide in deck.slides]
    for slide in deck.slides:
        if slide.is_content:
            first_words = " ".join(slide.notes.split()[:6])
            assert first_words in " ".join(rendered[slide.slide_id].split()), slide.slide_id
