"""Options of the `talk-kit/cards` plugin (`plugins: - talk-kit/cards: …` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from talk_kit.cards.theme import hex_colour


class Colour(c.Type):
    """A colour written `#rrggbb` or `#rgb`."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        try:
            return hex_colour(text)
        except ValueError:
            raise base.ValidationError(f"expected a colour like '#4051b5', not {text!r}") from None


class CardsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Where the cards are kept between builds, by content, relative to mkdocs.yml.
    cache_dir = c.Type(str, default=".cache/cards")
    # The URL folder of the cards in the site: `<path>/<page>.png`.
    path = c.Type(str, default="assets/cards")
    # Draw the cards under `mkdocs serve` too (by default it writes the tags only).
    on_serve = c.Type(bool, default=False)
    # `og:locale`; by default from `theme.language` (`de` -> `de_DE`).
    locale = c.Optional(c.Type(str))
    # Characters of a description made from a page's first paragraph.
    description_length = c.Type(int, default=200)
    # The guide cards' colours; by default the primary and accent colour of `theme.palette`.
    background = c.Optional(Colour())
    text = c.Optional(Colour())
    accent = c.Optional(Colour())
