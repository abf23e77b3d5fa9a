"""Write the chosen exports of the chosen decks into a built site."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from talk_kit.presenter.exports import EXPORTS
from talk_kit.presenter.exports.output import ExportFailed
from talk_kit.presenter.jobs import DeckJob
from talk_kit.presenter.session import ExportSession


def export_decks(
    site: Path, jobs: Sequence[DeckJob], formats: Sequence[str], browser: str | None = None
) -> None:
    """Replace the files the decks plugin reserved in `site` by the real exports."""
    try:
        from playwright.sync_api import Error
    except ImportError:
        Error = RuntimeError
    with ExportSession(site, browser) as session:
        for job in jobs:
            for key in formats:
                if key not in job.outputs:  # a format the decks plugin's `exports` leaves out
                    continue
                try:
                    EXPORTS[key].write(session, job, site / job.outputs[key])
                except Error as failure:
                    message = str(failure).strip().splitlines()[0]
                    raise ExportFailed(f"{job.page}: {key} not exported: {message}") from None
