"""`talk-kit/search`: German search that forgives inflection and compounds, knows the readers'
words and finds slides.

Material's lunr search appends `*` to each query word and matches it against word beginnings;
lunr then neither stems the word nor filters it as a stop word, and Material's German index
keeps words as written (its pipeline has the stop word filter only). So "Unternehmen" finds
"Unternehmenskommunikation", but "Kommunikation" does not, "Mitarbeiter" misses
"Mitarbeitende", and "wie oft posten" finds every page with "wieder". German builds words by
joining nouns and inflects them, and readers search for the part and the form they know.
Readers also use their own words ("Redaktionskalender") for what the guide calls otherwise
("Redaktionsplan").

At build time, before Material writes the search index, this plugin gives each entry hidden
search fields that the browser indexes but never shows:

- `title_parts` and `text_parts`: the endings of the entry's compound words that begin where
  two parts join ("kommunikation" for "Unternehmenskommunikation"), split only where a German
  lexicon knows both parts (`talk_kit.search.compounds`). They weigh like the title or text
  they come from. The visible text and the separator stay as they are, so a query for the
  whole word, or for its first letters while typing, still matches the word itself.
- `title_forms` and `text_forms`: the lemmas of words whose stem a query cannot reach in the
  word itself ("passwort" for "Passwörter", "konto" for "Konten"; `talk_kit.search.forms`).
- `synonyms`: the readers' words of the `synonyms` option on the entries about the guide's
  word (`talk_kit.search.synonyms`).

The query side runs in the browser: the pages start `german-search.js`
(`talk_kit.search.query_worker`), which prepares each query for Material's worker (stop and
question words out, compounds the index lacks split into parts it has, each word searched by
its stem). Deck pages are indexed slide by slide (`talk_kit.search.deck_entries`), from the
slides the decks plugin rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from talk_kit.decks.plugin import decks_plugin
from talk_kit.search.compounds import Lexicon, german_lexicon, searchable_parts
from talk_kit.search.deck_entries import deck_entries
from talk_kit.search.forms import FormsLexicon, missing_lemma, uncovered
from talk_kit.search.lexicon_store import StoredLexicon, store_path
from talk_kit.search.query_worker import WorkerNotFound, add_worker, with_german_worker
from talk_kit.search.synonyms import FIELD as SYNONYMS
from talk_kit.search.synonyms import SynonymError, Synonyms, attach_synonyms, parse_synonyms

# The hidden fields for the compound parts and for the lemmas of each field that readers see.
PARTS_FIELDS = {"title": "title_parts", "text": "text_parts"}
FORMS_FIELDS = {"title": "title_forms", "text": "text_forms"}

_WORD = re.compile(r"[^\W\d_]+")
_TAGS = re.compile(r"<[^>]+>")


def tokens_of(text: str) -> list[str]:
    """The words of `text` (HTML allowed), as written, in order and with repetitions."""
    return _WORD.findall(_TAGS.sub(" ", text))


def words_of(text: str) -> list[str]:
    """The words of `text` (HTML allowed), lowercased, in order and with repetitions."""
    return [word.lower() for word in tokens_of(text)]


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


def forms_text(texts: Iterable[str], lexicon: FormsLexicon) -> str:
    """The lemmas that the words of `texts` need beside them, once each, space-separated."""
    tokens = {token for text in texts for token in tokens_of(text)}
    lemmas = {lemma for token in tokens if (lemma := missing_lemma(token, lexicon))}
    return " ".join(uncovered(lemmas, {token.lower() for token in tokens}))


def add_base_forms(entries: list[dict[str, Any]], lexicon: FormsLexicon) -> None:
    """Give each search entry the lemmas of its title's and its text's words (and parts)."""
    for entry in entries:
        for field, forms_field in FORMS_FIELDS.items():
            texts = (entry.get(field, ""), entry.get(PARTS_FIELDS[field], ""))
            found = forms_text(texts, lexicon)
            if found:
                entry[forms_field] = found
            else:
                entry.pop(forms_field, None)


class SynonymsOption(c.BaseConfigOption[Synonyms]):
    """A mapping of a word of the guide to the words readers search for."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> Synonyms:
        try:
            return parse_synonyms(value)
        except SynonymError as error:
            raise c.ValidationError(str(error)) from None


class GermanSearchConfig(base.Config):
    synonyms = SynonymsOption()
    cache = c.Type(bool, default=True)  # the lexicon's answers in the user's cache folder


class GermanSearchPlugin(BasePlugin[GermanSearchConfig]):
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the worker that prepares German queries for Material's (`worker.js`)."""
        if search_index_plugin(config) is None:
            return files
        try:
            add_worker(files, config)
        except WorkerNotFound as missing:
            raise PluginError(f"talk-kit/search: {missing}") from None
        return files

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Pages start the German worker instead of Material's (before talk-kit/csp hashes)."""
        return with_german_worker(output) if search_index_plugin(config) else output

    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        """Add the slides of a deck page (rendered by the decks plugin) to the search index."""
        index = search_index(config)
        decks = decks_plugin(config)
        if index is None or decks is None or decks.library is None:
            return context
        shown = decks.pages.get(page.file.src_uri)
        rendered = decks.library.rendered.get(shown[0].name) if shown else None
        if rendered is not None:
            index.entries.extend(deck_entries(page.url, rendered))
        return context

    @event_priority(50)  # before Material's search plugin writes search_index.json
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = search_index(config)
        if index is None:
            return
        fields = index.config["fields"]
        for field, parts_field in PARTS_FIELDS.items():
            fields.setdefault(parts_field, {"boost": fields[field]["boost"]})
        for field, forms_field in FORMS_FIELDS.items():
            fields.setdefault(forms_field, {"boost": fields[field]["boost"]})
        fields.setdefault(SYNONYMS, {"boost": fields["title"]["boost"]})  # stands for a title
        stored = StoredLexicon(store_path(), german_lexicon) if self.config.cache else None
        lexicon = stored or german_lexicon()
        add_compound_parts(index.entries, lexicon)
        add_base_forms(index.entries, lexicon)
        if stored is not None:
            stored.save()
        attach_synonyms(index.entries, self.config.synonyms)


def search_index_plugin(config: MkDocsConfig) -> Any | None:
    return config.plugins.get("material/search") or config.plugins.get("search")


def search_index(config: MkDocsConfig) -> Any | None:
    return getattr(search_index_plugin(config), "search_index", None)
