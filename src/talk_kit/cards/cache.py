"""Cards kept by content: a card whose words and colours are unchanged is copied, not drawn.

The key is a hash of everything that shows on the card and of what draws it (this module's
layout version, Pillow's and the font's versions), so a new font or layout draws every card
anew. A file is written beside its final name and renamed, so builds running side by side
never read half a card; files unused for `MAX_AGE_DAYS` are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict
from functools import cache
from importlib.metadata import version
from pathlib import Path

from talk_kit.cards.render import Card, png

LAYOUT_VERSION = 1  # raise when render.py draws differently
MAX_AGE_DAYS = 30


@cache
def _drawn_by() -> str:
    return f"{LAYOUT_VERSION}/{version('pillow')}/{version('fontpkg-arimo')}"


def card_key(card: Card) -> str:
    text = json.dumps([_drawn_by(), asdict(card)], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class CardCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.drawn = 0
        self.reused = 0

    def path(self, card: Card) -> Path:
        """The card's file in the cache, drawn now if it is not there yet."""
        cached = self.folder / f"{card_key(card)}.png"
        try:
            os.utime(cached)  # still in use: kept by `prune`
        except FileNotFoundError:
            pass
        else:
            self.reused += 1
            return cached
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}.partial")
        partial.write_bytes(png(card))
        partial.replace(cached)
        self.drawn += 1
        return cached

    def copy(self, card: Card, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path(card), target)

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Remove cards no build has used for `max_age_days`; returns how many."""
        oldest = time.time() - max_age_days * 86400
        removed = 0
        for path in self.folder.glob("*.png") if self.folder.is_dir() else ():
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another build removed it
                continue
        return removed
