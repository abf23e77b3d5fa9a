"""The job list the decks plugin hands to `talk-kit export`: which deck page, which files, where.

The plugin owns the naming (it links the exports on the deck list and reserves their files, so
the link checker accepts the links); the exporter only follows the list. The list lives outside
the site, at the path the build passes in `DECK_EXPORT_JOBS`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

JOBS_ENV = "DECK_EXPORT_JOBS"


@dataclass(frozen=True)
class DeckJob:
    """One deck: its page in the site, its published address and its export files."""

    name: str
    title: str
    source: str  # the deck file, absolute, for exports made from the deck model
    page: str  # the deck page's path in the site, e.g. `folien/talk/index.html`
    page_url: str  # the page's URL relative to the site root, e.g. `folien/talk/`
    published_url: str  # where the page lives when published: links in exports point there
    outputs: dict[str, str]  # export format -> path in the site


def write_jobs(path: Path, jobs: list[DeckJob]) -> None:
    path.write_text(json.dumps([asdict(job) for job in jobs], ensure_ascii=False, indent=1))


def read_jobs(path: Path) -> list[DeckJob]:
    return [DeckJob(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
