"""`python -m presenter`: deck PDFs for a built site, and the offline bundle.

    python -m presenter print --site-dir site --jobs jobs.json [DECK ...]
    python -m presenter copy --site-dir site-offline --jobs jobs.json --from site
    python -m presenter zip --site-dir site-offline --out site-offline.zip
    python -m presenter browser          (the Chromium it would use, or how to install one)
    python -m presenter new-deck NAME [--event … --date … --venue …] [--slides-dir slides]

Every problem is one line on stderr (`presenter: error: …`) and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .bundle import copy_pdfs, write_zip
from .jobs import DeckJob, read_jobs
from .new_deck import DeckRefused, create_deck
from .pdf import NoBrowser, PrintFailed, find_browser, print_decks


class Refused(Exception):
    """A request the CLI turns down with one line."""


def chosen(jobs: list[DeckJob], names: list[str]) -> list[DeckJob]:
    """The jobs of the named decks (all without names); an unknown name is refused."""
    if not names:
        return jobs
    known = {job.name: job for job in jobs}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise Refused(f"no deck named {', '.join(unknown)} (decks: {', '.join(known) or 'none'})")
    return [known[name] for name in names]


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="presenter", description=__doc__.splitlines()[0])
    commands = main.add_subparsers(dest="command", required=True)
    printing = commands.add_parser("print", help="print the deck PDFs into a built site")
    printing.add_argument("--site-dir", type=Path, required=True)
    printing.add_argument("--jobs", type=Path, required=True)
    printing.add_argument("decks", nargs="*", help="deck names (default: all)")
    copying = commands.add_parser("copy", help="copy printed PDFs from another build")
    copying.add_argument("--site-dir", type=Path, required=True)
    copying.add_argument("--jobs", type=Path, required=True)
    copying.add_argument("--from", dest="source", type=Path, required=True)
    zipping = commands.add_parser("zip", help="pack a built site into one zip file")
    zipping.add_argument("--site-dir", type=Path, required=True)
    zipping.add_argument("--out", type=Path, required=True)
    commands.add_parser("browser", help="name the Chromium the PDFs would be printed with")
    new = commands.add_parser("new-deck", help="a deck for another event, from the pattern")
    new.add_argument("name", help="the deck's name and address, e.g. gruendungswoche-2027")
    new.add_argument("--event", help="e.g. „Gründungswoche Deutschland“")
    new.add_argument("--date", help="YYYY-MM-DD")
    new.add_argument("--venue", help="e.g. „IHK Bodensee-Oberschwaben, Weingarten“")
    new.add_argument("--slides-dir", type=Path, default=Path("slides"))
    return main


def run(arguments: argparse.Namespace) -> str:
    """Carry out one command; returns the line to print on success."""
    if arguments.command == "new-deck":
        created = create_deck(
            arguments.slides_dir, arguments.name, arguments.event, arguments.date, arguments.venue
        )
        return f"presenter: created {created}; it appears on /folien/ with the next build"
    if arguments.command == "browser":
        return find_browser()
    if arguments.command == "zip":
        write_zip(arguments.site_dir, arguments.out)
        return f"presenter: wrote {arguments.out}"
    if not arguments.jobs.is_file():
        raise Refused(f"{arguments.jobs}: no deck job list (build with DECK_PDF_JOBS set)")
    jobs = read_jobs(arguments.jobs)
    if arguments.command == "copy":
        copy_pdfs(arguments.source, arguments.site_dir, jobs)
        return f"presenter: copied the PDFs of {len(jobs)} deck(s)"
    selected = chosen(jobs, arguments.decks)
    started = time.monotonic()
    print_decks(arguments.site_dir, selected)
    seconds = time.monotonic() - started
    return f"presenter: printed the PDFs of {len(selected)} deck(s) in {seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        message = run(arguments)
    except (Refused, DeckRefused, NoBrowser, PrintFailed, OSError) as problem:
        print(f"presenter: error: {problem}", file=sys.stderr)
        return 1
    print(message)
    return 0
