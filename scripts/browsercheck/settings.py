"""Viewports and weight budgets from mkdocs.yml (`extra: browser_check:`).

A key of its own, not `extra.sitecheck`: those thresholds are read by the build's checker,
which does not know (and should not warn about) settings only the browser check uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitecheck.config import load_yaml

Viewport = tuple[int, int]


@dataclass(frozen=True)
class BrowserSettings:
    """What the browser check measures against; every value has a default."""

    deck_viewports: tuple[Viewport, ...] = ((1280, 720), (1920, 1080))
    page_viewport: Viewport = (1280, 800)
    phone_viewport: Viewport = (390, 844)
    deck_budget: int = 450 * 1024  # bytes on first load, uncompressed
    page_budget: int = 0  # bytes on first load of a guide page; 0: no budget
    overflow_tolerance: float = 1.0  # px, for subpixel rounding of the scaled slide canvas
    workers: int = 2  # pages loaded at the same time (one per core)


def _viewport(value: Any, default: Viewport) -> Viewport:
    if isinstance(value, list | tuple) and len(value) == 2:
        width, height = value
        if isinstance(width, int) and isinstance(height, int):
            return (width, height)
    return default


def browser_settings(config_file: Path) -> BrowserSettings:
    """The settings of the project configured by `config_file`."""
    data = load_yaml(config_file.read_text(encoding="utf-8")) or {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    raw = extra.get("browser_check") if isinstance(extra.get("browser_check"), dict) else {}
    defaults = BrowserSettings()
    budgets = raw.get("budgets") if isinstance(raw.get("budgets"), dict) else {}
    viewports = raw.get("deck_viewports")
    return BrowserSettings(
        deck_viewports=tuple(_viewport(v, (0, 0)) for v in viewports)
        if isinstance(viewports, list) and viewports
        else defaults.deck_viewports,
        page_viewport=_viewport(raw.get("page_viewport"), defaults.page_viewport),
        phone_viewport=_viewport(raw.get("phone_viewport"), defaults.phone_viewport),
        deck_budget=int(budgets.get("deck", defaults.deck_budget)),
        page_budget=int(budgets.get("guide_page", defaults.page_budget)),
        overflow_tolerance=float(raw.get("overflow_tolerance", defaults.overflow_tolerance)),
        workers=int(raw.get("workers", defaults.workers)),
    )
