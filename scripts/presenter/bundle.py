"""The offline bundle: a built site in one zip file, and the PDFs it shares with the online one.

The offline variant is a second build (Material's `offline` plugin, `use_directory_urls`
off); printing its PDFs again would double the time, and they are the same files: the job
list names the same paths in both builds, so they are copied over.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from .jobs import DeckJob

PDF_MAGIC = b"%PDF-"


def copy_pdfs(source: Path, target: Path, jobs: list[DeckJob]) -> None:
    """Copy every job's PDFs from the printed site `source` into the site `target`."""
    for job in jobs:
        for path in job.pdfs.values():
            printed = source / path
            with printed.open("rb") as handle:
                if handle.read(len(PDF_MAGIC)) != PDF_MAGIC:
                    raise OSError(f"{printed}: not a printed PDF")
            shutil.copyfile(printed, target / path)


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
