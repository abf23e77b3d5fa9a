"""Hostile deck content, seen in Chromium: front matter is text, code cannot cut a slide.

An event organiser fills in the front matter; an editor puts HTML into a code block. The deck
list, the deck, the browser tab and the speaker view must show what they wrote, as text, and
run none of it; a slide whose code contains `</textarea>` must show everything after it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import deck_call, open_speaker_view, wait_for_deck
from project_copy import build, copy_project

from talk_kit.presenter.local_site import serve_site

pytestmark = pytest.mark.browser

TITLE = 'Tipps <img src=x onerror="window.pwned=1"> für *Sie*'
EVENT = "<script>window.pwned=2</script>Messe"
HOSTILE_DECK = f"""---
title: '{TITLE}'
event: '{EVENT}'
---

# {{{{ title }}}}

{{{{ event }}}}

---

## Code mit Textarea
<!-- .slide: id="code" -->

```html
<textarea>Eingabe</textarea></textarea></script>
```

Nach dem Code sichtbar. [Leitfaden](../faq.md)

Note:
Die Notizen nach dem Code bleiben erhalten.
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    (project / "slides" / "messe.md").write_text(HOSTILE_DECK, encoding="utf-8")
    completed = build(project)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    with serve_site(project / "site") as base:
        yield base


def assert_nothing_ran(page) -> None:
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("img[src=x], .reveal script").count() == 0


def test_deck_list_shows_the_title_as_text(hostile_site: str, tab) -> None:
    tab.page.goto(f"{hostile_site}folien/")
    link = tab.page.locator("a[href$='messe/']")
    assert link.inner_text() == TITLE
    assert EVENT in tab.page.locator("table", has=link).inner_text()
    assert_nothing_ran(tab.page)


def test_deck_and_tab_show_the_title_as_text(hostile_site: str, tab) -> None:
    tab.page.goto(f"{hostile_site}folien/messe/")
    wait_for_deck(tab.page)
    assert tab.page.title().startswith(TITLE)
    assert tab.page.locator(".reveal h1").inner_text() == TITLE
    assert EVENT in tab.page.locator(".reveal .slides section").first.inner_text()
    assert_nothing_ran(tab.page)
    assert tab.errors == []


def test_speaker_view_runs_nothing(hostile_site: str, tab) -> None:
    tab.page.goto(f"{hostile_site}folien/messe/")
    wait_for_deck(tab.page)
    speaker = open_speaker_view(tab.page)
    speaker.locator(".speaker-controls-time .clock-value").wait_for()
    speaker.wait_for_function("() => document.querySelectorAll('iframe').length > 0")
    for frame in speaker.frames:
        frame.wait_for_load_state()
        assert frame.evaluate("() => window.pwned") is None
    assert_nothing_ran(tab.page)


def test_textarea_in_code_does_not_cut_the_slide(hostile_site: str, tab) -> None:
    tab.page.goto(f"{hostile_site}folien/messe/#/code")
    wait_for_deck(tab.page)
    slide = tab.page.locator(".reveal .slides section.present")
    assert "</textarea></textarea></script>" in slide.locator("pre code").inner_text()
    assert slide.get_by_text("Nach dem Code sichtbar.").is_visible()
    assert slide.locator("a", has_text="Leitfaden").get_attribute("href") == "../../faq/"
    assert deck_call(tab.page, "getTotalSlides()") == 2
    notes = deck_call(tab.page, "getSlideNotes()")
    assert "Die Notizen nach dem Code bleiben erhalten." in str(notes)


def test_search_shows_the_title_as_text(hostile_site: str, tab) -> None:
    tab.page.goto(hostile_site)
    tab.page.locator("input[data-md-component=search-query]").press_sequentially("Textarea")
    hit = tab.page.locator(".md-search-result__item", has_text="Code mit Textarea").first
    hit.wait_for()
    assert TITLE in hit.inner_text()
    assert hit.locator("img").count() == 0
    assert_nothing_ran(tab.page)
