"""Deck exports, keyed by format: what `talk-kit export` writes beside each deck page.

Adding a format is one module in this package with a `write(session, job, target)` function
and one entry in `EXPORTS`: the decks plugin reserves its file and links it from the deck list,
`talk-kit export` writes it, the offline bundle copies it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from talk_kit.presenter.exports import pdf, pptx

if TYPE_CHECKING:
    from talk_kit.presenter.jobs import DeckJob
    from talk_kit.presenter.session import ExportSession


@dataclass(frozen=True)
class Export:
    label: str  # the link text on the deck list
    suffix: str  # the file name after the deck's name, e.g. `-folien.pdf`
    write: Callable[[ExportSession, DeckJob, Path], None]


EXPORTS: dict[str, Export] = {
    "folien": Export("Folien", "-folien.pdf", pdf.write_slides),
    "notizen": Export("Notizen", "-notizen.pdf", pdf.write_notes),
    "handout": Export("Handout", "-handout.pdf", pdf.write_handout),
    "pptx": Export("PowerPoint", ".pptx", pptx.write),
}


def export_paths(
    decks_path: str, name: str, formats: Iterable[str] | None = None
) -> dict[str, str]:
    """Where a deck's exports go (all formats, or those named, in the registry's order): in
    the folder named after the deck, beside its page."""
    folder = f"{decks_path}/{name}" if decks_path else name
    wanted = set(EXPORTS if formats is None else formats)
    return {
        key: f"{folder}/{name}{export.suffix}" for key, export in EXPORTS.items() if key in wanted
    }
