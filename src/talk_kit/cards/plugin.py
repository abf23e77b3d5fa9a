"""`talk-kit/cards`: a preview card and Open Graph tags for every page, blog post and deck.

In order of the build:

- `on_config`: the colours (Material's palette, the deck theme), the locale, the cache;
- `on_page_content` (after the decks plugin rendered the slides): each page's title (its
  `h1`), its description (front matter `description:`, else its first paragraph, cut
  cleanly; written into the page's meta too, so `<meta name="description">` says the same)
  and what its card shows: the section or the post's date; for a deck its title slide;
- `on_post_page` (before the CSP plugin): `og:*` and `twitter:*` tags at the end of `<head>`;
- `on_post_build`: the cards, 1200×630 PNG, at `<path>/<page>.png`, drawn only when the cache
  (`cache_dir`) has no card with the same content.

`mkdocs serve` writes the tags but draws no card unless `on_serve: true`. Without `site_url`
there is no absolute address for `og:image`, so nothing is added (one line says so). The tags
load nothing (the CSP and the "nothing from other hosts" rule are untouched); `og:image` is
an address on the site itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from talk_kit.cards.cache import CardCache
from talk_kit.cards.config import CardsConfig
from talk_kit.cards.render import Card, missing_glyphs
from talk_kit.cards.tags import Share, locale_for, meta_tags, with_tags
from talk_kit.cards.text import cut, first_texts, plain, slide_lines
from talk_kit.cards.theme import GuideColours, ThemeMissing, deck_colours, guide_colours
from talk_kit.decks.model import Deck, german_date
from talk_kit.decks.pages import PLACEHOLDER_SPEAKER, tab_title
from talk_kit.decks.plugin import decks_plugin
from talk_kit.decks.qr import short_address

log = logging.getLogger("mkdocs.plugins.talk_kit.cards")


@dataclass(frozen=True)
class Shared:
    """A page's share: its tags and its card, and where the card goes in the site."""

    share: Share
    card: Card
    card_path: str  # in the site, e.g. `assets/cards/push-und-pull.png`


def card_path(folder: str, dest_uri: str) -> str:
    """`plattformen/facebook/index.html` -> `<folder>/plattformen/facebook.png`."""
    stem = dest_uri.removesuffix("index.html").removesuffix(".html").strip("/") or "index"
    return posixpath.join(folder.strip("/"), f"{stem}.png")


def post_date(page: Page) -> dt.datetime | None:
    """The creation date of a Material blog post (its `date:`), None for other pages."""
    created = getattr(getattr(getattr(page, "config", None), "date", None), "created", None)
    return created if isinstance(created, dt.datetime) else None


