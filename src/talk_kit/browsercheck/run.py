"""Drive headless Chromium over a served site and turn what it sees into findings.

Every page is a first load, and no page sees what another left. Guide pages go through
`workers` lanes, one tab each that visits page after page, the site's storage cleared between
pages; the browser's cache is off while a page is recorded (Playwright turns it off for a
context with a route, and the recorder routes other hosts to block them). A fresh browser
context per page would cost a new renderer process and a new compilation of axe-core each
time, a third of the page's time.
Each deck gets fresh contexts (its viewports, its speaker view). Pages run `workers` at a
time; the work is mostly waiting for Chromium, which the two cores of a small machine share.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import (
    Browser,
    BrowserContext,
    CDPSession,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
)
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from talk_kit.browsercheck.settings import BrowserSettings, Viewport
from talk_kit.browsercheck.sources import PageSource, needles, slide_location
from talk_kit.decks.model import Deck
from talk_kit.decks.routes import slide_label
from talk_kit.sitecheck.findings import Finding, Location, error, warning

HERE = Path(__file__).resolve().parent
DECK_READY = (
    "() => { const root = document.querySelector('.reveal');"
    " return Boolean(root && root._mkdocsRevealDeck && root._mkdocsRevealDeck.isReady()); }"
)
# reveal.js's speaker view is written into its window by one `document.write` call: once its
# layout menu is there, so is the rest, and its inline script has run (setting the chosen
# layout on <body> at once) or has been refused.
SPEAKER_VIEW_PARSED = "() => document.querySelector('.speaker-layout-dropdown') !== null"
SPEAKER_VIEW_SCRIPT_RAN = "() => document.body.hasAttribute('data-speaker-layout')"
SERIOUS = ("serious", "critical")
# Every rule in the light scheme; in the dark one only the rules that depend on colours.
# Those need no copy of the style sheets, which axe-core otherwise fetches and parses again
# on every run (`preload`, for `css-orientation-lock`): a third of the dark run's time.
AXE_OPTIONS: dict[str, dict[str, Any]] = {
    "default": {"resultTypes": ["violations"]},
    "slate": {
        "resultTypes": ["violations"],
        "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
        "preload": False,
    },
}
# Console lines a finding of their own already reports (the failed or blocked request).
_REQUEST_NOISE = ("Failed to load resource",)
# "Loading the script 'https://…' violates the following Content Security Policy directive"
_REFUSED_URL = re.compile(r"^(?:Refused to load|Loading|Connecting to|Framing) [^']*'([^']+)'")


def probe(name: str) -> str:
    """A JavaScript function that runs in the page (`deck_steps.js`, …)."""
    return (HERE / name).read_text(encoding="utf-8")


@dataclass
class Target:
    """One page to visit: where it is served and which source it comes from."""

    url: str  # relative to the site's base URL
    source: PageSource | None = None
    deck: Deck | None = None


@dataclass
class Outcome:
    """What the run found and measured."""

    findings: list[Finding] = field(default_factory=list)
    weights: dict[str, int] = field(default_factory=dict)  # url -> bytes on first load
    pages: int = 0
    steps: int = 0  # slide states measured (every fragment of every slide, per viewport)
    seconds: float = 0.0


class Recorder:
    """Everything one browser context did: bytes, console errors, failed and foreign requests."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        # A URL of another host, as a pattern Chromium's driver matches itself: a function
        # would send every request of the page to Python and back before it may leave.
        self.foreign_url = re.compile(rf"^(?!{re.escape(origin)})(?:https?|wss?)://")
        self.bytes = 0
        self.console: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        # Set while axe-core runs: it builds test elements with inline styles, which the
        # page's CSP refuses. Those messages come from code with no URL (injected by the
        # check) and are the check's own, not the page's.
        self.probing = False

    async def attach(self, context: BrowserContext) -> None:
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_failed)
        context.on("page", self.watch)
        await context.route(self.foreign_url, self._block)

    def stop(self, context: BrowserContext, page: Page) -> None:
        """Record nothing more (the page's unloading is no part of it); other hosts stay
        blocked until `unblock`."""
        context.remove_listener("response", self._on_response)
        context.remove_listener("requestfailed", self._on_failed)
        context.remove_listener("page", self.watch)
        page.remove_listener("console", self._on_console)
        page.remove_listener("pageerror", self._on_page_error)

    async def unblock(self, context: BrowserContext) -> None:
        """After the page is gone: the next page of the lane routes with a recorder of its own."""
        await context.unroute(self.foreign_url, self._block)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_page_error(self, exc: Exception) -> None:
        self.console.append(f"uncaught: {exc}")

    def _is_foreign(self, url: str) -> bool:
        return self.foreign_url.match(url) is not None

    async def _block(self, route: Route) -> None:
        """Another host is never contacted: the request is recorded and refused."""
        self.foreign.append(route.request.url)
        await route.abort("blockedbyclient")

    def _on_response(self, response: Response) -> None:
        self.bytes += int(response.headers.get("content-length") or 0)
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _on_failed(self, request: Request) -> None:
        if request.failure == "csp" and self._is_foreign(request.url):
            self.foreign.append(request.url)  # the policy refused it before it left
        elif request.url not in self.foreign:
            self.failed.append(f"{request.url} ({request.failure})")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error" or message.text.startswith(_REQUEST_NOISE):
            return
        if self.probing and not message.location.get("url"):
            return
        self.console.append(message.text)


