"""The decks of a project, each parsed once per change.

The decks plugin owns one `DeckLibrary`; the checks and search plugins and the CLI take their
decks from that plugin. The library parses a deck only when the deck or a file it includes has
changed since the last parse (size and modification time of every source), so a build parses
each deck once and `mkdocs serve` (which keeps the plugin) re-parses only what an editor
touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talk_kit.decks.model import Deck, parse_deck

Stamp = tuple[tuple[str, int, int], ...]


def deck_page_uri(decks_path: str, name: str) -> str:
    """Where a deck is published, as a virtual docs path (`folien/<name>.md`).

    The decks plugin adds the page there; its URL is that `File`'s, which the checker and
    search take from the plugin.
    """
    return f"{decks_path}/{name}.md" if decks_path else f"{name}.md"


def _stamp(paths: tuple[Path, ...]) -> Stamp | None:
    try:
        return tuple(
            (str(path), (stat := os.stat(path)).st_mtime_ns, stat.st_size) for path in paths
        )
    except OSError:
        return None


@dataclass
class DeckLibrary:
    """Decks under `source` (`slides/`), parsed lazily and cached per source stamp."""

    source: Path | None
    root: Path
    decks_path: str = "folien"
    content_folders: tuple[Path, ...] = ()
    allow_external_assets: bool = False  # the decks plugin's `allow_external_assets`
    rendered: dict[str, Any] = field(default_factory=dict)  # name -> this build's RenderedDeck
    _cache: dict[Path, tuple[Stamp, Deck]] = field(default_factory=dict)

    def deck_files(self) -> list[Path]:
        """The deck files, `slides/*.md`, in name order (dot files are never decks)."""
        if self.source is None or not self.source.is_dir():
            return []
        return sorted(
            path
            for path in self.source.glob("*.md")
            if not path.name.startswith(".") and path.is_file()
        )

    def decks(self) -> list[Deck]:
        """Every deck, re-parsed only where a source file changed."""
        current: dict[Path, tuple[Stamp, Deck]] = {}
        for path in self.deck_files():
            cached = self._cache.get(path)
            # A deck with findings is always read again: the file it misses may exist now.
            unchanged = cached is not None and _stamp(cached[1].sources) == cached[0]
            if cached is not None and unchanged and not cached[1].findings:
                current[path] = cached
                continue
            deck = parse_deck(path, self.root, self.content_folders, self.allow_external_assets)
            current[path] = (_stamp(deck.sources) or (), deck)
        self._cache = current
        return [deck for _, deck in current.values()]

    def page_uri(self, deck: Deck) -> str:
        return deck_page_uri(self.decks_path, deck.name)