class CardsPlugin(BasePlugin[CardsConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.site_url = ""
        self.colours: GuideColours | None = None
        self.locale = ""
        self.cache: CardCache | None = None
        self.shared: dict[str, Shared] = {}  # src_uri -> this build's share of that page

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.shared.clear()
        if not self.config.enabled:
            return config
        self.site_url = config.site_url or ""
        if not self.site_url:
            log.info("cards: no site_url, so no preview cards and tags (og:image must be absolute)")
        found = guide_colours(config.theme.get("palette"), list(config.theme.dirs))
        self.colours = GuideColours(
            self.config.background or found.background,
            self.config.text or found.text,
            self.config.accent or found.accent,
        )
        self.locale = self.config.locale or locale_for(config.theme.get("language"))
        root = Path(config.config_file_path or ".").resolve().parent
        self.cache = CardCache(root / self.config.cache_dir)
        return config

    @property
    def active(self) -> bool:
        return bool(self.config.enabled and self.site_url)

    @event_priority(-60)  # after the decks plugin (-50) has rendered a deck's slides
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.active:
            return html
        deck = self._deck(page, config)
        if deck is not None:
            shared = self._deck_share(deck[0], deck[1], page, config)
        else:
            shared = self._page_share(html, page, config)
        if not page.meta.get("description"):
            page.meta["description"] = shared.share.description
        self.shared[page.file.src_uri] = shared
        return html

    def _deck(self, page: Page, config: MkDocsConfig) -> tuple[Deck, str] | None:
        """The deck shown on `page` and its title slide's HTML, if `page` is a deck page."""
        decks = decks_plugin(config)
        shown = decks.pages.get(page.file.src_uri) if decks else None
        if decks is None or shown is None or decks.library is None:
            return None
        rendered = decks.library.rendered.get(shown[0].name)
        first = rendered.slides[0].html if rendered and rendered.slides else ""
        return shown[0], first

    def _share(
        self,
        page: Page,
        config: MkDocsConfig,
        title: str,
        description: str,
        kind: str,
        alt: str,
    ) -> tuple[Share, str]:
        path = card_path(self.config.path, page.file.dest_uri)
        published = post_date(page)
        share = Share(
            title=title,
            description=description,
            url=page.canonical_url or self.site_url,
            image=self.site_url + path,
            image_alt=alt,
            kind=kind,
            site_name=config.site_name,
            locale=self.locale,
            published=published.isoformat() if published else None,
        )
        return share, path

    def _page_share(self, html: str, page: Page, config: MkDocsConfig) -> Shared:
        heading, paragraph = first_texts(html)
        title = plain(str(page.meta.get("title") or heading or page.title or config.site_name))
        written = page.meta.get("description")
        description = (
            plain(str(written))
            if written
            else cut(paragraph or config.site_description or "", self.config.description_length)
        )
        kind = "website" if page.is_homepage else "article"
        alt = f"Vorschaubild mit dem Titel „{title}“"
        share, path = self._share(page, config, title, description, kind, alt)
        published = post_date(page)
        if published is not None:
            eyebrow = f"Blog · {german_date(published.date())}"
        elif hasattr(page, "posts"):  # a view of Material's blog: its index, archive, category
            eyebrow = "Blog"
        else:
            eyebrow = plain(page.parent.title) if page.parent and page.parent.title else ""
        assert self.colours is not None
        colours = (self.colours.background, self.colours.text, self.colours.accent)
        card = Card("page", title, eyebrow, config.site_name, self._address(), colours)
        self._check_glyphs(card, page.file.src_uri)
        return Shared(share, card, path)

    def _deck_share(self, deck: Deck, title_slide: str, page: Page, config: MkDocsConfig) -> Shared:
        lines = [
            text
            for _tag, text in slide_lines(title_slide)
            if text != deck.title and not PLACEHOLDER_SPEAKER.search(text)
        ]
        written = deck.meta.get("description")
        if written:
            description = plain(str(written))
        else:
            said = ". ".join([*lines[:1], " · ".join(lines[1:])]).strip(". ")
            description = cut(said or config.site_description or deck.title)
        title = tab_title(deck, config.site_name)
        alt = f"Titelfolie des Vortrags „{deck.title}“"
        share, path = self._share(page, config, title, description, "article", alt)
        try:
            theme = deck_colours()
        except ThemeMissing as missing:
            raise PluginError(f"{deck.path}:1: error: deck-card: {missing}") from None
        colours = (theme.ink, theme.muted, theme.blue, theme.orange)
        eyebrow = title.removeprefix(f"{deck.title} · ") if " · " in title else ""
        card = Card(
            "deck", deck.title, eyebrow, config.site_name, self._address(), colours, tuple(lines)
        )
        self._check_glyphs(card, deck.path)
        return Shared(share, card, path)

    def _check_glyphs(self, card: Card, source: str) -> None:
        shown = " ".join([card.title, card.eyebrow, card.site_name, *card.lines])
        missing = missing_glyphs(shown)
        if missing:
            log.warning(
                f"{source}:1: warning: card-glyph: the preview card's font (Arimo) has no "
                f"glyph for {' '.join(missing)}; the card shows a box there"
            )

    def _address(self) -> str:
        return short_address(self.site_url)

    @event_priority(-90)  # after the decks plugin's clean-up, before the CSP plugin (-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        shared = self.shared.get(page.file.src_uri)
        if shared is None:
            return output
        return with_tags(output, meta_tags(shared.share))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.active or self.cache is None or (self.serving and not self.config.on_serve):
            return
        site = Path(config.site_dir)
        drawn, reused = self.cache.drawn, self.cache.reused
        for shared in self.shared.values():
            self.cache.copy(shared.card, site / shared.card_path)
        self.cache.prune()
        log.info(
            f"cards: {len(self.shared)} preview card(s), {self.cache.drawn - drawn} drawn, "
            f"{self.cache.reused - reused} from {self.config.cache_dir}"
        )

    def stats(self) -> dict[str, Any]:
        """Cards drawn and reused since the plugin started (for tests and benchmarks)."""
        cache = self.cache
        return {"drawn": cache.drawn if cache else 0, "reused": cache.reused if cache else 0}
