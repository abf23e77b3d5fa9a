"""Command line: `sitecheck check [--site-dir DIR] [--external] [--format text|json] [mkdocs.yml]`.

By default the project is built the way `mkdocs build` builds it (its own configuration,
plugins and extensions, from its own folder) into a temporary folder that is deleted
afterwards, with the `talk-kit/checks` plugin in the build: so the findings are the build's,
line for line, and nothing is written into the project. `--site-dir` checks a site built
before, against its sources, without building (problems only rendering sees, such as a
missing snippet, are the build's to report). Exit status 1 on errors, 0 otherwise, 2 on bad
usage.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import dataclasses
import io
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from talk_kit.sitecheck.checker import Result, sort_findings
from talk_kit.sitecheck.config import Settings, apply_severity, cache_folder
from talk_kit.sitecheck.findings import Finding, Location, error
from talk_kit.sitecheck.mkdocs_project import ProjectError, shut_down
from talk_kit.sitecheck.project import (
    check_built_site,
    collect_project,
    collector_paused,
    open_project,
)
from talk_kit.sitecheck.report import as_json, as_text


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="sitecheck", description=__doc__.splitlines()[0])
    commands = main.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="check links, anchors, loads and slides of an MkDocs project",
        description=(
            "Build the project into a temporary folder and check what readers get: every "
            "link, image, anchor and deck route of the built pages, reported at the line "
            "of the source that wrote it. Rule codes and how to set them: see the README."
        ),
    )
    check.add_argument("config", nargs="?", default="mkdocs.yml", help="path to mkdocs.yml")
    check.add_argument(
        "--site-dir",
        type=Path,
        help="check this existing build instead of building (e.g. after `mkdocs build`)",
    )
    check.add_argument(
        "--external", action="store_true", help="also check http(s) links (cached, polite)"
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (default: text)"
    )
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    config = Path(args.config)
    if not config.is_file():
        print(f"{config}:1: error: config: file not found", file=sys.stderr)
        return 2
    try:
        if args.site_dir is None:
            result = build_and_check(config, args.external)
        else:
            result = check_existing(config, args.site_dir.resolve(), args.external)
    except ProjectError as refused:  # a finding like any other: the editor fixes mkdocs.yml
        result = Result(findings=[error(Location(config.name, 1), "config", str(refused))])
    except Exception as exc:  # the promise: a finding, never a traceback
        result = Result(findings=[error(Location(config.name, 1), "internal-error", repr(exc))])
    print(as_json(result) if args.format == "json" else as_text(result))
    return 1 if result.errors else 0


def command() -> NoReturn:
    """The `sitecheck` command (console script and `python -m`): `main`, then the process
    ends at once. Once the report is out nothing is left but freeing memory, and Python's
    own ending (a last cyclic collection, then every module taken apart) cost 6 to 8 % of a
    run on 1,000 pages, measured side by side, for memory the process hands back anyway.
    So, as mypy does by default, the exit handlers run (logging's, a plugin's clean-up),
    the streams are flushed, and `os._exit` skips the rest."""
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to deliver
            stream.flush()
    os._exit(code)


def check_existing(config: Path, site_dir: Path, external: bool) -> Result:
    # No collector from the start: no pages are rendered in this process (at most a deck
    # whose built page no longer matches its source), so few cycles are made, while each
    # collection would walk MkDocs' loaded configuration and the parsed decks again (about
    # 3 % of the run on 1,000 pages, measured side by side).
    with collector_paused():
        project, _, settings = open_project(config)
        settings.site_dir = site_dir
        pages, decks, findings = collect_project(settings, project)
        destinations = project.destinations()
        result = check_built_site(settings, pages, decks, destinations, files=project.files)
    result.findings = sort_findings(result.findings + apply_severity(findings, settings.rules))
    return with_external(result, settings, external)


def build_and_check(config: Path, external: bool) -> Result:
    """Build with the project's own MkDocs configuration into a temporary folder, with the
    checks plugin in it (added with its defaults where the project lists none)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from talk_kit.sitecheck.plugin import ChecksPlugin

    config = config.resolve()
    with tempfile.TemporaryDirectory(prefix="sitecheck-") as site, _quiet_mkdocs() as said:
        with _working_folder(config.parent):  # pymdownx.snippets' base_path is from there
            try:
                loaded = load_config(str(config), site_dir=site)
            except (ConfigurationError, PluginError) as refused:
                raise ProjectError(str(refused).strip() or type(refused).__name__) from None
            except SystemExit:
                raise ProjectError("; ".join(said.errors) or "invalid configuration") from None
            plugin = next((p for p in loaded.plugins.values() if isinstance(p, ChecksPlugin)), None)
            if plugin is None:
                plugin = ChecksPlugin()
                plugin.load_config({}, str(config))
                loaded.plugins["talk-kit/checks"] = plugin
            if external:
                plugin.config.external["enabled"] = True  # collect them during the build
            loaded.plugins.on_startup(command="build", dirty=False)
            try:
                build(loaded)
            except Abort:
                pass  # the checks' own abort, or strict mode: the findings say why
            except Exception as exc:  # a plugin or extension of the project failed
                said.errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                shut_down(loaded)
        result = plugin.result
        settings = plugin.settings
    if result is None or settings is None:
        reason = said.errors[0] if said.errors else "the build stopped before the checks ran"
        where = Location(config.name, 1)
        return Result(findings=[error(where, "build-failed", f"mkdocs build failed: {reason}")])
    foreign = [message for message in said.errors if not _is_finding(message)]
    if foreign:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        message = f"mkdocs build reported an error: {foreign[0]}{more}"
        result.findings = sort_findings(
            [*result.findings, error(Location(config.name, 1), "build-failed", message)]
        )
    return with_external(result, settings, external)


def with_external(result: Result, settings: Settings, external: bool) -> Result:
    if not (external or settings.external.enabled) or not result.external:
        return result
    from talk_kit.sitecheck.external import ExternalChecker  # network code: only when asked

    options = dataclasses.replace(settings.external, enabled=True)
    checker = ExternalChecker(options, cache_folder(settings))
    result.findings = sorted(result.findings + checker.check(result.external), key=Finding.sort_key)
    return result


def _is_finding(message: str) -> bool:
    return ": error: " in message or message.startswith("sitecheck found ")


class _Said(logging.Handler):
    """What MkDocs and its plugins log while building: kept, not printed."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(" ".join(record.getMessage().split()))


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[_Said]:
    logger = logging.getLogger("mkdocs")
    said = _Said()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(said)
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield said
    finally:
        logger.removeHandler(said)
        logger.setLevel(level)
        logger.propagate = propagate


@contextlib.contextmanager
def _working_folder(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)
