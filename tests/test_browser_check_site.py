"""The browser check on the real site: every page, deck, print view and speaker view.

The run must give no finding, which also proves that none of them breaks its
Content-Security-Policy. It checks the site as it is published on GitHub Pages, below the
project's prefix: every page there loads with no failed or foreign request and no console or
policy error (at a host's root, `test_site_browser` loads a page of each folder depth). A
file of its own, so that the test runner can run this long check beside the planted problems
of `test_browser_check`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import browser_check
from conftest import ROOT, SITE_URLS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_real_site_and_decks_give_no_findings(built_site_prefixed: Path) -> None:
    result = browser_check(ROOT / "mkdocs.yml", built_site_prefixed, site_url=SITE_URLS["prefix"])
    assert result.returncode == 0, result.stdout + result.stderr
    *found, summary = result.stdout.splitlines()
    assert found == []
    assert re.fullmatch(
        r"browsercheck: 0 error\(s\), 0 warning\(s\); \d+ page\(s\), \d+ slide state\(s\) in "
        r"[\d.]+ s",
        summary,
    ), summary
    print(summary)  # the time, for `pytest -s`


def test_the_policy_refuses_a_script_the_build_did_not_write(served_site: str, tab) -> None:
    """An injected inline script (as from an XSS hole) does not run; the page's own do."""
    page = tab.page
    page.goto(served_site)
    page.wait_for_function("() => typeof document$ !== 'undefined'")  # Material's inline code ran
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.head.append(s); }"
    )
    assert page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in error for error in tab.errors), tab.errors
