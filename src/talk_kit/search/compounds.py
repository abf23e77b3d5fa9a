"""Split German compound words only where every part is a German word.

Readers search for the part of a compound they know ("Kommunikation" for
"Unternehmenskommunikation"), so the search index must know where compounds join. Splitting at
any word ending that happens to be a word ("sch|alten", "beantw|orten", "Redaktionskal|ender")
finds parts that are none, and a fragment such as "sch" then matches half the site.

Here a word is split only where two checks agree:

- every part is a German word (simplemma's German lexicon, about 1.1 million inflected forms);
  each part but the last may end in a linking element (Fugenelement: "Redaktion-s-plan",
  "Tag-es-budget", "Kunde-n-service");
- the boundary is a syllable boundary of the whole word (the LibreOffice German hyphenation
  patterns, via pyphen). The lexicon also knows abbreviations and names ("Ges", "Adr", "Chen"),
  which would split "ges|ehen" or "adr|esse"; hyphenation says "ge-se-hen", "Adres-se".

Among the possible splits the one with the fewest parts wins: "Datenschutz|verordnung", not
three pieces.
"""

from __future__ import annotations

from functools import cache, cached_property
from typing import Protocol

import pyphen
import simplemma
import snowballstemmer

LINKING_ELEMENTS = ("", "s", "es", "n", "en", "e")
MIN_STEM = 3  # shortest first part without its linking element: "Amt-s", "Tag-es"
MIN_HEAD = 4  # shortest first part with it; three-letter heads are mostly abbreviations
MIN_TAIL = 4  # shortest last part; three-letter ends ("…tag", "…rat") are rarely searched
VOWELS = frozenset("aeiouyäöü")

# Closed-class words that a lexicon knows but that begin derived words, not compounds: verb
# particles, prefixes and their combinations ("Unter|nehmen", "Bei|spiel", "zuge|stimmt",
# "veran|lassen"), articles and pronouns ("Der|zeit"). No part of a compound may be one.
# fmt: off
FUNCTION_WORDS = frozenset({
    "ab", "an", "auf", "aus", "bei", "dar", "durch", "ein", "ent", "für", "gegen", "her",
    "hin", "hinter", "in", "los", "miss", "mit", "nach", "neben", "nieder", "ohne", "um",
    "unter", "ur", "über", "von", "vor", "weg", "wider", "wieder", "zer", "zu", "zusammen",
    "zwischen", "außer", "inner", "ober", "selbst", "sich", "der", "die", "das", "den", "dem",
    "des", "eine", "einer", "eines", "einem", "einen", "sein", "seine", "ihr", "ihre", "wir",
    "sie", "ich", "euer", "unser", "dies", "diese", "dieser", "zuge", "darge", "vorzu",
    "veran", "unan",
})
# fmt: on

# Word endings that are also words ("Dung", "Chen", "bare"), but in German text are nearly
# always a suffix: "Grün|dung", "brau|chen", "erkenn|bare" are derived words, not compounds.
# fmt: off
SUFFIX_LOOKALIKES = frozenset({
    "bar", "bare", "barem", "baren", "barer", "bares", "chen", "dung", "dungen",
})
# fmt: on


class Lexicon(Protocol):
    """What splitting needs to know about German: words, and where syllables meet."""

    def is_word(self, word: str) -> bool: ...

    def syllable_breaks(self, word: str) -> frozenset[int]: ...

    def lemmas(self, word: str) -> frozenset[str]: ...


