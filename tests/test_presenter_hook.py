"""The deck hook's share of the presenter's kit: QR address, tab title, placeholder speaker."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError
from project_copy import build, copy_project

from talk_kit.decks import pages as decks
from talk_kit.decks.model import Deck, parse_deck
from talk_kit.decks.qr import qr_figure, short_address
from talk_kit.presenter.jobs import JOBS_ENV

SITE = "https://kammer.example/leitfaden/"


def deck_with(tmp_path: Path, front_matter: str) -> Deck:
    path = tmp_path / "slides" / "messe.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"---\ntitle: Vortrag\n{front_matter}---\n\n# Vortrag\n", encoding="utf-8")
    return parse_deck(path, tmp_path)


def test_qr_leads_to_the_guide_unless_the_deck_names_another_address(tmp_path: Path) -> None:
    assert decks.qr_address(deck_with(tmp_path, ""), SITE) == SITE
    other = deck_with(tmp_path, "qr: https://kammer.example/messe/\n")
    assert decks.qr_address(other, SITE) == "https://kammer.example/messe/"
    assert decks.qr_address(deck_with(tmp_path, "qr: false\n"), SITE) is None
    assert decks.qr_address(deck_with(tmp_path, "qr: true\n"), SITE) == SITE
    assert decks.qr_address(deck_with(tmp_path, ""), "") is None


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "kammer.example", "[1, 2]", "'https://a b.example/'"]
)
def test_a_qr_value_that_is_no_web_address_is_one_error_line(tmp_path: Path, value: str) -> None:
    deck = deck_with(tmp_path, f"event: Messe\nqr: {value}\n")
    with pytest.raises(PluginError) as refused:
        decks.qr_address(deck, SITE)
    assert str(refused.value).startswith("slides/messe.md:4: error: deck-qr: ")
    assert "\n" not in str(refused.value)


def test_the_short_address_beside_the_code_is_text() -> None:
    assert short_address("https://kammer.example/leitfaden/") == "kammer.example/leitfaden"
    figure = qr_figure('https://kammer.example/?q=<b>"x"</b>')
    assert "<b>" not in figure
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in figure


def test_the_tab_names_talk_event_and_year(tmp_path: Path) -> None:
    deck = deck_with(tmp_path, "event: Gründungswoche\ndate: 2027-11-16\n")
    assert decks.tab_title(deck, "Site") == "Vortrag · Gründungswoche 2027"
    same_year = deck_with(tmp_path, "event: Messe 2027\ndate: 2027-03-01\n")
    assert decks.tab_title(same_year, "Site") == "Vortrag · Messe 2027"
    assert decks.tab_title(deck_with(tmp_path, ""), "Site") == "Vortrag – Site"


def test_a_placeholder_speaker_is_named_with_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    deck = deck_with(tmp_path, "event: Messe\nspeaker: Name der Referentin / des Referenten\n")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.talk_kit.decks"):
        decks.warn_placeholder_speaker(deck)
        decks.warn_placeholder_speaker(deck_with(tmp_path, "speaker: Erika Mustermann\n"))
    assert [record.getMessage() for record in caplog.records] == [
        "slides/messe.md:4: warning: placeholder-speaker: the deck shows 'Name der Referentin "
        "/ des Referenten' as its speaker; put the real name in its front matter"
    ]


def test_speaker_view_labels_are_replaced_each_once_or_the_build_stops() -> None:
    from talk_kit.decks import speaker_view

    notes_js = (ROOT / "node_modules/reveal.js/plugin/notes/notes.js").read_text("utf-8")
    german = speaker_view.german_labels(notes_js)
    for english, translated in speaker_view.LABELS.items():
        assert english not in german
        assert translated in german
    with pytest.raises(PluginError, match="speaker-view-labels"):
        speaker_view.german_labels(notes_js.replace(">Upcoming<", ">Next<"))


@pytest.mark.slow
def test_printing_pdfs_without_site_url_is_one_error_at_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("site_url:"))
    lines[number - 1] = "site_url: ''\n"
    config.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv(JOBS_ENV, str(tmp_path / "jobs.json"))
    result = build(project)
    assert result.returncode == 1
    assert f"mkdocs.yml:{number}: error: deck-pdf: " in result.stderr
    assert "Traceback" not in result.stderr
