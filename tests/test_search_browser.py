"""German search in the browser: guide pages by query, and single slides of a deck."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser_support import deck_call, open_for_search, search, wait_for_deck, worker_answers
from conftest import ROOT, address
from playwright.sync_api import Browser, Page

from talk_kit.decks.model import parse_deck

pytestmark = pytest.mark.browser

DECK = parse_deck(ROOT / "slides" / "neue-medien-neue-chancen.md", ROOT)
QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))


def site_path(url: str, base: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(base).path)


NEW_TOPICS = [
    "anzeigen.md",
    "bewertungen.md",
    "konto-sicherheit.md",
    "recht/gewinnspiele.md",
    "recht/werbekennzeichnung.md",
    "recht/ki-inhalte.md",
    "recht/barrierefreiheit.md",
]


def test_enough_queries_for_every_page_and_the_new_topics() -> None:
    assert len(QUERIES) >= 60
    for case in QUERIES:
        assert (ROOT / "docs" / case["expected"]).is_file(), case
    expected = {case["expected"] for case in QUERIES}
    assert set(NEW_TOPICS) <= expected


OWNER_KINDS = {"inflected", "compound", "question"}


def headings() -> list[str]:
    """Every heading and page title of the guide, as written in its Markdown."""
    found = []
    for path in (ROOT / "docs").rglob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or line.startswith("title:"):
                found.append(line.lstrip("#").removeprefix("title:").strip())
    return found


def test_owner_style_queries_are_many_of_each_kind_and_not_headings() -> None:
    """Issue 22: at least 40 queries as owners type them, none copied from a heading."""
    owner = [case for case in QUERIES if "owner" in case]
    kinds = Counter(case["owner"] for case in owner)
    assert len(owner) >= 40
    assert set(kinds) == OWNER_KINDS
    assert min(kinds.values()) >= 10, kinds
    queries = [case["query"].lower() for case in QUERIES]
    assert len(queries) == len(set(queries)), "a query is listed twice"
    written = headings()
    copied = [
        case["query"]
        for case in owner
        if any(re.search(rf"(?<!\w){re.escape(case['query'])}(?!\w)", h, re.I) for h in written)
    ]
    assert not copied, f"copied from headings: {copied}"


QUESTION_WORDS = ["wie oft", "was tun bei", "warum", "wer darf"]
ASKED = ["Impressum", "Abmahnung", "Bewertungen beantworten"]
# Typed into the box: a query of each kind (plain, several words, a form the page does not
# use, a compound it does not have, an everyday question) and one that finds no page.
TYPED = ["Xing", "Impressum Facebook", "Mitarbeiter", "Mitarbeiterfotos", "wie oft posten"]
TYPED += ["Quastenflosser"]


@pytest.fixture(scope="module")
def search_page(browser: Browser, served_site: str) -> Iterator[Page]:
    """One start page for all the queries below: its search index is loaded once."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    open_for_search(page, served_site)
    yield page
    context.close()


@pytest.fixture(scope="module")
def answers(served_site: str, search_page: Page) -> dict[str, list[str]]:
    """The site's search worker's pages for every query of this file, asked in one go (typing
    each would take a tenth of a second of Chromium's time). That the result list shows
    exactly these pages, typed into the box, `test_the_result_list_shows_the_workers_answer`
    checks on a sample."""
    queries = [case["query"] for case in QUERIES]
    queries += [f"{question} {query}" for question in QUESTION_WORDS for query in ASKED]
    return worker_answers(search_page, served_site, [*queries, *ASKED, *TYPED])


@pytest.mark.parametrize("case", QUERIES, ids=lambda case: case["query"])
def test_query_finds_expected_page_in_top_three(
    served_site: str, answers: dict[str, list[str]], case: dict
) -> None:
    top = [site_path(path, served_site) for path in answers[case["query"]][:3]]
    assert address(case["expected"]) in top, f"{case['query']!r} gave {top}"


@pytest.mark.parametrize("query", ASKED)
@pytest.mark.parametrize("question", QUESTION_WORDS)
def test_question_words_change_no_result(
    answers: dict[str, list[str]], question: str, query: str
) -> None:
    """Material would search "wie*", "oft*": they begin "wieder", "oft" is on every page."""
    assert answers[query]  # not two empty answers
    assert answers[f"{question} {query}"] == answers[query]


@pytest.mark.parametrize("query", TYPED)
def test_the_result_list_shows_the_workers_answer(
    served_site: str, search_page: Page, answers: dict[str, list[str]], query: str
) -> None:
    shown = [urlsplit(url).path for url in search(search_page, served_site, query)]
    assert shown[:10] == answers[query][:10]


def test_pages_search_with_the_german_worker_under_the_policy(served_site: str, tab) -> None:
    """The worker is a file of the site: the Content-Security-Policy lets it run."""
    open_for_search(tab.page, served_site)
    results = search(tab.page, served_site, "Mitarbeiterfotos")
    assert site_path(results[0], served_site) == "recht/mitarbeitende/"
    workers = [url for url in tab.requests if "/workers/" in url]
    assert [urlsplit(url).path.rsplit("/", 1)[1] for url in workers[:1]] == ["german-search.js"]
    assert any(re.search(r"/workers/search\.[0-9a-f]+\.min\.js$", url) for url in workers)
    assert tab.errors == []


def compound_case(index: dict) -> tuple[str, str]:
    """A compound part and a page that has it only inside a longer compound word.

    The part comes from the hidden `text_parts` field that the German search hook writes.
    Among all such pairs, the part that begins a word on the fewest pages, so that the page
    is not pushed out of the visible results by pages that use the word on its own.
    """
    words_by_page: dict[str, set[str]] = {}
    parts_by_page: dict[str, set[str]] = {}
    for entry in index["docs"]:
        page = entry["location"].split("#")[0]
        text = re.sub(r"<[^>]+>", " ", f"{entry['title']} {entry['text']}").lower()
        words_by_page.setdefault(page, set()).update(re.findall(r"[^\W\d_]+", text))
        parts_by_page.setdefault(page, set()).update(entry.get("text_parts", "").split())

    def pages_with_word_beginning(part: str) -> int:
        return sum(any(w.startswith(part) for w in ws) for ws in words_by_page.values())

    cases = [
        (pages_with_word_beginning(part), part, page)
        for page, parts in parts_by_page.items()
        for part in parts
        if len(part) >= 6 and not any(w.startswith(part) for w in words_by_page[page])
    ]
    assert cases, "the hook wrote no compound part that its page lacks as a word"
    _, part, page = min(cases)
    return part, page


def test_compound_part_finds_page_that_only_has_the_compound(
    served_site: str, built_site: Path, tab
) -> None:
    """The stock lunr search cannot do this: it matches the beginnings of words only."""
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    part, page = compound_case(index)
    open_for_search(tab.page, served_site)
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
    open_for_search(tab.page, served_site)
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