@dataclass
class Lane:
    """A tab that visits guide pages one after another, each as a first load."""

    context: BrowserContext
    page: Page
    devtools: CDPSession
    origin: str  # the served site's, whose storage is cleared between pages

    @classmethod
    async def open(cls, run: Run) -> Lane:
        width, height = run.settings.page_viewport
        context = await run.browser.new_context(
            viewport={"width": width, "height": height}, color_scheme="light"
        )
        page = await context.new_page()
        devtools = await context.new_cdp_session(page)
        return cls(context, page, devtools, run.origin.rstrip("/"))

    async def leave(self) -> None:
        """Unload the page (its requests end before the next page is recorded) and clear
        what it may have stored. Session storage belongs to the tab, not to the origin's
        data that the DevTools call clears, so the page clears its own."""
        await self.page.evaluate("() => { try { sessionStorage.clear(); } catch {} }")
        await self.page.goto("about:blank")
        await self.devtools.send(
            "Storage.clearDataForOrigin", {"origin": self.origin, "storageTypes": "all"}
        )
        await self.context.clear_cookies()


class Run:
    """One browser check: visits the targets and collects findings."""

    def __init__(self, browser: Browser, base: str, settings: BrowserSettings, config: str):
        self.browser = browser
        self.base = base
        self.origin = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}/"
        self.settings = settings
        self.config_location = Location(config, 1)
        self.outcome = Outcome()
        self.theme_findings: dict[tuple[str, str], tuple[Finding, set[str]]] = {}
        self.axe = settings.axe_script.read_text(encoding="utf-8")
        self.idle_lanes: list[Lane] = []

    async def context(
        self, viewport: Viewport, scheme: str = "light"
    ) -> tuple[BrowserContext, Recorder]:
        context = await self.browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme
        )
        recorder = Recorder(self.origin)
        await recorder.attach(context)
        return context, recorder

    async def run_axe(self, page: Page, recorder: Recorder, script: str, argument: Any) -> Any:
        """Inject axe-core through the DevTools protocol (no CSP exemption for the page)."""
        recorder.probing = True
        if not await page.evaluate("() => typeof axe !== 'undefined'"):
            await page.evaluate(self.axe)
        return await page.evaluate(script, argument)

    # Guide pages -------------------------------------------------------------------------

    async def visit_page(self, target: Target) -> None:
        lane = self.idle_lanes.pop() if self.idle_lanes else await Lane.open(self)
        try:
            await self.visit_page_in(lane, target)
        except BaseException:
            await lane.context.close()  # in an unknown state: the next page gets a new lane
            raise
        self.idle_lanes.append(lane)

    async def visit_page_in(self, lane: Lane, target: Target) -> None:
        context, page = lane.context, lane.page
        recorder = Recorder(self.origin)
        await recorder.attach(context)
        recorder.watch(page)
        width, height = self.settings.page_viewport
        await page.set_viewport_size({"width": width, "height": height})
        try:
            await page.goto(self.base + target.url, wait_until="load")
            await page.evaluate("async () => { await document.fonts.ready; }")
            source = target.source
            for scheme in ("default", "slate"):
                argument = {"scheme": scheme, "options": AXE_OPTIONS[scheme]}
                for violation in await self.run_axe(page, recorder, probe("page_axe.js"), argument):
                    self.report_page_axe(target, source, violation, scheme)
            width, height = self.settings.phone_viewport
            await page.set_viewport_size({"width": width, "height": height})
            wide = await page.evaluate(probe("phone_width.js"))
            where = self.page_location(source, needles(wide["html"]) if wide else [])
            if wide:
                self.outcome.findings.append(
                    warning(
                        where,
                        "phone-width",
                        f"{target.url or 'start page'} is {wide['excess']} px wider than a "
                        f"{self.settings.phone_viewport[0]}×{self.settings.phone_viewport[1]} "
                        f"phone: {wide['html'][:120]}",
                    )
                )
            await page.wait_for_load_state("networkidle")  # the search index, for the weight
        finally:
            recorder.stop(context, page)
            self.report_recorder(target, recorder, self.settings.page_budget)
        await lane.leave()
        await recorder.unblock(context)

    def page_location(self, source: PageSource | None, wanted: list[str]) -> Location:
        if source is None:
            return self.config_location
        return source.locate(wanted) or Location(source.path, 1)

    def report_page_axe(
        self, target: Target, source: PageSource | None, violation: dict[str, Any], scheme: str
    ) -> None:
        if violation["impact"] not in SERIOUS:
            return
        for node in violation["nodes"]:
            in_content = source is not None and node.get("inContent")
            where = source.locate(needles(node["html"])) if in_content else None
            message = axe_message(violation, node, scheme)
            if where is not None:
                self.outcome.findings.append(error(where, "a11y", message))
                continue
            # Not in the page's source: the theme's (or generated) markup, reported once.
            key = (violation["id"], " ".join(node["html"].split()))
            if key not in self.theme_findings:
                finding = error(self.config_location, "a11y", message)
                self.theme_findings[key] = (finding, set())
            self.theme_findings[key][1].add(target.url)

    # Decks -------------------------------------------------------------------------------

    async def visit_deck(self, target: Target) -> None:
        deck = target.deck
        assert deck is not None
        for number, viewport in enumerate(self.settings.deck_viewports):
            context, recorder = await self.context(viewport)
            page = await context.new_page()
            recorder.watch(page)
            try:
                await page.goto(self.base + target.url, wait_until="load")
                await page.wait_for_function(DECK_READY, timeout=15_000)
                tolerance = self.settings.overflow_tolerance
                steps = await page.evaluate(probe("deck_steps.js"), tolerance)
                self.outcome.steps += steps["steps"]
                for found in steps["found"]:
                    self.report_overflow(deck, viewport, found)
                if number == 0:
                    await page.wait_for_load_state("networkidle")
                    self.report_weight(target, recorder.bytes, self.settings.deck_budget)
                    await self.open_speaker_view(context, page)
            finally:
                await context.close()
                self.report_recorder(target, recorder, budget=0)
        # The deck has one look whatever the system prefers; axe checks that in both schemes.
        seen: set[tuple[str, int, int, str]] = set()
        for scheme in ("light", "dark"):
            await self.visit_print_view(target, deck, scheme, seen)

    async def open_speaker_view(self, context: BrowserContext, page: Page) -> None:
        """Key S opens the speaker view; it must run its script and apply its styles.

        The notes plugin writes the view into the new window at once, often before Playwright
        has attached to it, so a CSP message there may never reach the console listener. The
        view's effects are therefore checked too: its script sets the layout as soon as it runs
        (so a refused script is known at once, not after a timeout) and then draws two slide
        frames, and its `<style>` elements have style sheets only if the policy let them apply.
        """
        async with context.expect_page(timeout=10_000) as popup_info:
            await page.keyboard.press("s")
        popup = await popup_info.value
        await popup.wait_for_load_state("load")
        await popup.wait_for_function(SPEAKER_VIEW_PARSED, timeout=10_000)
        if not await popup.evaluate(SPEAKER_VIEW_SCRIPT_RAN):
            raise RuntimeError(
                "the speaker view did not show its slides: its script did not run "
                "(refused by the CSP?)"
            )
        try:
            await popup.wait_for_function(
                "() => [...document.querySelectorAll('iframe')].length >= 2", timeout=10_000
            )
        except PlaywrightTimeoutError:
            raise RuntimeError("the speaker view did not show its slides within 10 s") from None
        if not await popup.evaluate(
            "() => [...document.querySelectorAll('style')].every(s => s.sheet)"
        ):
            raise RuntimeError("the speaker view's styles were refused (CSP)")
        for frame in popup.frames[1:]:
            await frame.wait_for_load_state("load")
            await frame.wait_for_function(DECK_READY, timeout=15_000)
        await popup.close()

    async def visit_print_view(
        self, target: Target, deck: Deck, scheme: str, seen: set[tuple[str, int, int, str]]
    ) -> None:
        """The print view shows every slide at once: axe-core checks them all in one run."""
        context, recorder = await self.context(self.settings.deck_viewports[0], scheme)
        page = await context.new_page()
        recorder.watch(page)
        try:
            await page.goto(self.base + target.url + "?print-pdf", wait_until="load")
            await page.wait_for_function(DECK_READY, timeout=15_000)
            await page.wait_for_function(
                "n => document.querySelectorAll('.pdf-page').length >= n", arg=len(deck.slides)
            )
            options = {"resultTypes": ["violations"]}
            for violation in await self.run_axe(page, recorder, probe("print_axe.js"), options):
                self.report_deck_axe(deck, violation, scheme, seen)
        finally:
            await context.close()
            self.report_recorder(target, recorder, budget=0)

    def report_overflow(self, deck: Deck, viewport: Viewport, found: dict[str, Any]) -> None:
        slide = deck.slide_at(found["h"], found["v"])
        if slide is None:
            return
        step = "" if found["f"] < 0 else f", build-up step {found['f'] + 1}"
        self.outcome.findings.append(
            warning(
                slide_location(slide, [needle for needle in found["needles"] if needle]),
                "overflow",
                f"{slide_label(slide)}{step}: {found['what']} sticks out of the slide by "
                f"{found['amount']} px at {viewport[0]}×{viewport[1]}",
            )
        )

    def report_deck_axe(
        self,
        deck: Deck,
        violation: dict[str, Any],
        scheme: str,
        seen: set[tuple[str, int, int, str]],
    ) -> None:
        if violation["impact"] not in SERIOUS:
            return
        for node in violation["nodes"]:
            h, v = node["slide"]
            slide = deck.slide_at(h, v)
            key = (violation["id"], h, v, node["html"])
            if slide is None or key in seen:
                continue
            seen.add(key)
            message = f"{slide_label(slide)}: {axe_message(violation, node, scheme)}"
            self.outcome.findings.append(
                error(slide_location(slide, needles(node["html"])), "a11y", message)
            )

    # Both ------------------------------------------------------------------------------

    def target_location(self, target: Target, wanted: list[str]) -> Location:
        if target.deck is not None:
            deck = target.deck
            for slide in deck.slides:
                where = slide_location(slide, wanted)
                if where != slide.start or any(n in slide.body for n in wanted):
                    return where
            return Location(deck.path, 1)
        return self.page_location(target.source, wanted)

    def report_weight(self, target: Target, weight: int, budget: int) -> None:
        self.outcome.weights[target.url] = weight
        if budget and weight > budget:
            self.outcome.findings.append(
                error(
                    self.target_location(target, []),
                    "weight",
                    f"{target.url or 'start page'} loads {weight / 1024:,.0f} KB on first load, "
                    f"over its budget of {budget / 1024:,.0f} KB (extra.browser_check.budgets)",
                )
            )

    def report_recorder(self, target: Target, recorder: Recorder, budget: int) -> None:
        if target.deck is None:
            self.report_weight(target, recorder.bytes, budget)
        name = target.url or "start page"
        for url in dict.fromkeys(recorder.foreign):
            where = self.target_location(target, [url, *_url_needles(url)])
            self.outcome.findings.append(
                error(where, "foreign-request", f"{name} requests another host: {url}")
            )
        for failure in dict.fromkeys(recorder.failed):
            url = failure.split(" ", 1)[0]
            where = self.target_location(target, _url_needles(url))
            self.outcome.findings.append(
                error(where, "failed-request", f"{name}: request failed: {failure}")
            )
        for text in dict.fromkeys(recorder.console):
            refused = _REFUSED_URL.search(text)
            if refused and refused.group(1) in recorder.foreign:
                continue  # reported above as a request to another host
            code = "csp" if "Content Security Policy" in text else "console"
            self.outcome.findings.append(
                error(self.target_location(target, []), code, f"{name}: {text[:300]}")
            )

    def theme_level(self) -> list[Finding]:
        """Theme findings once each, with how many pages show them."""
        findings = []
        for finding, pages in self.theme_findings.values():
            first = sorted(pages)[0]
            also = f" (on {len(pages)} pages, e.g. /{first})" if len(pages) > 1 else f" (/{first})"
            findings.append(
                Finding(finding.location, finding.severity, finding.code, finding.message + also)
            )
        return findings


