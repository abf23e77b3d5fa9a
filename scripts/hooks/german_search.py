"""Let a search for part of a German compound word find the compound.

Material's lunr search appends `*` to each query term, so "Unternehmen" finds
"Unternehmenskommunikation", but "Kommunikation" does not: lunr matches prefixes only.
German builds words by joining nouns, and readers search for the part they know.

At build time this hook collects the words of the whole index and finds the ones that also end
another, longer word ("kommunikation" in "unternehmenskommunikation"). It then extends the
search separator with zero-width splits in front of those word ends. The browser applies the
same separator to the indexed text and to the query, so "Kommunikation" matches the split
compound, while a query for the full compound still finds it (both halves match).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

MIN_PART = 4  # shorter word ends ("amt", "tag") split too many unrelated words
MIN_HEAD = 3  # "Ge|halt" or "In|halt" are not compounds
_WORD = re.compile(r"[a-zäöüß]+", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def vocabulary(texts: Iterable[str]) -> set[str]:
    """All words of the indexed texts, lowercased."""
    words: set[str] = set()
    for text in texts:
        words.update(word.lower() for word in _WORD.findall(_TAGS.sub(" ", text)))
    return words


def compound_parts(words: set[str]) -> list[str]:
    """Words that are the end of another word with a head of at least `MIN_HEAD` letters."""
    candidates = {word for word in words if len(word) >= MIN_PART}
    parts = {
        word[start:]
        for word in words
        for start in range(MIN_HEAD, len(word) - MIN_PART + 1)
        if word[start:] in candidates
    }
    return sorted(parts, key=lambda part: (-len(part), part))


def compound_separator(separator: str, parts: list[str]) -> str:
    """`separator`, also splitting before each part that follows lowercase letters."""
    if not parts:
        return separator
    alternatives = "|".join(re.escape(part) for part in parts)
    return f"{separator}|(?<=[a-zäöüß]{{{MIN_HEAD}}})(?=(?:{alternatives}))"


@event_priority(50)  # before Material's search plugin writes search_index.json
def on_post_build(config: MkDocsConfig) -> None:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index: Any = getattr(plugin, "search_index", None)
    if index is None:
        return
    words = vocabulary(f"{entry['title']} {entry['text']}" for entry in index.entries)
    base = plugin.config.separator
    index.config["separator"] = compound_separator(base, compound_parts(words))
