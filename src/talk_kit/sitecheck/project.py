"""A project as the checks see it: its pages and decks as MkDocs' file stage lists them, and
the built site. The build (`talk-kit/checks`, after the site is written) and `sitecheck check`
both end in `check_built_site`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from mkdocs.structure.files import File, Files

from talk_kit.decks.model import Deck
from talk_kit.decks.plugin import decks_plugin
from talk_kit.decks.render import RenderedDeck
from talk_kit.sitecheck.built_decks import built_decks
from talk_kit.sitecheck.checker import Result, check_site, register_decks
from talk_kit.sitecheck.config import ChecksConfig, Settings, checks_config, settings_for
from talk_kit.sitecheck.documents import Document, load_pages
from talk_kit.sitecheck.findings import Finding, Location, error, warning
from talk_kit.sitecheck.mkdocs_project import LoadedProject, load_project
from talk_kit.sitecheck.navigation import missing_from_nav, nav_candidates, nav_pages
from talk_kit.sitecheck.site_index import SiteIndex, scan_site


def open_project(config_file: Path) -> tuple[LoadedProject, ChecksConfig, Settings]:
    """The project as MkDocs loads it, its checker options and the checks' settings; raises
    `ProjectError` where MkDocs refuses the configuration."""
    project = load_project(config_file.resolve())
    checks = checks_config(project.config)
    settings = settings_for(project.config, checks)
    where = Location(config_file.name, 1)
    settings.findings.extend(warning(where, "config", said) for said in project.warnings)
    return project, checks, settings


def check_built_site(
    settings: Settings,
    pages: list[Document],
    decks: Sequence[tuple[Deck, File]],
    destinations: Mapping[str, str],
    rendered: Mapping[str, RenderedDeck] | None = None,
    files: Files | None = None,
) -> Result:
    """Check the site in `settings.site_dir`: the pages of `pages` it holds, and its decks.
    `destinations` maps every source MkDocs listed to its output file. The slide rules read
    the decks as the build rendered them: `rendered` (the build's own), else, given the
    project's `files`, as read back from the built deck pages."""
    if not settings.site_dir.is_dir():
        message = (
            f"built site '{settings.site_dir.name}' not found; run `mkdocs build`, or "
            "`sitecheck check` without --site-dir to build it"
        )
        where = Location(settings.config_file.name, 1)
        return Result(findings=[*settings.findings, error(where, "no-site", message)])
    with collector_paused():
        index = built_index(settings.site_dir, decks, destinations)
        shown = [page for page in pages if page.output in index.outputs]
        if rendered is None and files is not None:
            rendered = built_decks(index, decks, files)
        return check_site(settings, shown, decks, index, rendered)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the checks run.

    What is alive before (the modules, the project, in a build every page and its HTML) is
    frozen, so no collection walks it again. The checks themselves allocate many small
    objects (one per link) and hardly any cycles, which lxml's trees and the links free by
    reference counting; left on, the collector would walk them again and again, about 8 %
    of the CLI's time on 1,000 pages. Whatever cycles remain are collected afterwards.
    Nested, only the outermost pause turns the collector on again."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def built_index(
    site_dir: Path, decks: Sequence[tuple[Deck, File]], destinations: Mapping[str, str]
) -> SiteIndex:
    """The built site with the sources MkDocs listed and the decks' pages."""
    index = scan_site(site_dir)
    index.sources.update(destinations)
    register_decks(index, decks)
    return index


def collect_project(
    settings: Settings, project: LoadedProject
) -> tuple[list[Document], list[tuple[Deck, File]], list[Finding]]:
    """The CLI's view of an existing build: pages read from the sources, decks from the
    decks plugin, pages missing from `nav:`."""
    findings: list[Finding] = []
    pages = load_pages(project.files, settings.root, findings)
    site = str(settings.site_dir)
    built = {page.src_uri for page in pages if os.path.isfile(os.path.join(site, page.output))}
    if settings.nav is not None:
        candidates = nav_candidates(project.files, settings.root)
        in_nav = nav_pages(settings.nav)
        published = {src: shown for src, shown in candidates.items() if src in built}
        findings.extend(missing_from_nav(published, in_nav, settings.language))
    plugin = decks_plugin(project.config)
    decks = list(plugin.pages.values()) if plugin is not None else []
    return pages, decks, findings
