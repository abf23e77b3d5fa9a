"""The browser check (`python -m browsercheck`, `./scripts/check --browser`) in Chromium.

A copy of the project with planted problems must give one finding each, at the file and line
an editor fixes (the real site, which must give none, is `test_browser_check_site`). One
build per module: the copy is built once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import browser_check
from conftest import ROOT
from project_copy import build, copy_project

from talk_kit.csp import plugin as csp

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURES = ROOT / "tests" / "fixtures" / "browsercheck"
PAGE = "docs/testseite.md"
DECK = "slides/test-ueberlauf.md"


def line_of(relative: str, text: str) -> int:
    """1-based line of the fixture file that contains `text`."""
    lines = (FIXTURES / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.fixture(scope="module")
def planted_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project plus a guide page and a deck with one planted problem each, built."""
    project = copy_project(tmp_path_factory.mktemp("browsercheck"))
    for source in FIXTURES.rglob("*.md"):
        target = project / source.relative_to(FIXTURES)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("not_in_nav: |\n", "not_in_nav: |\n  /testseite.md\n", 1)
    config.write_text(text.replace("strict_warnings: true", "strict_warnings: false"), "utf-8")
    build(project)  # fails: the build's own checker sees the missing alt text and the CDN
    assert (project / "site" / "testseite" / "index.html").is_file()
    return project


@pytest.fixture(scope="module")
def planted(planted_project: Path) -> subprocess.CompletedProcess[str]:
    site = planted_project / "site"
    pages = ("testseite/", "folien/test-ueberlauf/")
    return browser_check(planted_project / "mkdocs.yml", site, *pages)


def findings(result: subprocess.CompletedProcess[str], code: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if f": {code}: " in line]


def test_an_overflowing_slide_is_a_warning_at_its_line_at_both_screen_sizes(planted) -> None:
    overflow = findings(planted, "overflow")
    expected = f"{DECK}:{line_of(DECK, 'Mehr im Leitfaden')}: warning: overflow: slide 2 (#/1)"
    assert len(overflow) == 2, planted.stdout
    assert all(line.startswith(expected) for line in overflow), overflow
    assert re.search(r"sticks out of the slide by \d+ px at 1280×720$", overflow[0]), overflow
    assert re.search(r"sticks out of the slide by \d+ px at 1920×1080$", overflow[1]), overflow


def test_an_image_without_alt_text_in_raw_html_is_an_error_at_its_line(planted) -> None:
    [image] = [line for line in findings(planted, "a11y") if "image-alt" in line]
    assert image.startswith(f"{PAGE}:{line_of(PAGE, '<img')}: error: a11y: image-alt (critical")


def test_low_contrast_in_either_colour_scheme_is_an_error_at_its_line(planted) -> None:
    """Pale grey is unreadable on the light scheme only, dark grey on the dark one only."""
    pale, dark = [line for line in findings(planted, "a11y") if "color-contrast" in line]
    expected = f"{PAGE}:{line_of(PAGE, 'color: #c8c8c8')}: error: a11y: color-contrast (serious"
    assert pale.startswith(expected)
    assert "default scheme" in pale
    expected = f"{PAGE}:{line_of(PAGE, 'color: #404040')}: error: a11y: color-contrast (serious"
    assert dark.startswith(expected)
    assert "slate scheme" in dark


def test_a_script_from_another_host_is_an_error_at_its_line(planted) -> None:
    [foreign] = findings(planted, "foreign-request")
    assert foreign == (
        f"{PAGE}:{line_of(PAGE, 'cdn.example.com')}: error: foreign-request: "
        "testseite/ requests another host: https://cdn.example.com/tracker.js"
    )


def test_a_page_wider_than_a_phone_is_a_warning_at_its_line(planted) -> None:
    [wide] = findings(planted, "phone-width")
    expected = f"{PAGE}:{line_of(PAGE, 'min-width: 700px')}: warning: phone-width: testseite/ is "
    assert wide.startswith(expected)
    assert re.search(r"is \d+ px wider than a 390×844 phone", wide)


