"""The palette written into the page (issue 20) colours it as the stylesheet did, in both
schemes, under the page's Content-Security-Policy."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HEADER = "() => getComputedStyle(document.querySelector('.md-header')).backgroundColor"
LINK = "() => getComputedStyle(document.querySelector('.md-typeset p a')).color"
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"
SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"


def test_the_palette_toggle_switches_the_inlined_colours(served_site: str, tab) -> None:
    tab.page.goto(f"{served_site}recht/impressum/")
    tab.page.wait_for_function("() => typeof document$ !== 'undefined'")
    assert tab.page.evaluate(SCHEME) == "default"
    assert tab.page.evaluate(HEADER) == "rgb(64, 81, 181)"  # indigo, #4051b5
    light_background = tab.page.evaluate(BACKGROUND)
    tab.page.click("label[for='__palette_1']")
    tab.page.wait_for_function(f"() => ({SCHEME})() === 'slate'")
    assert tab.page.evaluate(HEADER) == "rgb(64, 81, 181)"
    # A rule only the palette has: links on the dark scheme with the indigo primary colour.
    assert tab.page.evaluate(LINK) == "rgb(84, 136, 232)"  # #5488e8
    assert tab.page.evaluate(BACKGROUND) != light_background
    tab.page.click("label[for='__palette_0']")
    tab.page.wait_for_function(f"() => ({SCHEME})() === 'default'")
    assert tab.page.evaluate(BACKGROUND) == light_background
    assert tab.errors == []  # a style the policy refused would be an error here
