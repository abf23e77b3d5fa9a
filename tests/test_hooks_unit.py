"""Unit tests of the MkDocs hooks' own logic (the browser tests cover them end to end)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.structure.files import File, Files

from talk_kit.decks import pages as decks
from talk_kit.decks.model import parse_deck
from talk_kit.decks.render import SlideConverter, render_deck
from talk_kit.search import deck_entries as deck_search


@pytest.fixture
def files() -> Files:
    uris = ["index.md", "recht/impressum.md", "folien/deck.md", "folien/img/a b.svg"]
    return Files([File(uri, "docs", "site", use_directory_urls=True) for uri in uris])


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("../recht/impressum.md#pflichtangaben", "../../recht/impressum/#pflichtangaben"),
        ("../index.md", "../../"),
        ("img/a%20b.svg", "../img/a%20b.svg"),
        ("deck.md#/3", "./#/3"),
        ("https://example.org/x.md", None),
        ("#/2", None),
        ("mailto:info@example.org", None),
        ("missing.md", None),  # left for the checker to report
    ],
)
def test_slide_links_resolve_from_the_deck_source(files: Files, target: str, url: str) -> None:
    deck_file = files.get_file_from_path("folien/deck.md")
    assert decks.resolved_url(target, deck_file, files) == url


def test_slide_search_text_is_what_the_viewer_sees(tmp_path: Path) -> None:
    deck_path = tmp_path / "talk.md"
    deck_path.write_text(
        "---\ntitle: Vortrag\n---\n\n# Vortrag\n\n---\n\n"
        "<!-- .slide: id='x' -->\n## Titel\n\n- **fett** und [Link](../a.md)"
        ' <!-- .element: class="fragment" -->\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n'
        "Note:\nNur für die Vortragende.\n",
        encoding="utf-8",
    )
    deck = parse_deck(deck_path, tmp_path)
    rendered = render_deck(deck, SlideConverter(["tables"], {}), lambda text: text)
    entry = deck_search.slide_entry("folien/talk/", rendered.slides[1], deck.title)
    assert entry == {
        "location": "folien/talk/#/x",
        "title": "Titel – Vortrag",
        "text": "fett und Link A B 1 2",
    }
