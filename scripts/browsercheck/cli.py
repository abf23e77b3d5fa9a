"""Command line: `python -m browsercheck [--site-dir DIR] [--format text|json] [mkdocs.yml]`.

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
from sitecheck.checker import Result
from sitecheck.config import load_settings, load_yaml
from sitecheck.deck_store import library_for
from sitecheck.local_site import CHROMIUM_ARGS, INSTALL_HINT, find_chromium, serve_site
from sitecheck.report import as_json

from .run import Outcome, Target, visit_all
from .settings import browser_settings
from .sources import edited_source, guide_sources


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


def targets(config: Path, site_dir: Path) -> list[Target]:
    """Every page of the built site, each with its source (a Markdown page or a deck)."""
    settings = load_settings(config)
    extra = (load_yaml(config.read_text(encoding="utf-8")) or {}).get("extra") or {}
    library = library_for(extra, config, settings.docs_dir)
    decks = {library.page_url(deck, settings.use_directory_urls): deck for deck in library.decks()}
    sources = guide_sources(settings.root, settings.docs_dir, settings.use_directory_urls)
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


async def check(config: Path, site_dir: Path, only: tuple[str, ...] = ()) -> Outcome:
    settings = load_settings(config)
    prefix = settings.site_path if settings.site_path.endswith("/") else settings.site_path + "/"
    with serve_site(site_dir, prefix) as base:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium(), args=CHROMIUM_ARGS
            )
            try:
                chosen = [
                    target
                    for target in targets(config, site_dir)
                    if not only or target.url.startswith(only)
                ]
                return await visit_all(browser, base, chosen, browser_settings(config), config.name)
            finally:
                await browser.close()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    config = Path(args.config).resolve()
    if not config.is_file():
        print(f"{args.config}:1: error: config: file not found", file=sys.stderr)
        return 2
    settings = load_settings(config)
    site_dir = (args.site_dir or settings.site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        problem = f"{config.name}:1: error: no-site: built site '{site_dir}' not found"
        print(problem, file=sys.stderr)
        return 2
    outcome = asyncio.run(check(config, site_dir, tuple(args.page)))
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
