"""Viewports and weight budgets: the `browser:` options of the `talk-kit/checks` plugin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base

Viewport = tuple[int, int]


@dataclass(frozen=True)
class BrowserSettings:
    """What the browser check measures against (defaults: `sitecheck.config.BrowserConfig`)."""

    deck_viewports: tuple[Viewport, ...]
    page_viewport: Viewport
    phone_viewport: Viewport
    deck_budget: int  # bytes on first load, uncompressed
    page_budget: int  # bytes on first load of a guide page; 0: no budget
    overflow_tolerance: float  # px, for subpixel rounding of the scaled slide canvas
    workers: int  # pages loaded at the same time
    axe_script: Path  # axe-core from the project's node_modules (npm: axe-core)


def _viewport(value: list[int]) -> Viewport:
    width, height = value
    return (width, height)


def browser_settings(config: base.Config, root: Path) -> BrowserSettings:
    """The validated `browser:` options as the check uses them, for the project at `root`."""
    return BrowserSettings(
        deck_viewports=tuple(_viewport(value) for value in config.deck_viewports),
        page_viewport=_viewport(config.page_viewport),
        phone_viewport=_viewport(config.phone_viewport),
        deck_budget=config.deck_budget,
        page_budget=config.page_budget,
        overflow_tolerance=config.overflow_tolerance,
        workers=config.workers,
        axe_script=root / "node_modules" / "axe-core" / "axe.min.js",
    )
