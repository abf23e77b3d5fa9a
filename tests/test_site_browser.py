"""What a visitor and a speaker see in Chromium, at a host's root and below a project prefix."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import deck_call, open_speaker_view, wait_for_deck
from conftest import ROOT
from playwright.sync_api import Page

from talk_kit.decks.model import Deck, parse_deck

pytestmark = pytest.mark.browser

DECK_ROOT = "document.querySelector('.reveal')._mkdocsRevealDeck"
DECK_H = f"{DECK_ROOT}.getIndices().h"
DECKS = [parse_deck(path, ROOT) for path in sorted((ROOT / "slides").glob("*.md"))]


def deck_id(deck: Deck) -> str:
    return deck.name


def sitemap_paths(site: Path) -> list[str]:
    """Site-relative paths of every page in the sitemap (its URLs carry the build's site_url)."""
    locations = (
        ET.parse(site / "sitemap.xml")
        .getroot()
        .iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    )
    return [urlsplit(loc.text or "").path.removeprefix("/") for loc in locations]


# The text Material's search shows while its worker loads the index and the language files.
SEARCH_INITIALIZING_RE = re.compile(r'class="md-search-result__meta">\s*([^<]*?)\s*<')
SEARCH_READY_JS = """(initializing) => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta !== null && meta.textContent.trim() !== initializing;
}"""


def wait_until_ready(page: Page, html: str, search: bool = True) -> str:
    """Wait for the last thing the page loads on its own, not for a quiet network; say which.

    A deck page is done when reveal.js is ready; a guide page with `search` when the search,
    opened as a reader opens it (the index is fetched only then), says it is ready: by then
    its worker has fetched the index and the language files (the last requests a guide page
    makes). The load event (`goto`'s default) covers the rest, and a guide page whose search
    stays closed.
    """
    if 'class="reveal' in html:
        wait_for_deck(page)
        return "deck"
    initializing = SEARCH_INITIALIZING_RE.search(html)
    if initializing is None or not search:
        return "load"
    page.focus("input[data-md-component=search-query]")
    page.wait_for_function(SEARCH_READY_JS, arg=initializing.group(1), timeout=15_000)
    return "search"


def built_page(site: Path, path: str) -> str:
    file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    return file.read_text(encoding="utf-8")


def test_sitemap_lists_guide_and_decks(built_site: Path) -> None:
    paths = sitemap_paths(built_site)
    assert "" in paths
    assert len(paths) >= 10
    for deck in DECKS:
        assert f"folien/{deck.name}/" in paths


def test_each_folder_depth_and_every_deck_load_without_foreign_requests_or_errors(
    served_site: str, built_site: Path, tab
) -> None:
    """At a host's root: the first guide page of each folder depth, with its search opened,
    and every deck. A page reaches its assets, search worker, index and language files
    through its relative base (`../../`), which is the same on every page of one depth.

    Below the project prefix, as published, the browser check visits every page
    (`test_browser_check_site`), and a failed or foreign request or a console error there is
    a finding. The prefix is the stricter place: a relative URL that climbs one folder too
    far still lands on the site at a host's root, but not below the prefix."""
    decks = [f"folien/{deck.name}/" for deck in DECKS]
    first_of_depth: dict[int, str] = {}
    for path in sitemap_paths(built_site):
        if path not in decks:
            first_of_depth.setdefault(path.count("/"), path)
    pages = sorted(first_of_depth.values(), key=lambda path: path.count("/"))
    assert len(pages) >= 3  # the start page, a section, a page in a section
    waited = {}
    for path in [*pages, *decks]:
        url = served_site + path
        response = tab.page.goto(url)
        assert response is not None and response.status == 200, url
        waited[path] = wait_until_ready(tab.page, built_page(built_site, path), search=True)
    assert waited == {**dict.fromkeys(pages, "search"), **dict.fromkeys(decks, "deck")}
    assert tab.foreign_requests(served_site) == []
    assert tab.errors == []


def test_404_page_keeps_its_styling(any_served_site: str, built_site: Path, tab) -> None:
    failed: list[str] = []
    tab.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = tab.page.goto(any_served_site + "gibt-es-nicht/")
    assert response is not None and response.status == 404
    wait_until_ready(tab.page, built_page(built_site, "404.html"))  # its search works too
    assert failed == [any_served_site + "gibt-es-nicht/"]
    header_height = tab.page.evaluate(
        "() => document.querySelector('.md-header').getBoundingClientRect().height"
    )
    assert header_height > 0
    primary = tab.page.evaluate(
        "() => getComputedStyle(document.querySelector('.md-header')).backgroundColor"
    )
    assert primary not in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_deck_fills_window_and_has_every_slide(any_served_site: str, tab, deck: Deck) -> None:
    tab.page.goto(f"{any_served_site}folien/{deck.name}/")
    wait_for_deck(tab.page)
    assert deck_call(tab.page, "getTotalSlides()") == len(deck.slides)
    box = tab.page.evaluate(
        "() => { const r = document.querySelector('.reveal').getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height]; }"
    )
    assert box == [0, 0, 1280, 720]
    assert tab.page.locator(".md-header, .md-sidebar, .md-footer").count() == 0
    assert tab.page.locator(".reveal .slide-number").is_visible()


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_arrow_key_advances_without_a_click(served_site: str, tab, deck: Deck) -> None:
    """At the root only: keys do not depend on the URL path; that the deck loads below the
    prefix, `test_deck_fills_window_and_has_every_slide` and the browser check show."""
    tab.page.goto(f"{served_site}folien/{deck.name}/")
    wait_for_deck(tab.page)
    fragments = tab.page.locator(".reveal .slides > section.present .fragment").count()
    for _ in range(fragments + 1):
        tab.page.keyboard.press("ArrowRight")
    tab.page.wait_for_function(f"() => {DECK_H} === 1")
    second = next(slide for slide in deck.slides if slide.h == 1 and slide.v == 0)
    route = f"#/{second.slide_id or 1}"  # reveal.js names a slide with an id by its id
    tab.page.wait_for_function(
        "(route) => location.hash === route || location.hash.startsWith(route + '/')", arg=route
    )


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_hash_opens_the_given_slide(any_served_site: str, tab, deck: Deck) -> None:
    third = next(slide for slide in deck.slides if slide.h == 2 and slide.v == 0)
    tab.page.goto(f"{any_served_site}folien/{deck.name}/#/2")
    wait_for_deck(tab.page)
    assert deck_call(tab.page, "getIndices().h") == 2
    heading = tab.page.locator(".reveal .slides section.present :is(h1, h2, h3)").first
    assert heading.inner_text().strip().lower() == (third.title or "").strip().lower()


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_speaker_view_shows_notes_and_timer(served_site: str, tab, deck: Deck) -> None:
    """At the root only: below the prefix the browser check opens every deck's speaker view
    (its script runs, its styles apply, both slide frames get ready)."""
    slide = next(slide for slide in deck.slides if slide.notes.strip() and slide.v == 0)
    tab.page.goto(f"{served_site}folien/{deck.name}/#/{slide.h}")
    wait_for_deck(tab.page)
    speaker = open_speaker_view(tab.page)
    first_words = " ".join(slide.notes.split()[:4])
    notes = speaker.locator(".speaker-controls-notes .value")
    notes.wait_for()
    speaker.wait_for_function(
        "(words) => document.querySelector('.speaker-controls-notes .value')"
        ".innerText.replace(/\\s+/g, ' ').includes(words)",
        arg=first_words,
    )
    assert speaker.locator(".speaker-controls-time .clock-value").is_visible()
    assert speaker.locator(".speaker-controls-time .timer").is_visible()
    speaker.wait_for_function(
        "() => /:[0-5][0-9]/.test(document.querySelector('.speaker-controls-time .seconds-value')"
        ".textContent)"
    )
    if deck.meta.get("duration"):  # pacing against the slot from the front matter
        assert speaker.locator(".speaker-controls-time .pacing").is_visible()
    assert tab.foreign_requests(served_site) == []


def test_deck_list_links_to_every_deck(any_served_site: str, tab) -> None:
    tab.page.goto(any_served_site + "folien/")
    rows = tab.page.eval_on_selector_all(
        "article table tr:has(a)",
        "rows => rows.map(row => [row.querySelector('a').href, row.innerText])",
    )
    listed = dict(rows)
    for deck in DECKS:
        row = listed[urljoin(any_served_site, f"folien/{deck.name}/")]
        assert str(deck.meta["title"]) in row
        assert str(deck.meta.get("event", "")) in row
        assert f"{deck.meta['duration']} Minuten" in row


@pytest.mark.parametrize("deck", DECKS[:1], ids=deck_id)
def test_overview_and_full_screen_keys(served_site: str, tab, deck: Deck) -> None:
    tab.page.goto(f"{served_site}folien/{deck.name}/")
    wait_for_deck(tab.page)
    tab.page.keyboard.press("o")
    tab.page.wait_for_function(f"() => {DECK_ROOT}.isOverview()")
    tab.page.keyboard.press("Escape")
    tab.page.wait_for_function(f"() => !{DECK_ROOT}.isOverview()")
    tab.page.keyboard.press("f")
    tab.page.wait_for_function("() => document.fullscreenElement !== null")
