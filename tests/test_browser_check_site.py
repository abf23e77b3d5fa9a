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
from lxml import html
from mkdocs.config import load_config

from talk_kit.decks.plugin import decks_plugin
from talk_kit.sitecheck.config import checks_config

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_real_site_and_decks_give_no_findings(built_site_prefixed: Path) -> None:
    result = browser_check(ROOT / "mkdocs.yml", built_site_prefixed, site_url=SITE_URLS["prefix"])
    assert result.returncode == 0, result.stdout + result.stderr
    *found, summary = result.stdout.splitlines()
    assert found == []
    counted = re.fullmatch(
        r"browsercheck: 0 error\(s\), 0 warning\(s\); \d+ page\(s\), (\d+) slide state\(s\) in "
        r"[\d.]+ s",
        summary,
    )
    assert counted, summary
    # The overflow rule measured every step a speaker steps through, at every screen size.
    assert int(counted.group(1)) == speaker_steps(built_site_prefixed), summary
    print(summary)  # the time, for `pytest -s`


def speaker_steps(site: Path) -> int:
    """Slide states of all decks at all deck viewports: each slide, then one more state per
    fragment group (fragments that share a `data-fragment-index` appear together). Only the
    configuration is loaded: the decks come from the built pages, so this process's decks
    plugin keeps the empty library that `test_deck_model` counts parses from."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = decks_plugin(config)
    assert plugin is not None
    states = 0
    for deck_page in sorted(site.glob(f"{plugin.config.path}/*/index.html")):
        page = html.parse(str(deck_page)).getroot()
        sections = page.find_class("slides")[0].iter("section")
        for slide in (section for section in sections if section.find("section") is None):
            indices = [f.get("data-fragment-index") for f in slide.find_class("fragment")]
            states += 1 + len({i for i in indices if i is not None}) + indices.count(None)
    return states * len(checks_config(config).browser.deck_viewports)


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
