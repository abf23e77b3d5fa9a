"""Command line: `python -m talk_kit.browsercheck [--site-dir DIR] [--format text|json]
[mkdocs.yml]`.

Checks a built site in headless Chromium (build it first: `./scripts/check --browser` does).
Exit status 1 on errors (and on warnings where `strict_warnings` is set), 0 otherwise, 2 on
bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from playwright.async_api import async_playwright

from talk_kit.browsercheck.run import Outcome, Target, visit_all
from talk_kit.browsercheck.settings import BrowserSettings, browser_settings
from talk_kit.browsercheck.sources import edited_source, guide_sources
from talk_kit.decks.plugin import decks_plugin
from talk_kit.presenter.local_site import CHROMIUM_ARGS, INSTALL_HINT, find_chromium, serve_site
from talk_kit.sitecheck.checker import Result
from talk_kit.sitecheck.config import Settings
from talk_kit.sitecheck.documents import file_url
from talk_kit.sitecheck.mkdocs_project import LoadedProject, ProjectError
from talk_kit.sitecheck.project import open_project
from talk_kit.sitecheck.report import as_json


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="browsercheck", description=__doc__.splitlines()[0])
    main.add_argument("config", nargs="?", default="mkdocs.yml", help="path to mkdocs.yml")
    main.add_argument("--site-dir", type=Path, help="built site to check (default: site_dir)")
    main.add_argument("--format", choices=("text", "json"), default="text")
    main.add_argument("--weights", action="store_true", help="print each page's bytes")
    main.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="URL",
        help="check only pages whose URL starts with this (e.g. folien/talk/); repeatable",
    )
    return main


def targets(project: LoadedProject, settings: Settings, site_dir: Path) -> list[Target]:
    """Every page of the built site, each with its source (a Markdown page or a deck)."""
    plugin = decks_plugin(project.config)
    shown = plugin.pages.values() if plugin is not None else []
    decks = {file_url(file): deck for deck, file in shown}
    sources = guide_sources(project.files, settings.root)
    found: list[Target] = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith("assets/"):
            continue
        url = relative.removesuffix("index.html") if settings.use_directory_urls else relative
        if url in decks:
            found.append(Target(url, deck=decks[url]))
            continue
        source = sources.get(url) or edited_source(
            settings.root, settings.docs_dir, path.read_text(encoding="utf-8", errors="replace")
        )
        found.append(Target(url, source=source))
    return found


def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        raise SystemExit(f"browsercheck: no Chromium: {INSTALL_HINT}")
    return executable


async def check(
    project: LoadedProject,
    settings: Settings,
    browser: BrowserSettings,
    site_dir: Path,
    only: tuple[str, ...] = (),
) -> Outcome:
    config = Path(project.config.config_file_path)
    prefix = settings.site_path if settings.site_path.endswith("/") else settings.site_path + "/"
    with serve_site(site_dir, prefix) as base:
        async with async_playwright() as playwright:
            chrome = await playwright.chromium.launch(
                executable_path=chromium(), args=CHROMIUM_ARGS
            )
            try:
                chosen = [
                    target
                    for target in targets(project, settings, site_dir)
                    if not only or target.url.startswith(only)
                ]
                return await visit_all(chrome, base, chosen, browser, config.name)
            finally:
                await chrome.close()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    config = Path(args.config).resolve()
    if not config.is_file():
        print(f"{args.config}:1: error: config: file not found", file=sys.stderr)
        return 2
    try:
        project, checks, settings = open_project(config)
    except ProjectError as refused:
        print(f"{config.name}:1: error: config: {refused}", file=sys.stderr)
        return 2
    site_dir = (args.site_dir or settings.site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        problem = f"{config.name}:1: error: no-site: built site '{site_dir}' not found"
        print(problem, file=sys.stderr)
        return 2
    browser = browser_settings(checks.browser, settings.root)
    if not browser.axe_script.is_file():
        missing = browser.axe_script.relative_to(settings.root)
        message = f"{missing} is missing: run `npm ci` (or `npm install axe-core`)"
        print(f"{config.name}:1: error: config: {message}", file=sys.stderr)
        return 2
    outcome = asyncio.run(check(project, settings, browser, site_dir, tuple(args.page)))
    findings = sorted(outcome.findings, key=lambda finding: finding.sort_key())
    result = Result(findings=findings, pages=outcome.pages, decks=0)
    if args.format == "json":
        data = json.loads(as_json(result))
        data["weights"] = outcome.weights
        data["seconds"] = round(outcome.seconds, 1)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        if args.weights:
            for url, size in sorted(outcome.weights.items()):
                print(f"weight: /{url} {size:,} bytes")
        print(
            f"browsercheck: {result.errors} error(s), {result.warnings} warning(s); "
            f"{outcome.pages} page(s), {outcome.steps} slide state(s) in {outcome.seconds:.1f} s"
        )
    failing = result.errors or (settings.strict_warnings and result.warnings)
    return 1 if failing else 0
