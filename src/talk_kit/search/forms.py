"""Base forms: the lemmas of a page's words that a stemmed query cannot reach in the words.

The search matches word beginnings. The site's search script (`worker.js`) stems each query
word with lunr's German stemmer and searches for the stem, so "Mitarbeiter" (stem
"mitarbeit") finds "Mitarbeitende" and "barrierefreier" (stem "barrierefrei") finds
"Barrierefreiheit": the stem begins the page's word. It does not where the page's word
changes in front of its ending: an umlaut plural ("Passwörter" for "Passwort", "Räte" for
"Rat"), an irregular plural ("Konten" for "Konto") or a participle ("gepostet" for
"posten"). For such words the index gets their lemma (simplemma's German lexicon), which the
query's stem begins.

A lemma is added only where the word does not already begin with the lemma's stem (Snowball
German, as in lunr; the stem is taken from the lemma itself, so umlauts stay as written), and
only once per entry: the index grows by the forms that make a difference.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Protocol

MIN_WORD = 4  # shorter words ("neu", "tag") are found as typed, or not meant
# Lemmas of auxiliary and modal verbs: stop words of the search ("kann" is "können").
FUNCTION_VERBS = frozenset(
    {"sein", "haben", "werden", "können", "müssen", "sollen", "wollen", "dürfen", "mögen"}
)


class FormsLexicon(Protocol):
    """A lexicon that also knows a word's stem and the lemma of a word as written."""

    def stem(self, word: str) -> str: ...

    def lemma(self, token: str) -> str | None: ...


def stem_in(word: str, lexicon: FormsLexicon) -> str:
    """The beginning of `word` that its stem stands for, as `word` spells it.

    The stemmer folds umlauts and ß ("passwort" for "Passwörter"); the query's word keeps
    them, so the stem's length is measured on `word` itself. ß counts as the "ss" it folds to.
    """
    stem = lexicon.stem(word)
    length = 0
    folded = 0
    while length < len(word) and folded < len(stem):
        folded += 2 if word[length] == "ß" else 1
        length += 1
    return word[:length]


def missing_lemma(token: str, lexicon: FormsLexicon) -> str | None:
    """The lemma (lowercase) of `token` if its stem does not begin the token, else None.

    `token` is taken as written: German capitalises nouns, and the lexicon reads "Arbeit" as
    the noun, but "arbeit" as a form of "abarbeiten".
    """
    word = token.lower()
    if len(word) < MIN_WORD:
        return None
    lemma = lexicon.lemma(token)
    if (
        lemma is None
        or lemma == word
        or len(lemma) < MIN_WORD
        or not lemma.isalpha()
        or lemma in FUNCTION_VERBS
    ):
        return None
    return None if word.startswith(stem_in(lemma, lexicon)) else lemma


def uncovered(forms: Iterable[str], words: Iterable[str]) -> list[str]:
    """The forms that no word and no other form begins with, sorted.

    The search appends `*` to each query word, so a form that begins an indexed word matches
    nothing new: "konto" adds nothing beside "kontoinhaber".
    """
    words = set(words)
    forms = set(forms) - words
    ordered = [*sorted(forms | words), ""]
    pairs = pairwise(ordered)
    return [word for word, after in pairs if word in forms and not after.startswith(word)]
