"""The job list the deck hook hands to the PDF printer: which deck page, which PDFs, where.

The hook owns the naming (it links the PDFs on the deck list and reserves their files, so the
link checker accepts the links); the printer only follows the list. The list lives outside
the site, at the path the build passes in `DECK_PDF_JOBS`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

JOBS_ENV = "DECK_PDF_JOBS"
KINDS = ("folien", "notizen", "handout")  # slides, speaker notes, handout: the file suffixes


@dataclass(frozen=True)
class DeckJob:
    """One deck: its page in the site, its published address and its three PDFs."""

    name: str
    title: str
    page: str  # the deck page's path in the site, e.g. `folien/talk/index.html`
    page_url: str  # the page's URL relative to the site root, e.g. `folien/talk/`
    published_url: str  # where the page lives when published: links in PDFs point there
    pdfs: dict[str, str]  # kind -> path in the site


def pdf_paths(decks_path: str, name: str) -> dict[str, str]:
    """Where a deck's PDFs go: in the folder named after the deck, beside its page."""
    folder = f"{decks_path}/{name}" if decks_path else name
    return {kind: f"{folder}/{name}-{kind}.pdf" for kind in KINDS}


def write_jobs(path: Path, jobs: list[DeckJob]) -> None:
    path.write_text(json.dumps([asdict(job) for job in jobs], ensure_ascii=False, indent=1))


def read_jobs(path: Path) -> list[DeckJob]:
    return [DeckJob(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
