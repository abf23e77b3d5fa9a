"""German search that finds: compound parts and the words readers use.

Material's lunr search appends `*` to each query term, so "Unternehmen" finds
"Unternehmenskommunikation", but "Kommunikation" does not: lunr matches word beginnings only.
German builds words by joining nouns, and readers search for the part they know. Readers also
use their own words ("Redaktionskalender") for what the guide calls otherwise
("Redaktionsplan").

At build time, before Material writes the search index, this hook gives each entry hidden
search fields that the browser indexes but never shows:

- `title_parts` and `text_parts`: the endings of the entry's compound words that begin where
  two parts join ("kommunikation" for "Unternehmenskommunikation"), split only where a German
  lexicon knows both parts (`german_compounds`). They weigh like the title or text they come
  from. The visible text and the separator stay as they are, so a query for the whole word,
  or for its first letters while typing, still matches the word itself.
- `synonyms`: the readers' words of `extra.search_synonyms` on the entries about the guide's
  word (`search_synonyms`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from german_compounds import Lexicon, german_lexicon, searchable_parts
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from search_synonyms import FIELD as SYNONYMS
from search_synonyms import SynonymError, attach_synonyms, synonyms_from_config

# The hidden field for the compound parts of each field that readers see.
PARTS_FIELDS = {"title": "title_parts", "text": "text_parts"}

_WORD = re.compile(r"[^\W\d_]+")
_TAGS = re.compile(r"<[^>]+>")


def words_of(text: str) -> list[str]:
    """The words of `text` (HTML allowed), lowercased, in order and with repetitions."""
    return [word.lower() for word in _WORD.findall(_TAGS.sub(" ", text))]


def vocabulary(texts: Iterable[str]) -> set[str]:
    """All words of the indexed texts, lowercased."""
    return {word for text in texts for word in words_of(text)}


def parts_text(text: str, parts: dict[str, tuple[str, ...]]) -> str:
    """The compound parts of the words of `text`, once per occurrence, space-separated."""
    return " ".join(part for word in words_of(text) for part in parts.get(word, ()))


def add_compound_parts(entries: list[dict[str, Any]], lexicon: Lexicon) -> None:
    """Give each search entry the compound parts of its title and its text."""
    words = vocabulary(entry.get(field, "") for entry in entries for field in PARTS_FIELDS)
    parts = {word: found for word in words if (found := searchable_parts(word, lexicon))}
    for entry in entries:
        for field, parts_field in PARTS_FIELDS.items():
            found = parts_text(entry.get(field, ""), parts)
            if found:
                entry[parts_field] = found
            else:
                entry.pop(parts_field, None)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check the synonyms before anything is built: a typo fails with a message, early."""
    try:
        synonyms_from_config(config.extra)
    except SynonymError as error:
        raise PluginError(str(error)) from None
    return config


@event_priority(50)  # before Material's search plugin writes search_index.json
def on_post_build(config: MkDocsConfig) -> None:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index: Any = getattr(plugin, "search_index", None)
    if index is None:
        return
    fields = index.config["fields"]
    for field, parts_field in PARTS_FIELDS.items():
        fields.setdefault(parts_field, {"boost": fields[field]["boost"]})
    fields.setdefault(SYNONYMS, {"boost": fields["title"]["boost"]})  # stands for a title
    add_compound_parts(index.entries, german_lexicon())
    attach_synonyms(index.entries, synonyms_from_config(config.extra))
