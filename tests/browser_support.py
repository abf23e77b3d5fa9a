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


def search(page: Page, base: str, query: str) -> list[str]:
    """Type `query` into the guide's search box; return the result pages' URLs, best first.

    Material's search worker may still be loading its index when the first keys arrive and
    then ignores them, so typing is repeated until the result list reacts.
    """
    page.goto(base, wait_until="networkidle")
    box = page.locator("input[data-md-component=search-query]")
    meta = page.locator(".md-search-result__meta")
    for _ in range(40):
        box.fill("")
        box.press_sequentially(query)
        page.wait_for_timeout(250)
        if meta.inner_text().strip() and "eingeben" not in meta.inner_text():
            break
    return page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a",
        "links => links.map(link => link.href)",
    )
