"""Unit tests of the German search hook: compound splitting, hidden search fields, synonyms."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from talk_kit.search import compounds as german_compounds
from talk_kit.search import plugin as german_search
from talk_kit.search import synonyms as search_synonyms

LEXICON = german_compounds.german_lexicon()


@dataclass
class FakeLexicon:
    """A lexicon of a few words, for rules that should not depend on simplemma's word list."""

    words: set[str]
    lemma_of: dict[str, str] = field(default_factory=dict)
    no_breaks: set[str] = field(default_factory=set)

    def is_word(self, word: str) -> bool:
        return word in self.words

    def syllable_breaks(self, word: str) -> frozenset[int]:
        return frozenset() if word in self.no_breaks else frozenset(range(1, len(word)))

    def lemmas(self, word: str) -> frozenset[str]:
        return frozenset({self.lemma_of[word]}) if word in self.lemma_of else frozenset()


def parts(word: str, lexicon: object = LEXICON) -> tuple[str, ...]:
    return german_compounds.compound_parts(word, lexicon)


# Splitting with the real lexicon (simplemma's German forms, pyphen's German hyphenation)


@pytest.mark.parametrize("word", ["schalten", "beantworten", "kommentare", "beschreibung"])
def test_ordinary_words_stay_whole(word: str) -> None:
    """The old splitter cut "sch|alten" and "beantw|orten" at any word ending."""
    assert parts(word) == ()


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("unternehmenskommunikation", ("unternehmens", "kommunikation")),
        ("redaktionskalender", ("redaktions", "kalender")),  # never "redaktionskal|ender"
        ("redaktionsplan", ("redaktions", "plan")),
        ("wettbewerbsrecht", ("wettbewerbs", "recht")),
        ("gewinnspiele", ("gewinn", "spiele")),
        ("kennzahlen", ("kenn", "zahlen")),
        ("barrierefreiheit", ("barriere", "freiheit")),
        ("internetnutzerinnen", ("internet", "nutzerinnen")),
    ],
)
def test_compounds_split_where_both_parts_are_words(word: str, expected: tuple) -> None:
    assert parts(word) == expected


@pytest.mark.parametrize(
    "word",
    [
        "nutzerinnen",  # "nutze|rinnen": the lexicon knows it as a form of "Nutzerin"
        "ergebnisse",  # "ergeb|nisse": a form of "Ergebnis", not of "Nisse"
        "gründung",  # "grün|dung": a suffix that is also a word
        "unternehmen",  # "unter|nehmen": a prefix, not a compound
        "gesehen",  # "ges|ehen": "Ges" is an abbreviation, and no syllable ends there
    ],
)
def test_derived_words_and_lexicon_oddities_stay_whole(word: str) -> None:
    assert parts(word) == ()


# The rules, on a lexicon of a few words


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("redaktionsplan", ("redaktions", "plan")),  # -s-
        ("tagesbudget", ("tages", "budget")),  # -es-
        ("kundenservice", ("kunden", "service")),  # -n-
        ("heldengeschichte", ("helden", "geschichte")),  # -en-
        ("hundehütte", ("hunde", "hütte")),  # -e-
        ("bildrechte", ("bild", "rechte")),  # no linking element
    ],
)
def test_linking_elements(word: str, expected: tuple) -> None:
    lexicon = FakeLexicon(
        {"redaktion", "plan", "tag", "budget", "kunde", "service", "held", "geschichte"}
        | {"hund", "hütte", "bild", "rechte"}
    )
    assert parts(word, lexicon) == expected


def test_other_letters_between_parts_are_no_linking_element() -> None:
    assert parts("redaktionxplan", FakeLexicon({"redaktion", "plan"})) == ()


def test_fewest_parts_win_and_keep_known_compounds_together() -> None:
    lexicon = FakeLexicon({"daten", "schutz", "datenschutz", "verordnung"})
    assert parts("datenschutzverordnung", lexicon) == ("datenschutz", "verordnung")
    assert parts("datenschutz", lexicon) == ("daten", "schutz")


def test_each_joint_of_a_longer_compound_is_a_split() -> None:
    lexicon = FakeLexicon({"bild", "daten", "bank"})
    assert parts("bilddatenbank", lexicon) == ("bild", "daten", "bank")


def test_split_needs_a_syllable_boundary() -> None:
    lexicon = FakeLexicon({"redaktion", "plan"}, no_breaks={"redaktionsplan"})
    assert parts("redaktionsplan", lexicon) == ()


def test_parts_are_long_enough_have_a_vowel_and_are_no_function_words() -> None:
    lexicon = FakeLexicon({"sch", "alten", "bei", "spiel", "zeit", "ges", "ehen"})
    assert parts("schalten", lexicon) == ()  # "sch": no vowel, three letters
    assert parts("beispiel", lexicon) == ()  # "bei": a preposition
    assert parts("gesehen", lexicon) == ()  # "ges": three letters
    assert parts("zeitbei", lexicon) == ()  # "bei" as the last part