def test_nothing_else_is_found_and_errors_fail_the_check(planted) -> None:
    assert len(planted.stdout.splitlines()) == 8, planted.stdout  # 7 findings, 1 summary
    assert planted.returncode == 1


def test_a_speaker_view_broken_by_the_policy_is_an_error(
    planted_project: Path, tmp_path: Path
) -> None:
    """Without the hash of the speaker view's script, the view stays empty: the check says so."""
    site = shutil.copytree(planted_project / "site", tmp_path / "site")
    deck = site / "folien" / "test-ueberlauf" / "index.html"
    notes = ROOT / "node_modules" / "reveal.js" / "plugin" / "notes" / "notes.js"
    [script] = csp.inline_code(csp.speaker_view_html(notes.read_text(encoding="utf-8")))[0]
    html = deck.read_text(encoding="utf-8")
    assert csp.sha256(script) in html
    deck.write_text(html.replace(csp.sha256(script), ""), encoding="utf-8")
    result = browser_check(planted_project / "mkdocs.yml", site, "folien/test-ueberlauf/")
    assert f"{DECK}:1: error: browser: folien/test-ueberlauf/: the check could not finish: " in (
        result.stdout
    )
    assert "the speaker view did not show its slides" in result.stdout


# Two pages that a lane visits one after the other: the first leaves storage, a cookie and a
# cached image behind; the second says in its console whether it sees any of them.
LEAVES_STATE = """<!doctype html><html lang="de"><head><title>Erste</title></head><body><main>
<h1>Erste</h1><img src="../bild.svg" alt="Bild">
<script>localStorage.setItem("x", "1"); sessionStorage.setItem("y", "1");
document.cookie = "z=1; path=/";</script></main></body></html>"""
SEES_STATE = """<!doctype html><html lang="de"><head><title>Zweite</title></head><body><main>
<h1>Zweite</h1><img src="../bild.svg" alt="Bild">
<script>if (localStorage.getItem("x") || sessionStorage.getItem("y") ||
document.cookie.includes("z=")) console.error("state from another page");</script>
</main></body></html>"""


def test_each_guide_page_is_a_first_load_that_sees_nothing_another_page_left(
    tmp_path: Path,
) -> None:
    """One lane visits both pages in turn: the second fetches the image from the server
    again (no cache) and finds no storage or cookie of the first."""
    import asyncio
    import concurrent.futures
    import functools
    import http.server
    import threading

    from playwright.async_api import async_playwright

    from talk_kit.browsercheck.run import Target, visit_all
    from talk_kit.browsercheck.settings import BrowserSettings
    from talk_kit.presenter.local_site import CHROMIUM_ARGS, find_chromium

    for name, html in (("erste", LEAVES_STATE), ("zweite", SEES_STATE)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(html, encoding="utf-8")
    image = tmp_path / "bild.svg"  # one URL for both pages
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    os.utime(image, (0, 0))  # unchanged for decades: a browser would cache it
    requested: list[str] = []

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            requested.append(self.path)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Counting, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = BrowserSettings(
        deck_viewports=((1280, 720),),
        page_viewport=(1280, 800),
        phone_viewport=(390, 844),
        deck_budget=0,
        page_budget=0,
        overflow_tolerance=1.0,
        workers=1,  # one lane: the second page follows the first in the same tab
        axe_script=ROOT / "node_modules" / "axe-core" / "axe.min.js",
    )

    async def check(base: str):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=find_chromium(), args=CHROMIUM_ARGS
            )
            try:
                targets = [Target("erste/"), Target("zweite/")]
                return await visit_all(browser, base, targets, settings, "mkdocs.yml")
            finally:
                await browser.close()

    try:
        # In a thread of its own: a sync Playwright session that an earlier test of this
        # worker opened keeps an event loop running in this one (`pytest -n 0`).
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            base = f"http://127.0.0.1:{server.server_port}/"
            outcome = thread.submit(asyncio.run, check(base)).result()
    finally:
        server.shutdown()
        server.server_close()
    assert [f for f in outcome.findings if f.code in ("console", "failed-request")] == []
    assert requested.count("/bild.svg") == 2
