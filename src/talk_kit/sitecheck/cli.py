"""Command line: `sitecheck check [--external] [--format text|json] [mkdocs.yml]`.

Checks a built site (run `mkdocs build` first, or pass `--build`): anchors
are only known after rendering. Exit status 1 on errors, 0 otherwise, 2 on
bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
from pathlib import Path

from talk_kit.sitecheck.checker import Result, check_site
from talk_kit.sitecheck.config import Settings
from talk_kit.sitecheck.findings import Finding, Location, error
from talk_kit.sitecheck.id_cache import IdCache
from talk_kit.sitecheck.mkdocs_project import LoadedProject, ProjectError
from talk_kit.sitecheck.project import collect_project, open_project
from talk_kit.sitecheck.report import as_json, as_text
from talk_kit.sitecheck.site_dir import site_dir_problem
from talk_kit.sitecheck.site_index import id_loader
from talk_kit.sitecheck.third_party import reading_pages_once


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
    if args.build and args.site_dir is not None and refuse_site_dir(config, args.site_dir):
        return 2
    try:
        project, _, settings = open_project(config)
    except ProjectError as refused:  # a finding like any other: the editor fixes mkdocs.yml
        result = Result(findings=[error(Location(config.name, 1), "config", str(refused))])
        print(as_json(result) if args.format == "json" else as_text(result))
        return 1
    if args.site_dir is not None:
        settings.site_dir = args.site_dir.resolve()
    if args.build:
        if refuse_site_dir(config, settings.site_dir):
            return 2
        settings.findings.extend(build_site(config, settings.site_dir))
    if args.external:
        settings.external = dataclasses.replace(settings.external, enabled=True)
    try:
        result = run(settings, project)
    except Exception as exc:  # the promise: a finding, never a traceback
        result = Result(findings=[error(Location(config.name, 1), "internal-error", repr(exc))])
    print(as_json(result) if args.format == "json" else as_text(result))
    return 1 if result.errors else 0


def refuse_site_dir(config: Path, site_dir: Path) -> bool:
    """Say so, and True, where `--build` must not write into `site_dir`."""
    refusal = site_dir_problem(site_dir)
    if refusal is not None:
        print(f"{config.name}:1: error: site-dir: {refusal}", file=sys.stderr)
    return refusal is not None


def run(settings: Settings, project: LoadedProject) -> Result:
    pages, decks, index, findings = collect_project(settings, project)
    settings.findings.extend(findings)
    ids = IdCache(settings.root / settings.external.cache_dir / "ids.json", settings.site_dir)
    index.load_ids = id_loader(settings.site_dir, index.outputs, ids.read)
    with reading_pages_once():
        result = check_site(settings, pages, decks, index)
    ids.save(index.outputs)
    if settings.external.enabled and result.external:
        from talk_kit.sitecheck.external import (
            ExternalChecker,  # network code (requests, ssl): only when asked
        )

        checker = ExternalChecker(settings.external, settings.root)
        result.findings = sorted(
            result.findings + checker.check(result.external), key=Finding.sort_key
        )
    return result


LOGGED_RE = re.compile(r"^(?:ERROR|WARNING|INFO)\s+-\s+(?P<message>.*)$")
FINDING_RE = re.compile(
    r"^(?P<path>\S+):(?P<line>\d+): (?P<severity>error|warning): (?P<code>[\w-]+): (?P<text>.*)$"
)
ABORT_RE = re.compile(r"^(?:Aborted with a BuildError!|sitecheck found \d+ error)")


def build_site(config: Path, site_dir: Path) -> list[Finding]:
    """Build with the project's own MkDocs, in the config's folder as its authors do (paths
    such as pymdownx.snippets' base_path are relative to it), so the ids are the ones it
    renders. Findings the build's checks hook printed (a missing snippet, say, which only
    rendering sees) are kept; the check that follows repeats the others, and each is listed
    once. Any other error is one `build-failed` finding quoting it."""
    import subprocess  # only for --build

    config = config.resolve()
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    completed = subprocess.run(
        [*command, "-d", str(site_dir)],
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    findings: list[Finding] = []
    foreign: list[str] = []
    for line in completed.stderr.splitlines():
        logged = LOGGED_RE.match(line.strip())
        text = logged.group("message") if logged else line.strip()
        finding = FINDING_RE.match(text)
        if finding is not None:
            findings.append(
                Finding(
                    Location(finding.group("path"), int(finding.group("line"))),
                    finding.group("severity"),
                    finding.group("code"),
                    finding.group("text"),
                )
            )
        elif (logged is not None and line.startswith("ERROR")) or (
            logged is None and text.startswith("Error")
        ):
            foreign.append(text)
    if completed.returncode != 0 and not findings and not foreign:
        lines = [line.strip() for line in completed.stderr.splitlines() if line.strip()]
        foreign = [line for line in lines if not ABORT_RE.match(line)][-1:]
        foreign = foreign or [f"exit status {completed.returncode}"]
    if foreign:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        message = f"mkdocs build failed: {foreign[0]}{more}"
        findings.append(error(Location(config.name, 1), "build-failed", message))
    return findings
