"""`talk-kit` (or `python -m talk_kit.presenter`): deck exports for a built site, the offline
bundle and new decks.

    talk-kit export --site-dir site --jobs jobs.json [--format folien ...] [DECK ...]
    talk-kit copy --site-dir site-offline --jobs jobs.json --from site
    talk-kit zip --site-dir site-offline --out site-offline.zip
    talk-kit browser          (the Chromium it would use, or how to install one)
    talk-kit new-deck NAME [--event … --date … --venue …] [--slides-dir slides]

Formats: the keys of `talk_kit.presenter.exports.EXPORTS`. Every problem is one line on stderr
(`presenter: error: …`) and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from talk_kit.presenter.bundle import copy_exports, write_zip
from talk_kit.presenter.export import export_decks
from talk_kit.presenter.exports import EXPORTS
from talk_kit.presenter.exports.output import ExportFailed
from talk_kit.presenter.jobs import JOBS_ENV, DeckJob, read_jobs
from talk_kit.presenter.new_deck import DeckRefused, create_deck
from talk_kit.presenter.session import NoBrowser, find_browser


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
    main = argparse.ArgumentParser(prog="talk-kit", description=__doc__.splitlines()[0])
    commands = main.add_subparsers(dest="command", required=True)
    exporting = commands.add_parser("export", help="write the deck exports into a built site")
    exporting.add_argument("--site-dir", type=Path, required=True)
    exporting.add_argument("--jobs", type=Path, required=True)
    exporting.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=list(EXPORTS),
        help="an export format (repeat for more; default: all)",
    )
    exporting.add_argument("decks", nargs="*", help="deck names (default: all)")
    copying = commands.add_parser("copy", help="copy the exports from another build")
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
        raise Refused(f"{arguments.jobs}: no deck job list (build with {JOBS_ENV} set)")
    jobs = read_jobs(arguments.jobs)
    if arguments.command == "copy":
        copy_exports(arguments.source, arguments.site_dir, jobs)
        return f"presenter: copied the exports of {len(jobs)} deck(s)"
    selected = chosen(jobs, arguments.decks)
    formats = arguments.formats or list(EXPORTS)
    started = time.monotonic()
    export_decks(arguments.site_dir, selected, formats)
    seconds = time.monotonic() - started
    return f"presenter: exported {', '.join(formats)} of {len(selected)} deck(s) in {seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        message = run(arguments)
    except (Refused, DeckRefused, NoBrowser, ExportFailed, OSError) as problem:
        print(f"presenter: error: {problem}", file=sys.stderr)
        return 1
    print(message)
    return 0
