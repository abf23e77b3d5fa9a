"""Unit tests of the German search plugin: compounds, lemmas, hidden fields, synonyms, worker."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from talk_kit.search import compounds as german_compounds
from talk_kit.search import forms as german_forms
from talk_kit.search import plugin as german_search
from talk_kit.search import query_worker
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


# Lemmas that a stemmed query cannot reach in the page's words (talk_kit.search.forms)


@dataclass(eq=False)
class FakeFormsLexicon:
    """Lemmas and stems of a few words, for rules that should not depend on the lexicon."""

    lemma_of: dict[str, str]
    stem_of: dict[str, str] = field(default_factory=dict)

    def lemma(self, token: str) -> str | None:
        return self.lemma_of.get(token)

    def stem(self, word: str) -> str:
        return self.stem_of.get(word, word)


@pytest.mark.parametrize(
    ("token", "lemma"),
    [
        ("Passwörter", "passwort"),  # umlaut plural: "passwort*" does not begin "passwörter"
        ("Betriebsräte", "betriebsrat"),
        ("Konten", "konto"),  # irregular plural
        ("gepostet", "posten"),  # participle
        ("abgemahnt", "abmahnen"),
    ],
)
def test_a_word_gets_the_lemma_its_stem_does_not_begin(token: str, lemma: str) -> None:
    assert german_forms.missing_lemma(token, LEXICON) == lemma


@pytest.mark.parametrize(
    "token",
    [
        "Mitarbeitenden",  # lemma "Mitarbeitende": the word begins with it
        "barrierefreie",  # "barrierefrei"
        "Bewertungen",  # "Bewertung"
        "Öffnungszeiten",  # the lemma's stem keeps its umlaut as written: "öffnungszeit"
        "Arbeit",  # as written, a noun: not a form of "abarbeiten"
        "kann",  # "können" is a stop word of the search
        "neu",  # too short to be worth a form
    ],
)
def test_a_word_that_begins_with_its_lemmas_stem_gets_nothing(token: str) -> None:
    assert german_forms.missing_lemma(token, LEXICON) is None


def test_the_stem_is_measured_on_the_word_as_written() -> None:
    lexicon = FakeFormsLexicon({}, {"straße": "strass", "verträge": "vertrag"})
    assert german_forms.stem_in("straße", lexicon) == "straß"  # ß folds to two letters
    assert german_forms.stem_in("verträge", lexicon) == "verträg"


def test_a_lemma_is_added_only_where_the_stem_does_not_begin_the_word() -> None:
    lexicon = FakeFormsLexicon(
        {"Konten": "konto", "Kunden": "kunde", "Medien": "medium"},
        {"konto": "konto", "kunde": "kund", "medium": "medi"},
    )
    assert german_forms.missing_lemma("Konten", lexicon) == "konto"
    assert german_forms.missing_lemma("Kunden", lexicon) is None  # "kund" begins "kunden"
    assert german_forms.missing_lemma("Medien", lexicon) is None  # "medi" begins "medien"


def test_forms_that_an_indexed_word_or_form_begins_are_left_out() -> None:
    forms = {"konto", "kontakt", "gesetz", "gesetze", "bild"}
    words = {"kontoinhaber", "bild", "haus"}
    assert german_forms.uncovered(forms, words) == ["gesetze", "kontakt"]
    assert german_forms.uncovered(set(), set()) == []


def test_entries_get_the_lemmas_of_their_title_text_and_parts() -> None:
    entries = [
        {
            "location": "konto/",
            "title": "Konten absichern",
            "text": "<p>Passwörter und Fachbeiträge, Passwörter.</p>",
            "text_parts": "beiträge",
        },
        {"location": "b/", "title": "Bewertungen", "text": "Kunden", "text_forms": "stale"},
    ]
    german_search.add_base_forms(entries, LEXICON)
    assert entries[0]["title_forms"] == "konto"
    assert entries[0]["text_forms"] == "beitrag fachbeitrag passwort"  # once each, sorted
    assert entries[0]["text"] == "<p>Passwörter und Fachbeiträge, Passwörter.</p>"
    assert "title_forms" not in entries[1]
    assert "text_forms" not in entries[1]  # an earlier build's forms do not linger


# The worker that prepares queries (talk_kit.search.query_worker, worker.js)

CONFIG_SCRIPT = '<script id="__config" type="application/json">{}</script>'


def page_with_worker(url: str) -> str:
    settings = {"base": "../..", "search": url, "translations": {}}
    return f"<html><body>{CONFIG_SCRIPT.format(json.dumps(settings))}<p>{url}</p></body></html>"


def test_pages_start_the_german_worker_beside_materials() -> None:
    url = "../../assets/javascripts/workers/search.a7633da7.min.js"
    page = query_worker.with_german_worker(page_with_worker(url))
    german = "../../assets/javascripts/workers/german-search.js"
    assert f'"search": "{german}"' in page
    assert f"<p>{url}</p>" in page  # only the configuration changes


def test_a_page_without_materials_worker_stays_as_it_is() -> None:
    for page in ("<html></html>", page_with_worker("assets/other-worker.js")):
        assert query_worker.with_german_worker(page) == page


def test_the_worker_loads_materials_worker_by_its_file_name(tmp_path: Path) -> None:
    overrides, theme = tmp_path / "overrides", tmp_path / "material"
    workers = theme / query_worker.WORKERS
    workers.mkdir(parents=True)
    (workers / "search.a7633da7.min.js.map").write_text("{}")
    with pytest.raises(query_worker.WorkerNotFound):
        query_worker.material_worker([str(overrides), str(theme)])
    (workers / "search.a7633da7.min.js").write_text("")
    assert query_worker.material_worker([str(overrides), str(theme)]) == "search.a7633da7.min.js"
    source = query_worker.worker_source("search.a7633da7.min.js")
    assert 'const MATERIAL_WORKER = "search.a7633da7.min.js"' in source
    assert query_worker.PLACEHOLDER not in source
