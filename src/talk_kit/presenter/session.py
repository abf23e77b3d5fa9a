"""What every export of one run shares: the built site served on loopback, and one Chromium.

Exports that print (the PDFs) ask for a page; the browser starts with the first one, so a run
of exports that need none starts none.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from talk_kit.presenter.local_site import CHROMIUM_ARGS, INSTALL_HINT, find_chromium, serve_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page


class NoBrowser(RuntimeError):
    """No Chromium to print with; the message says how to install one."""


def find_browser() -> str:
    """The Chromium binary: `CHROMIUM`, else the first known name on PATH."""
    found = find_chromium()
    if found is None:
        raise NoBrowser(f"no Chromium found to print the deck PDFs: {INSTALL_HINT}")
    return found


class ExportSession:
    """Open with `with ExportSession(site) as session:`; `page()` gives a fresh browser page."""

    def __init__(self, site: Path, browser: str | None = None) -> None:
        self.site = site
        self.base = ""
        self._executable = browser
        self._stack = ExitStack()
        self._browser: Browser | None = None
        self._context: BrowserContext | None = None

    def __enter__(self) -> ExportSession:
        self.base = self._stack.enter_context(serve_site(self.site))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stack.close()

    def page(self) -> Page:
        """A new page in a fresh context; the one before it is closed."""
        chromium = self._chromium()
        if self._context is None:
            self._stack.callback(self._close_context)  # before the browser closes
        else:
            self._context.close()
        # The page's Content-Security-Policy allows only its own inline code; the print
        # layouts are the printer's own styles, added to a copy of the page in this browser.
        self._context = chromium.new_context(
            viewport={"width": 1280, "height": 720}, bypass_csp=True
        )
        return self._context.new_page()

    def _close_context(self) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None

    def _chromium(self) -> Browser:
        if self._browser is not None:
            return self._browser
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as missing:
            raise NoBrowser(f"Playwright is missing ({missing}): pip install playwright") from None
        executable = self._executable or find_browser()
        playwright = self._stack.enter_context(sync_playwright())
        try:
            self._browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
        except Exception as failure:
            first_line = str(failure).strip().splitlines()[0] if str(failure).strip() else ""
            raise NoBrowser(f"Chromium at {executable} did not start ({first_line})") from None
        self._stack.callback(self._browser.close)
        return self._browser
