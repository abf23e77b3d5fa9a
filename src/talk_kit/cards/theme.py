"""The colours and the font the cards and the PowerPoint export share with the site and decks.

- The guide's colours are Material's: the palette named in `theme.palette` (primary, accent),
  read from Material's own palette stylesheet, so a changed palette changes the cards too.
- The decks' colours are the variables of the deck theme (`talk_kit/decks/assets/deck-theme.css`).
- The font is Arimo (fontpkg-arimo, OFL), metric-compatible with Arial and Liberation Sans, the
  fonts the deck theme and Material's system font stack use: the same glyphs as the site,
  German quotes, dashes and umlauts included, with nothing fetched at build time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import fontpkg_arimo

FONT_FILE = fontpkg_arimo.ROOT / "files" / "Arimo[wght].ttf"
FONT_NAME = "Arial"  # what office suites call the font Arimo stands in for
MONO_FONT_NAME = "Courier New"
DECK_THEME = Path(__file__).resolve().parents[1] / "decks" / "assets" / "deck-theme.css"

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;]+)")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class ThemeMissing(RuntimeError):
    """A colour the cards need is not where it is expected; the message says which."""


@dataclass(frozen=True)
class GuideColours:
    background: str  # the header's colour: Material's primary
    text: str  # text on it
    accent: str  # Material's accent


@dataclass(frozen=True)
class DeckColours:
    ink: str
    muted: str
    blue: str
    orange: str
    background: str = "#ffffff"


# Material's defaults, for a theme without a palette stylesheet (or another theme).
DEFAULT_GUIDE = GuideColours("#4051b5", "#ffffff", "#526cfe")


def hex_colour(value: str) -> str:
    """`#abc` or `#aabbcc` as lower-case `#aabbcc`; ValueError for anything else."""
    value = value.strip()
    if not _HEX.match(value):
        raise ValueError(f"not a colour: {value!r}")
    if len(value) == 4:
        value = "#" + "".join(2 * digit for digit in value[1:])
    return value.lower()


def rgb(value: str) -> tuple[int, int, int]:
    colour = hex_colour(value)
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def css_variables(css: str, selector: str) -> dict[str, str]:
    """The custom properties set by every rule whose selector list contains `selector`."""
    found: dict[str, str] = {}
    for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
        if selector in (part.strip() for part in selectors.split(",")):
            found.update((name, value.strip()) for name, value in _DECLARATION.findall(body))
    return found


def palette_names(palette: Any) -> tuple[str, str]:
    """Primary and accent colour names of the (first) palette in `theme.palette`."""
    if isinstance(palette, list):
        palette = palette[0] if palette else {}
    if not isinstance(palette, dict):
        palette = {}
    names = (palette.get("primary") or "indigo", palette.get("accent") or "indigo")
    return tuple(str(name).replace(" ", "-").lower() for name in names)  # type: ignore[return-value]


def guide_colours(palette: Any, theme_dirs: list[str]) -> GuideColours:
    """The guide's colours from Material's palette stylesheet; its defaults if there is none."""
    primary, accent = palette_names(palette)
    for folder in theme_dirs:
        for sheet in sorted(Path(folder).glob("assets/stylesheets/palette.*.css")):
            css = sheet.read_text(encoding="utf-8")
            first = css_variables(css, f"[data-md-color-primary={primary}]")
            second = css_variables(css, f"[data-md-color-accent={accent}]")
            try:
                return GuideColours(
                    hex_colour(first["--md-primary-fg-color"]),
                    hex_colour(first.get("--md-primary-bg-color", "#fff")),
                    hex_colour(second["--md-accent-fg-color"]),
                )
            except (KeyError, ValueError):
                continue
    return DEFAULT_GUIDE


@cache
def deck_colours(path: Path = DECK_THEME) -> DeckColours:
    """The deck theme's colours (`--deck-ink`, `--deck-muted`, `--deck-blue`, `--deck-orange`)."""
    found = css_variables(path.read_text(encoding="utf-8"), ".deck-page .reveal")
    try:
        return DeckColours(
            *(hex_colour(found[f"--deck-{name}"]) for name in ("ink", "muted", "blue", "orange")),
            background=hex_colour(found.get("--r-background-color", "#ffffff")),
        )
    except (KeyError, ValueError) as missing:
        message = f"{path.name}: a deck colour is missing or no colour: {missing}"
        raise ThemeMissing(message) from None
