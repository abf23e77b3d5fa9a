"""Synonyms: the words readers search for, attached to the sections that use the guide's word.

The guide writes "Redaktionsplan"; people at a talk ask for a "Redaktionskalender". The search
cannot know they mean the same, so the search plugin's `synonyms` option says it:

    plugins:
      - talk-kit/search:
          synonyms:
            Redaktionsplan: [Redaktionskalender, Themenplan]

At build time the sections about the guide's word, those whose title has a word that begins
with it ("Redaktionsplan", "Redaktionspläne" for "Redaktionsplan"), get the readers' words in a
search field of their own, weighted like a title. Where no title has the word, the sections
whose text has it get them. The field is indexed but never shown, so a search for
"Redaktionskalender" finds the page about the Redaktionsplan while its text stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

FIELD = "synonyms"

_WORD = re.compile(r"[^\W\d_]+")  # letters only: the search splits at hyphens too
_TAGS = re.compile(r"<[^>]+>")

Synonyms = dict[str, tuple[str, ...]]


class SynonymError(ValueError):
    """`synonyms` is not a mapping of words to lists of words."""


def parse_synonyms(raw: object) -> Synonyms:
    """Check `synonyms` and return it as guide word (lowercase) → readers' words."""
    if raw is None:
        return {}
    where = "synonyms"
    if not isinstance(raw, Mapping):
        raise SynonymError(
            f"{where} must map a word of the guide to the words readers use, "
            f"e.g. 'Redaktionsplan: [Redaktionskalender]'; got {type(raw).__name__}"
        )
    synonyms: Synonyms = {}
    for term, alternatives in raw.items():
        if not isinstance(term, str) or not _WORD.fullmatch(term):
            raise SynonymError(f"{where}: {term!r} must be one word of the guide")
        if isinstance(alternatives, str):
            alternatives = [alternatives]
        if (
            not isinstance(alternatives, list)
            or not alternatives
            or not all(isinstance(item, str) and item.strip() for item in alternatives)
        ):
            raise SynonymError(f"{where}.{term}: give a list of words, e.g. [Redaktionskalender]")
        synonyms[term.lower()] = tuple(item.strip() for item in alternatives)
    return synonyms


def mentions(text: str, term: str) -> bool:
    """Whether a word of `text` (HTML allowed) begins with `term` (lowercase)."""
    return any(word.lower().startswith(term) for word in _WORD.findall(_TAGS.sub(" ", text)))


def attach_synonyms(entries: Iterable[dict[str, Any]], synonyms: Synonyms) -> None:
    """Give the search entries about each guide word the readers' words for it."""
    entries = list(entries)
    found: dict[int, list[str]] = {}
    for term, alternatives in synonyms.items():
        about = [index for index, entry in enumerate(entries) if mentions(entry["title"], term)]
        if not about:
            about = [index for index, entry in enumerate(entries) if mentions(entry["text"], term)]
        for index in about:
            found.setdefault(index, []).extend(alternatives)
    for index, entry in enumerate(entries):
        if index in found:
            entry[FIELD] = " ".join(found[index])
        else:
            entry.pop(FIELD, None)
