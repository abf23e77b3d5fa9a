"""A speaker exports a deck to PDF from Chromium (`?print-pdf`): one page per slide."""

from __future__ import annotations

import re

import pytest
from browser_support import wait_for_deck
from conftest import ROOT

from talk_kit.decks.model import parse_deck

pytestmark = pytest.mark.browser

DECK = parse_deck(ROOT / "slides" / "neue-medien-neue-chancen.md", ROOT)


def test_print_pdf_gives_one_landscape_page_per_slide(served_site: str, tab) -> None:
    tab.page.goto(f"{served_site}folien/{DECK.name}/?print-pdf")
    wait_for_deck(tab.page)
    tab.page.wait_for_function(
        f"() => document.querySelectorAll('.pdf-page').length === {len(DECK.slides)}"
    )
    pdf = tab.page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == len(DECK.slides)
    size = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert size is not None and float(size.group(1)) > float(size.group(2))  # landscape
    assert tab.errors == []
