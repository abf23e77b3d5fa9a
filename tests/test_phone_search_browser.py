"""The search index is fetched when the reader first goes to search, not with every page (issue
20): the page's first load leaves it out, and search works all the same."""

from __future__ import annotations

import pytest
from browser_support import open_for_search, search

pytestmark = pytest.mark.browser

INDEX = "/search/search_index.json"


def index_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if url.split("?")[0].endswith(INDEX)]


def test_a_page_loads_without_the_search_index(served_site: str, tab) -> None:
    tab.page.goto(f"{served_site}recht/impressum/")
    tab.page.wait_for_load_state("networkidle")
    assert index_requests(tab.requests) == []


def test_the_first_search_fetches_the_index_once_and_finds(served_site: str, tab) -> None:
    open_for_search(tab.page, served_site)
    tab.page.wait_for_load_state("networkidle")
    assert index_requests(tab.requests) == []
    assert search(tab.page, served_site, "Impressum")  # focus, fetch, answer
    assert search(tab.page, served_site, "Gewinnspiel")
    assert len(index_requests(tab.requests)) == 1
    assert tab.errors == []


def test_a_search_in_the_address_fetches_the_index_at_once(served_site: str, tab) -> None:
    """A shared search (`?q=`) and a result's highlighted terms (`?h=`) need it at once."""
    tab.page.goto(f"{served_site}recht/impressum/?h=impressum")
    tab.page.wait_for_load_state("networkidle")
    assert len(index_requests(tab.requests)) == 1
    assert tab.page.locator("mark").count() > 0
    assert tab.errors == []
