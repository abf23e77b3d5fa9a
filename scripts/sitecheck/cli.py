"""Command line: `python -m sitecheck check [--external] [--format text|json] [mkdocs.yml]`.

Checks a built site (run `mkdocs build` first, or pass `--build`): anchors
are only known after rendering. Exit status 1 on errors, 0 otherwise, 2 on
bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
from pathlib import Path

from .checker import Result, check_site
from .config import Settings, load_settings
from .external import ExternalChecker
from .findings import Finding, Location, error
from .id_cache import IdCache
from .project import load_project
from .report import as_json, as_text
from .site_dir import site_dir_problem
from .site_index import id_loader


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="sitecheck", description=__doc__.splitlines()[0])
    commands = main.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check links and slides of a built MkDocs site")
    check.add_argument("config", nargs="?", default="mkdocs.yml", help="path to mkdocs.yml")
    check.add_argument("--external", action="store_true", help="also check http(s) links")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--build", action="store_true", help="run `mkdocs build` first")
    check.add_argument("--site-dir", type=Path, help="built site to check (default: site_dir)")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    config = Path(args.config)
    if not config.is_file():
        print(f"{config}:1: error: config: file not found", file=sys.stderr)
        return 2
    settings = load_settings(config)
    if args.site_dir is not None:
        settings.site_dir = args.site_dir.resolve()
    if args.build:
        refusal = site_dir_problem(settings.site_dir)
        if refusal is not None:
            print(f"{config.name}:1: error: site-dir: {refusal}", file=sys.stderr)
            return 2
        build_problem = build_site(config, settings.site_dir)
        if build_problem is not None:
            settings.findings.append(build_problem)
    if args.external:
        settings.external = dataclasses.replace(settings.external, enabled=True)
    try:
        result = run(settings)
    except Exception as exc:  # the promise: a finding, never a traceback
        result = Result(findings=[error(Location(config.name, 1), "internal-error", repr(exc))])
    print(as_json(result) if args.format == "json" else as_text(result))
    return 1 if result.errors else 0


def run(settings: Settings) -> Result:
    pages, decks, index, findings = load_project(settings)
    settings.findings.extend(findings)
    ids = IdCache(settings.root / settings.external.cache_dir / "ids.json", settings.site_dir)
    index.load_ids = id_loader(settings.site_dir, index.outputs, ids.read)
    result = check_site(settings, pages, decks, index)
    ids.save(index.outputs)
    if settings.external.enabled and result.external:
        checker = ExternalChecker(settings.external, settings.root)
        result.findings = sorted(
            result.findings + checker.check(result.external), key=Finding.sort_key
        )
    return result


def build_site(config: Path, site_dir: Path) -> Finding | None:
    """Build with the project's own MkDocs, so the ids are the ones it renders."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(config),
        "-d",
        str(site_dir),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode == 0:
        return None
    last = (completed.stderr.strip().splitlines() or ["mkdocs build failed"])[-1]
    return error(Location(config.name, 1), "build-failed", last)
