"""The German lexicon's answers, kept between builds in the user's cache folder.

Loading simplemma's German forms and pyphen's hyphenation patterns takes about a second, a
third of this site's build, while the answers one site needs are a few thousand. So each
answer the build asks for is kept in a file named after the versions of the libraries that
gave it (`~/.cache/talk-kit/`, or `$XDG_CACHE_HOME/talk-kit/`), and a library is loaded only
for a question the file cannot answer. The file holds answers, not results: how compounds are
split and which forms are added (`compounds.py`, `forms.py`) is computed anew in every build.

A file that cannot be read, or holds anything but answers of the right types, counts as
empty; one that cannot be written leaves the next build to ask the lexicon again.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from talk_kit.search.compounds import GermanLexicon

LIBRARIES = ("simplemma", "pyphen", "snowballstemmer")
FORMAT = 1  # raise when the file's layout changes


def store_path(cache_home: Path | None = None) -> Path:
    """The file for the installed library versions, in `cache_home` (default: the user's)."""
    if cache_home is None:
        cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    versions = "-".join(f"{name}{version(name)}" for name in LIBRARIES)
    return cache_home / "talk-kit" / f"german-lexicon-{FORMAT}-{versions}.json"


# Each question, with a check that a stored answer has the type the lexicon gives.
_QUESTIONS: dict[str, Callable[[Any], bool]] = {
    "is_word": lambda answer: isinstance(answer, bool),
    "syllable_breaks": lambda answer: _list_of(answer, int),
    "lemmas": lambda answer: _list_of(answer, str),
    "lemma": lambda answer: answer is None or isinstance(answer, str),
    "stem": lambda answer: isinstance(answer, str),
}


def _list_of(answer: Any, kind: type) -> bool:
    return isinstance(answer, list) and all(
        isinstance(item, kind) and not isinstance(item, bool) for item in answer
    )


class StoredLexicon:
    """The `Lexicon` and `FormsLexicon` of the search plugin: stored answers first, then the
    lexicon `load` gives (called once, at the first question the file cannot answer)."""

    def __init__(self, path: Path, load: Callable[[], GermanLexicon]) -> None:
        self.path = path
        self._load = load
        self._lexicon: GermanLexicon | None = None
        self._answers = read_answers(path)
        self._new = False

    def is_word(self, word: str) -> bool:
        return self._answer("is_word", word, lambda lexicon: lexicon.is_word(word))

    def syllable_breaks(self, word: str) -> frozenset[int]:
        return frozenset(
            self._answer(
                "syllable_breaks", word, lambda lexicon: sorted(lexicon.syllable_breaks(word))
            )
        )

    def lemmas(self, word: str) -> frozenset[str]:
        return frozenset(self._answer("lemmas", word, lambda lexicon: sorted(lexicon.lemmas(word))))

    def lemma(self, token: str) -> str | None:
        return self._answer("lemma", token, lambda lexicon: lexicon.lemma(token))

    def stem(self, word: str) -> str:
        return self._answer("stem", word, lambda lexicon: lexicon.stem(word))

    def _answer(self, question: str, key: str, ask: Callable[[GermanLexicon], Any]) -> Any:
        answers = self._answers[question]
        if key not in answers:
            if self._lexicon is None:
                self._lexicon = self._load()
            answers[key] = ask(self._lexicon)
            self._new = True
        return answers[key]

    def save(self) -> None:
        """Write the answers, with those another build wrote meanwhile, if any were new."""
        if not self._new:
            return
        merged = read_answers(self.path)
        for question, answers in self._answers.items():
            merged[question].update(answers)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(merged, ensure_ascii=False, separators=(",", ":"))
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.path)  # readers see the old file or the new one
        except OSError:
            with contextlib.suppress(OSError):  # never written, or the folder is gone
                temporary.unlink()
            return
        self._new = False


def read_answers(path: Path) -> dict[str, dict[str, Any]]:
    """The answers in `path`, by question; empty where the file is missing or not answers."""
    empty: dict[str, dict[str, Any]] = {question: {} for question in _QUESTIONS}
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty
    if not isinstance(stored, dict) or set(stored) != set(_QUESTIONS):
        return empty
    for question, valid in _QUESTIONS.items():
        answers = stored[question]
        if not isinstance(answers, dict) or not all(map(valid, answers.values())):
            return empty
    return stored