def axe_message(violation: dict[str, Any], node: dict[str, Any], scheme: str) -> str:
    element = " ".join(node["html"].split())[:160]
    return (
        f"{violation['id']} ({violation['impact']}, {scheme} scheme): {violation['help']}: "
        f"{element}"
    )


def _url_needles(url: str) -> list[str]:
    """How a source may write a URL: in full, as its path, or by its file name."""
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    return [needle for needle in (url, path, name) if needle and needle != "/"]


async def visit_all(
    browser: Browser, base: str, targets: list[Target], settings: BrowserSettings, config: str
) -> Outcome:
    """Visit every target, `settings.workers` at a time (decks first: they take longest)."""
    started = time.monotonic()
    run = Run(browser, base, settings, config)
    limit = asyncio.Semaphore(settings.workers)

    async def one(visit: Callable[[Target], Any], target: Target) -> None:
        async with limit:
            try:
                await visit(target)
            except Exception as exc:  # a page that breaks the check is a finding, not a crash
                run.outcome.findings.append(
                    error(
                        run.target_location(target, []),
                        "browser",
                        f"{target.url or 'start page'}: the check could not finish: {exc}",
                    )
                )

    ordered = sorted(targets, key=lambda t: t.deck is None)
    try:
        await asyncio.gather(
            *(one(run.visit_deck if t.deck else run.visit_page, t) for t in ordered)
        )
    finally:
        for lane in run.idle_lanes:
            await lane.context.close()
    run.outcome.findings.extend(run.theme_level())
    run.outcome.pages = len(targets)
    run.outcome.seconds = time.monotonic() - started
    return run.outcome
