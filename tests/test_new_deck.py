"""`./scripts/new-deck NAME`: a deck for another event from the reuse pattern, never over a file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from project_copy import build, copy_project

from talk_kit.decks.model import markdown_text, parse_deck
from talk_kit.presenter.new_deck import PATTERN, DeckRefused, create_deck

HOSTILE_EVENT = 'Messe <script>alert("x")</script> & {{ title }} *fett*'


@pytest.fixture
def slides(tmp_path: Path) -> Path:
    """A slides folder with the pattern and the talk it includes."""
    folder = tmp_path / "slides"
    folder.mkdir()
    for name in (PATTERN, "neue-medien-neue-chancen.md"):
        (folder / name).write_bytes((ROOT / "slides" / name).read_bytes())
    return folder


def test_new_deck_has_the_events_front_matter_and_the_talks_slides(slides: Path) -> None:
    created = create_deck(slides, "messe-2027", HOSTILE_EVENT, "2027-05-04", "Halle 3, Stand 12")
    assert created == slides / "messe-2027.md"
    deck = parse_deck(created, slides.parent)
    talk = parse_deck(slides / "neue-medien-neue-chancen.md", slides.parent)
    assert deck.findings == []
    assert deck.meta["event"] == HOSTILE_EVENT
    assert deck.meta["venue"] == "Halle 3, Stand 12"
    assert deck.meta["date"] == dt.date(2027, 5, 4)
    assert [slide.title for slide in deck.slides] == [slide.title for slide in talk.slides]
    assert markdown_text(HOSTILE_EVENT) in deck.slides[0].body  # as text on the title slide


def test_an_existing_deck_is_never_overwritten(slides: Path) -> None:
    existing = slides / "messe-2027.md"
    existing.write_text("mine", encoding="utf-8")
    with pytest.raises(DeckRefused, match="exists"):
        create_deck(slides, "messe-2027", event="Andere Messe")
    assert existing.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    "name",
    ["../messe", "folien/messe", "Messe", "messe 2027", "-messe", "messe--2027", "", "m" * 81],
)
def test_a_name_that_is_no_address_is_refused(slides: Path, name: str) -> None:
    before = sorted(slides.parent.rglob("*"))
    with pytest.raises(DeckRefused, match="invalid-name"):
        create_deck(slides, name)
    assert sorted(slides.parent.rglob("*")) == before


def test_a_bad_date_is_refused(slides: Path) -> None:
    with pytest.raises(DeckRefused, match="invalid-date"):
        create_deck(slides, "messe-2027", date="16.11.2027")
    assert not (slides / "messe-2027.md").exists()


def test_the_command_refuses_in_one_line(slides: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "talk_kit.presenter",
        "new-deck",
        "../x",
        "--slides-dir",
        str(slides),
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("presenter: error: invalid-name: ")


@pytest.mark.slow
def test_the_new_deck_is_on_the_deck_list(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    create_deck(project / "slides", "messe-2027", "Handwerksmesse", "2027-03-10", "Messe Stuttgart")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    deck_list = (project / "site" / "folien" / "index.html").read_text(encoding="utf-8")
    assert 'href="messe-2027/"' in deck_list
    assert "Handwerksmesse" in deck_list
    page = (project / "site" / "folien" / "messe-2027" / "index.html").read_text(encoding="utf-8")
    assert "<title>Neue Medien – neue Chancen · Handwerksmesse 2027</title>" in page
