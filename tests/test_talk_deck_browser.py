"""The talk decks on a 1280×720 screen: nothing leaves the 16:9 frame, at any build step.

The test steps through the deck the way a speaker does (`next()`: every fragment, then the
next slide) and, at every step, measures every visible element and every line of text on the
current slide against the slide canvas. Transitions are switched off so that the measurement
sees where things end up, not where an animation happens to be.
"""

from __future__ import annotations

import pytest
from browser_support import DECK, wait_for_deck
from conftest import ROOT

from talk_kit.decks.model import parse_deck

pytestmark = pytest.mark.browser

DECKS = ["neue-medien-neue-chancen", "neue-medien-neue-chancen-ihre-veranstaltung"]
TOLERANCE = 1  # px, for subpixel rounding of the scaled canvas

# Returns the boxes (elements and lines of text) of the current slide that stick out of the
# slide's frame: the 1280×720 canvas (`.slides`, scaled to the window). The section itself
# is no frame: with `center: true` it is only as tall as its content, and glyphs of a first
# heading legitimately reach a few pixels above its line box.
OUTSIDE_JS = """
(tolerance) => {
  const deck = DECK_EXPRESSION;
  const slide = deck.getCurrentSlide();
  const frame = deck.getSlidesElement().getBoundingClientRect();
  const boxes = [];
  const visible = (el) => {
    for (let node = el; node && node !== slide.parentElement; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') {
        return false;
      }
    }
    return true;
  };
  for (const el of slide.querySelectorAll('*')) {
    if (!visible(el)) continue;
    for (const r of el.getClientRects()) {
      if (r.width > 0 && r.height > 0) boxes.push([el.tagName.toLowerCase(), r]);
    }
  }
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.textContent.trim() || !visible(text.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(text);
    for (const r of range.getClientRects()) {
      if (r.width > 0) boxes.push(['"' + text.textContent.trim().slice(0, 40) + '"', r]);
    }
  }
  const inside = (r, b) => r.left >= b.left - tolerance && r.right <= b.right + tolerance
    && r.top >= b.top - tolerance && r.bottom <= b.bottom + tolerance;
  return boxes
    .filter(([, r]) => !inside(r, frame))
    .map(([what, r]) => `${what} at ${Math.round(r.left)},${Math.round(r.top)} `
      + `${Math.round(r.width)}×${Math.round(r.height)}`);
}
""".replace("DECK_EXPRESSION", DECK)

# The current slide as it will stay: laid out (which starts loading the fonts its text uses),
# those fonts loaded and its images decoded. Measuring earlier would measure a fallback font
# or an empty image box, and the result would depend on how fast the machine is.
SETTLE_JS = """
async () => {
  const slide = DECK_EXPRESSION.getCurrentSlide();
  slide.getBoundingClientRect();
  await document.fonts.ready;
  await Promise.all([...slide.querySelectorAll('img')].map(img => img.decode().catch(() => null)));
}
""".replace("DECK_EXPRESSION", DECK)

STATE_JS = """
() => {
  const deck = DECK_EXPRESSION;
  const i = deck.getIndices();
  return {h: i.h, v: i.v || 0, f: i.f === undefined ? -1 : i.f,
          id: deck.getCurrentSlide().id,
          done: deck.isLastSlide() && !deck.availableFragments().next};
}
""".replace("DECK_EXPRESSION", DECK)


@pytest.mark.parametrize("name", DECKS)
def test_no_element_leaves_the_slide_at_any_step(served_site: str, tab, name: str) -> None:
    page = tab.page
    assert page.viewport_size == {"width": 1280, "height": 720}
    page.goto(f"{served_site}folien/{name}/")
    wait_for_deck(page)
    page.evaluate(
        f"() => {{ const deck = {DECK}; deck.configure({{transition: 'none',"
        " backgroundTransition: 'none'}); deck.slide(0, 0, -1); }"
    )
    total = page.evaluate(f"() => {DECK}.getTotalSlides()")
    fragments = page.evaluate(
        f"() => new Set([...{DECK}.getSlidesElement().querySelectorAll('.fragment')]"
        ".map(f => f.closest('section').id + '/' + f.dataset.fragmentIndex)).size"
    )
    problems: list[str] = []
    seen: list[tuple[int, int, int]] = []
    while True:
        page.evaluate(SETTLE_JS)
        state = page.evaluate(STATE_JS)
        seen.append((state["h"], state["v"], state["f"]))
        for box in page.evaluate(OUTSIDE_JS, TOLERANCE):
            problems.append(f"#/{state['id']} (step {len(seen)}, fragment {state['f']}): {box}")
        if state["done"] or len(seen) > total + fragments + 1:
            break
        page.evaluate(f"() => {DECK}.next()")
    assert problems == []
    assert len({(h, v) for h, v, _ in seen}) == total
    assert len(seen) == total + fragments  # every slide once, plus one step per fragment
    assert tab.errors == []


def test_measurement_sees_an_overflowing_element(served_site: str, tab) -> None:
    """The check above is only worth something if it can see an element out of the frame."""
    page = tab.page
    page.goto(f"{served_site}folien/{DECKS[0]}/")
    wait_for_deck(page)
    page.evaluate(SETTLE_JS)
    assert page.evaluate(OUTSIDE_JS, TOLERANCE) == []
    page.evaluate(
        f"() => {{ const wide = document.createElement('div');"
        " wide.style.cssText = 'width: 1400px; height: 10px';"
        f" {DECK}.getCurrentSlide().appendChild(wide); }}"
    )
    outside = page.evaluate(OUTSIDE_JS, TOLERANCE)
    assert len(outside) == 1 and outside[0].startswith("div at ")


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
