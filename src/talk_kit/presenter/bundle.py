"""The offline bundle: a built site in one zip file, and the exports it shares with the online one.

The offline variant is a second build (Material's `offline` plugin, `use_directory_urls`
off); exporting again would double the time, and they are the same files: the job list names
the same paths in both builds, so they are copied over.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from talk_kit.presenter.jobs import DeckJob


def copy_exports(source: Path, target: Path, jobs: list[DeckJob]) -> None:
    """Copy every job's exports from the exported site `source` into the site `target`."""
    for job in jobs:
        for path in job.outputs.values():
            written = source / path
            if written.stat().st_size == 0:  # the file the decks plugin reserved, not written
                raise OSError(f"{written}: not exported")
            shutil.copyfile(written, target / path)


def write_zip(site: Path, archive: Path) -> None:
    """Zip `site` below one folder named like the archive; the file appears whole or not at all."""
    if not (site / "index.html").is_file():
        raise OSError(f"{site}: no built site")
    folder = archive.name.removesuffix(".zip")
    partial = archive.with_name(f".{archive.name}.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                bundle.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    partial.replace(archive)