def test_a_known_word_splits_only_before_a_part_it_inflects_like() -> None:
    lexicon = FakeLexicon(
        {"nutze", "rinnen", "nutzerinnen"},
        lemma_of={"nutzerinnen": "nutzerin", "rinnen": "rinne"},
    )
    assert parts("nutzerinnen", lexicon) == ()
    lexicon.lemma_of["nutzerinnen"] = "nutzerrinne"
    assert parts("nutzerinnen", lexicon) == ("nutze", "rinnen")


# The hidden search fields


def test_searchable_parts_are_the_endings_from_each_joint() -> None:
    lexicon = FakeLexicon({"bild", "daten", "bank"})
    assert german_compounds.searchable_parts("bilddatenbank", lexicon) == ("datenbank", "bank")
    assert german_compounds.searchable_parts("bild", lexicon) == ()


def test_entries_get_the_parts_of_their_title_and_text_words() -> None:
    entries = [
        {"location": "a/", "title": "Unternehmenskommunikation", "text": "<p>Werbung schalten</p>"},
        {
            "location": "b/",
            "title": "Plan",
            "text": "Ein Redaktionskalender, noch ein Redaktionskalender.",
            "text_parts": "stale",
        },
    ]
    german_search.add_compound_parts(entries, LEXICON)
    assert entries[0]["title_parts"] == "kommunikation"
    assert "text_parts" not in entries[0]  # "sch|alten" is no compound
    assert "title_parts" not in entries[1]
    assert entries[1]["text_parts"] == "kalender kalender"  # once per occurrence
    assert entries[1]["text"] == "Ein Redaktionskalender, noch ein Redaktionskalender."


def test_vocabulary_ignores_markup_and_lowercases() -> None:
    words = german_search.vocabulary(["Unternehmenskommunikation und <b>Kommunikation</b>"])
    assert words == {"unternehmenskommunikation", "und", "kommunikation"}
    assert german_search.words_of("„Boost“ (Lichtbild) 25.000") == ["boost", "lichtbild"]


# Synonyms


SYNONYMS = {"Redaktionsplan": ["Redaktionskalender", "Themenplan"], "Anzeige": "Werbung schalten"}


def test_synonyms_are_read_from_the_configuration() -> None:
    assert search_synonyms.parse_synonyms(SYNONYMS) == {
        "redaktionsplan": ("Redaktionskalender", "Themenplan"),
        "anzeige": ("Werbung schalten",),
    }
    assert search_synonyms.parse_synonyms(None) == {}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (["Redaktionsplan"], "must map a word of the guide"),
        ({"Redaktions plan": ["x"]}, "must be one word"),
        ({"Social-Media": ["x"]}, "must be one word"),
        ({"Redaktionsplan": []}, "give a list of words"),
        ({"Redaktionsplan": [3]}, "give a list of words"),
        ({"Redaktionsplan": None}, "give a list of words"),
    ],
)
def test_bad_synonyms_fail_with_a_message(raw: object, message: str) -> None:
    with pytest.raises(search_synonyms.SynonymError, match=message):
        search_synonyms.parse_synonyms(raw)


def test_bad_synonyms_are_an_invalid_option() -> None:
    config = german_search.GermanSearchConfig()
    config.load_dict({"synonyms": {"Redaktionsplan": "  "}})
    failed, _ = config.validate()
    assert [(key, str(problem)) for key, problem in failed] == [
        ("synonyms", "synonyms.Redaktionsplan: give a list of words, e.g. [Redaktionskalender]")
    ]


def test_synonyms_go_to_the_sections_about_the_word() -> None:
    entries = [
        {"location": "plan/", "title": "Redaktionspläne", "text": "Wie man plant."},
        {"location": "plan/#tipps", "title": "Tipps", "text": "Ein Redaktionsplan hilft."},
        {"location": "werbung/", "title": "Werbung", "text": "Eine <b>Anzeige</b> schalten."},
        {"location": "other/", "title": "Sonst", "text": "Nichts davon.", "synonyms": "alt"},
    ]
    synonyms = search_synonyms.parse_synonyms(
        {"Redaktionspl": ["Redaktionskalender"], "Anzeige": ["Werbung schalten", "Ads"]}
    )
    search_synonyms.attach_synonyms(entries, synonyms)
    assert entries[0]["synonyms"] == "Redaktionskalender"  # the title is about it
    assert "synonyms" not in entries[1]  # only mentions it: a title elsewhere has the word
    assert entries[2]["synonyms"] == "Werbung schalten Ads"  # no title has it: the text counts
    assert "synonyms" not in entries[3]  # an earlier build's synonyms do not linger
