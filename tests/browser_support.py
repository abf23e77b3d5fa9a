"""Helpers for browser tests that look at a reveal.js deck."""

from __future__ import annotations

from playwright.sync_api import Page

DECK = "document.querySelector('.reveal')._mkdocsRevealDeck"


def wait_for_deck(page: Page) -> None:
    """Wait until reveal.js has initialised the deck on `page`."""
    page.wait_for_function(
        "() => { const root = document.querySelector('.reveal');"
        " return Boolean(root && root._mkdocsRevealDeck && root._mkdocsRevealDeck.isReady()); }",
        timeout=15_000,
    )




def deck_call(page: Page, expression: str) -> object:
    """Evaluate `expression` on the deck object (e.g. `getTotalSlides()`)."""
    return page.evaluate(f"() => {DECK}.{expression}")
