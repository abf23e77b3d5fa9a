"""German search in the browser: guide pages by query, and single slides of a deck."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser_support import deck_call, search, wait_for_deck
from conftest import ROOT
from sitecheck.deck import parse_deck
from sitecheck.site_index import page_url

pytestmark = pytest.mark.browser

DECK = parse_deck(ROOT / "slides" / "neue-medien-neue-chancen.md", ROOT)
QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))


def site_path(url: str, base: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(base).path)


def test_enough_queries_with_inflections_and_compound_parts() -> None:
    assert len(QUERIES) >= 20
    for case in QUERIES:
        assert (ROOT / "docs" / case["expected"]).is_file(), case


@pytest.mark.parametrize("case", QUERIES, ids=lambda case: case["query"])
def test_query_finds_expected_page_in_top_three(served_site: str, tab, case: dict) -> None:
    results = search(tab.page, served_site, case["query"])
    top = [site_path(url, served_site) for url in results[:3]]
    assert page_url(case["expected"], use_directory_urls=True) in top, (
        f"{case['query']!r} gave {top}"
    )


def compound_case(index: dict) -> tuple[str, str]:
    """A word part and a page whose text has it only inside a longer compound word.

    Among all such pairs, the part that occurs on the fewest pages, so that the page is not
    pushed out of the visible results by pages that use the word on its own.
    """
    words_by_page: dict[str, set[str]] = {}
    for entry in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", f"{entry['title']} {entry['text']}").lower()
        page = entry["location"].split("#")[0]
        words_by_page.setdefault(page, set()).update(re.findall(r"[a-zäöüß]+", text))
    standalone = set().union(*words_by_page.values())
    cases = []
    for page, words in words_by_page.items():
        for word in words:
            for start in range(3, len(word) - 7):
                part = word[start:]
                if part in standalone and part not in words:
                    spread = sum(any(part in w for w in ws) for ws in words_by_page.values())
                    cases.append((spread, part, page))
    assert cases, "the guide has no compound word whose part stands alone elsewhere"
    _, part, page = min(cases)
    return part, page


def test_compound_part_finds_page_that_only_has_the_compound(
    served_site: str, built_site: Path, tab
) -> None:
    """The stock lunr search cannot do this: it matches the beginnings of words only."""
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    part, page = compound_case(index)
    results = [site_path(url, served_site) for url in search(tab.page, served_site, part)]
    assert page in results, f"{part!r} did not find {page!r}: {results}"


def unique_slide_word(index: dict, deck_page: str) -> tuple[str, str]:
    """A word of exactly one slide of `deck_page` that starts no other word of the site.

    Another deck may include the same slides (the same talk at another event); its copy of
    the slide is the same slide, so only the route has to be unique.
    """
    entries = [
        (entry["location"], set(re.findall(r"[a-zäöüß]{7,}", entry["text"].lower())))
        for entry in index["docs"]
    ]
    vocabulary = set().union(*(words for _, words in entries))
    for location, words in entries:
        if not location.startswith(deck_page + "#/"):
            continue
        route = location.partition("#")[2]
        for word in sorted(words):
            stem = word[:6]
            others = [w for w in vocabulary if w.startswith(stem) and w != word]
            holders = {loc for loc, ws in entries if any(w.startswith(stem) for w in ws)}
            if (
                not others
                and {loc.partition("#")[2] for loc in holders} == {route}
                and all("#/" in loc for loc in holders)
            ):
                return word, location
    raise AssertionError("no slide has a word of its own")


def test_search_finds_a_single_slide_and_opens_it(served_site: str, built_site: Path, tab) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    word, location = unique_slide_word(index, "folien/neue-medien-neue-chancen/")
    page, route = location.split("#")
    search(tab.page, served_site, word)
    hit = tab.page.locator(f'.md-search-result__list a[href*="/{page}?"][href$="#{route}"]')
    hit = hit.first
    hit.click()
    wait_for_deck(tab.page)
    assert site_path(tab.page.url.split("?")[0], served_site) == page
    slide = next(s for s in DECK.slides if route in (f"/{s.slide_id}", f"/{s.h}", f"/{s.h}/{s.v}"))
    assert deck_call(tab.page, "getIndices()")["h"] == slide.h
    assert deck_call(tab.page, "getIndices()")["v"] == slide.v
    assert word in tab.page.locator(".reveal .slides section.present").text_content().lower()