class GermanLexicon:
    """simplemma's German forms and pyphen's German hyphenation, loaded once per process."""

    def __init__(self) -> None:
        self._stemmer = snowballstemmer.stemmer("german")

    @cached_property
    def _hyphenator(self) -> pyphen.Pyphen:
        return pyphen.Pyphen(lang="de_DE")  # half a second: only when a word needs it

    @cache  # noqa: B019 - one lexicon per process (see `german_lexicon`), never collected
    def is_word(self, word: str) -> bool:
        """Whether `word` (lowercase) is a German form, in any capitalisation."""
        return simplemma.is_known(word, lang="de", low_memory=True)

    def syllable_breaks(self, word: str) -> frozenset[int]:
        """Positions in `word` where it may be hyphenated."""
        return frozenset(self._hyphenator.positions(word))

    @cache  # noqa: B019 - as above
    def lemmas(self, word: str) -> frozenset[str]:
        """Base forms of `word` (lowercase) as noun and as other word; empty if unknown."""
        if not self.is_word(word):
            return frozenset()
        return frozenset(
            simplemma.lemmatize(form, lang="de", low_memory=True).lower()
            for form in (word, word.capitalize())
        )

    @cache  # noqa: B019 - as above
    def lemma(self, token: str) -> str | None:
        """The base form (lowercase) of `token` as written, or None if the lexicon lacks it."""
        if not simplemma.is_known(token, lang="de", low_memory=True):
            return None
        return simplemma.lemmatize(token, lang="de", low_memory=True).lower()

    @cache  # noqa: B019 - as above
    def stem(self, word: str) -> str:
        """The Snowball stem of `word` (lowercase); umlauts fold ("räte" → "rat")."""
        return self._stemmer.stemWord(word)


@cache
def german_lexicon() -> GermanLexicon:
    """The lexicon, shared by every build of one process (`mkdocs serve` rebuilds)."""
    return GermanLexicon()


def _could_be_part(word: str, minimum: int, lexicon: Lexicon) -> bool:
    """A word long enough to be a compound part, with a vowel, and no function word."""
    return (
        len(word) >= minimum
        and not VOWELS.isdisjoint(word)
        and word not in FUNCTION_WORDS
        and lexicon.is_word(word)
    )


def is_head(part: str, lexicon: Lexicon) -> bool:
    """Whether `part` can start a compound: a word, optionally with a linking element."""
    return (
        len(part) >= MIN_HEAD
        and part not in FUNCTION_WORDS
        and any(
            part.endswith(link) and _could_be_part(part[: len(part) - len(link)], MIN_STEM, lexicon)
            for link in LINKING_ELEMENTS
        )
    )


def inflects_like(word: str, tail: str, lexicon: Lexicon) -> bool:
    """Whether `word` could end in the word `tail`: a compound inflects like its last part.

    The lexicon knows "Nutzerinnen" as a form of "Nutzerin", which does not end in "Rinne", so
    "nutze|rinnen" is no compound; a word the lexicon does not know passes.
    """
    word_lemmas = lexicon.lemmas(word)
    return not word_lemmas or any(
        lemma.endswith(base) for lemma in word_lemmas for base in lexicon.lemmas(tail)
    )


def is_tail(part: str, lexicon: Lexicon) -> bool:
    """Whether `part` can end a compound: a word of at least `MIN_TAIL` letters."""
    return part not in SUFFIX_LOOKALIKES and _could_be_part(part, MIN_TAIL, lexicon)


def compound_parts(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The parts of `word` (lowercase), fewest first; `()` if it is no compound of words.

    Ties between splits with as many parts go to the longer first part, which keeps known
    compounds together inside longer ones ("Datenschutz|grund|verordnung").
    """
    breaks = lexicon.syllable_breaks(word)

    @cache
    def rest(start: int) -> tuple[str, ...] | None:
        """Fewest parts for `word[start:]`: heads, then one tail."""
        tail = word[start:]
        if start > 0 and is_tail(tail, lexicon) and inflects_like(word, tail, lexicon):
            return (tail,)
        best: tuple[str, ...] | None = None
        for end in range(len(word) - MIN_TAIL, start + MIN_STEM - 1, -1):
            if end not in breaks or not is_head(word[start:end], lexicon):
                continue
            remainder = rest(end)
            if remainder is not None and (best is None or len(remainder) + 1 < len(best)):
                best = (word[start:end], *remainder)
        return best

    return rest(0) or ()


def searchable_parts(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The endings of `word` (lowercase) that begin where two of its parts join, longest first.

    "barrierefreiheitsstärkungsgesetz" gives ("stärkungsgesetz", "gesetz"). Search matches
    word beginnings, so these endings make every part findable: "Stärkungsgesetz" and
    "Gesetz" directly, "Stärkung" as the beginning of "stärkungsgesetz", "Barrierefreiheit" as
    the beginning of the word itself.
    """
    parts = compound_parts(word, lexicon)
    return tuple("".join(parts[index:]) for index in range(1, len(parts)))
