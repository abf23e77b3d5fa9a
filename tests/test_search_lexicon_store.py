"""The German lexicon's answers kept between builds (`talk_kit.search.lexicon_store`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talk_kit.search.compounds import german_lexicon, searchable_parts
from talk_kit.search.forms import missing_lemma
from talk_kit.search.lexicon_store import StoredLexicon, read_answers, store_path

WORDS = ["unternehmenskommunikation", "redaktionsplan", "passwörter", "konten", "gepostet"]
TOKENS = ["Passwörter", "Konten", "gepostet", "Arbeit", "arbeit"]


def results(lexicon: object) -> tuple[list[tuple[str, ...]], list[str | None]]:
    """What the search plugin computes from a lexicon: compound parts and missing lemmas."""
    return (
        [searchable_parts(word, lexicon) for word in WORDS],
        [missing_lemma(token, lexicon) for token in TOKENS],
    )


def never_loaded() -> None:
    raise AssertionError("the stored answers should have been enough")


def test_stored_answers_give_the_lexicons_results_without_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    first = StoredLexicon(path, german_lexicon)
    expected = results(german_lexicon())
    assert results(first) == expected
    first.save()
    assert results(StoredLexicon(path, never_loaded)) == expected


def test_the_file_is_named_after_the_library_versions(tmp_path: Path) -> None:
    path = store_path(tmp_path)
    assert path.parent == tmp_path / "talk-kit"
    for library in ("simplemma", "pyphen", "snowballstemmer"):
        assert library in path.name


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"is_word": {"haus": true}}',  # questions missing
        json.dumps(
            {
                "is_word": {"haus": "yes"},  # an answer of the wrong type
                "syllable_breaks": {},
                "lemmas": {},
                "lemma": {},
                "stem": {},
            }
        ),
        json.dumps(
            {
                "is_word": {},
                "syllable_breaks": {"haus": [True]},
                "lemmas": {},
                "lemma": {},
                "stem": {},
            }
        ),
    ],
)
def test_a_file_that_holds_anything_but_answers_counts_as_empty(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text(content, encoding="utf-8")
    assert all(answers == {} for answers in read_answers(path).values())
    stored = StoredLexicon(path, german_lexicon)
    assert results(stored) == results(german_lexicon())
    stored.save()
    assert read_answers(path)["is_word"]  # written anew, readable


def test_two_builds_saving_at_once_keep_both_answers(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    one, other = StoredLexicon(path, german_lexicon), StoredLexicon(path, german_lexicon)
    one.is_word("haus")
    other.is_word("garten")
    one.save()
    other.save()
    assert {"haus", "garten"} <= set(read_answers(path)["is_word"])
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    stored = StoredLexicon(blocked / "lexicon.json", german_lexicon)
    assert stored.is_word("haus") is True
    stored.save()  # cannot create the folder: no error, nothing written
    assert blocked.read_text(encoding="utf-8") == ""
