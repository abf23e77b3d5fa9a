"""The decks of a project, each parsed once per change.

Three MkDocs hooks (deck pages, checks, search) and the CLI all need the same decks. They take
them from one `DeckLibrary`, which parses a deck only when the deck or a file it includes has
changed since the last parse (size and modification time of every source), so a build parses
each deck once and `mkdocs serve` re-parses only what an editor touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .config import deck_folders
from .deck import Deck, parse_deck
from .includes import allowed_folders
from .site_index import page_url

Stamp = tuple[tuple[str, int, int], ...]


def deck_page_uri(decks_path: str, name: str) -> str:
    """Where a deck is published, as a virtual docs path (`folien/<name>.md`).

    The one answer to "where is this deck": the deck hook adds the page there, the checker
    resolves links against it, search entries point to its URL.
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
    allow_external_assets: bool = False  # `extra.decks.allow_external_assets` in mkdocs.yml
    parses: int = 0  # how many times a deck file was parsed (the tests count them)
    rendered: dict[str, Any] = field(default_factory=dict)  # name -> this build's RenderedDeck
    _cache: dict[Path, tuple[Stamp, Deck]] = field(default_factory=dict)

    _shared: ClassVar[dict[tuple[Path | None, Path], DeckLibrary]] = {}

    @classmethod
    def shared(cls, source: Path | None, root: Path) -> DeckLibrary:
        """The library of one project, kept across the builds of a `mkdocs serve` session."""
        key = (source, root)
        if key not in cls._shared:
            cls._shared[key] = cls(source, root)
        return cls._shared[key]

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
            self.parses += 1
            current[path] = (_stamp(deck.sources) or (), deck)
        self._cache = current
        return [deck for _, deck in current.values()]

    def page_uri(self, deck: Deck) -> str:
        return deck_page_uri(self.decks_path, deck.name)

    def page_url(self, deck: Deck, use_directory_urls: bool = True) -> str:
        return page_url(self.page_uri(deck), use_directory_urls)


def library_for(extra: dict[str, Any], config_file: Path, docs_dir: Path | None) -> DeckLibrary:
    """The deck library of the project configured by `config_file` (`extra: decks:`)."""
    root = config_file.resolve().parent
    source, decks_path = deck_folders(extra, root)
    settings = extra.get("decks") if isinstance(extra.get("decks"), dict) else {}
    library = DeckLibrary.shared(source, root)
    library.decks_path = decks_path
    library.content_folders = allowed_folders(source, docs_dir)
    library.allow_external_assets = settings.get("allow_external_assets") is True
    return library
