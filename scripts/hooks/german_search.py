"""German search that finds: compound parts and the words readers use.

Material's lunr search appends `*` to each query term, so "Unternehmen" finds
"Unternehmenskommunikation", but "Kommunikation" does not: lunr matches prefixes only. German
builds words by joining nouns, and readers search for the part they know. Readers also use
their own words ("Redaktionskalender") for what the guide calls otherwise ("Redaktionsplan").

At build time, before Material writes the search index, this hook

1. attaches the synonyms of `extra.search_synonyms` to the entries about the guide's word
   (`search_synonyms`), in a search field of their own;
2. splits the index's words into compound parts where a German lexicon knows both parts
   (`german_compounds`), and
3. extends the search separator so that the browser cuts those words, and queries, at exactly
   these places (`compound_separator`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from compound_separator import LETTER, compound_separator
from german_compounds import compound_splits, german_lexicon
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from search_synonyms import FIELD, SynonymError, attach_synonyms, synonyms_from_config

_WORD = re.compile(f"[{LETTER}]+")
_TAGS = re.compile(r"<[^>]+>")


def vocabulary(texts: Iterable[str]) -> set[str]:
    """All words of the indexed texts, lowercased, as the search separator sees them."""
    words: set[str] = set()
    for text in texts:
        words.update(word.lower() for word in _WORD.findall(_TAGS.sub(" ", text)))
    return words


def indexed_texts(entry: dict[str, Any]) -> Iterable[str]:
    """Every text of a search entry that the browser indexes."""
    yield entry.get("title", "")
    yield entry.get("text", "")
    yield entry.get(FIELD, "")
    yield from entry.get("tags", [])


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
    attach_synonyms(index.entries, synonyms_from_config(config.extra))
    fields = index.config["fields"]
    fields.setdefault(FIELD, {"boost": fields["title"]["boost"]})  # a synonym stands for a title
    words = vocabulary(text for entry in index.entries for text in indexed_texts(entry))
    splits = compound_splits(words, german_lexicon())
    index.config["separator"] = compound_separator(plugin.config.separator, splits)
