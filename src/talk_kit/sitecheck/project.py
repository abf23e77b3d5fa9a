"""The CLI's view of a project: pages and decks as MkDocs' file stage lists them, and the
built site.

The CLI checks a site that has been built (`mkdocs build`, or `--build`): only the built HTML
holds the ids a browser can jump to. Pages whose output is missing from the site (excluded,
drafts) are not checked.
"""

from __future__ import annotations

from pathlib import Path

from talk_kit.decks.model import Deck
from talk_kit.decks.plugin import decks_plugin
from talk_kit.sitecheck.checker import register_decks
from talk_kit.sitecheck.config import ChecksConfig, Settings, checks_config, settings_for
from talk_kit.sitecheck.documents import Document, load_pages
from talk_kit.sitecheck.findings import Finding, Location, error, warning
from talk_kit.sitecheck.mkdocs_project import LoadedProject, load_project
from talk_kit.sitecheck.navigation import missing_from_nav, nav_candidates, nav_pages
from talk_kit.sitecheck.site_index import SiteIndex, scan_site, url_to_file


def open_project(config_file: Path) -> tuple[LoadedProject, ChecksConfig, Settings]:
    """The project as MkDocs loads it, its checker options and the checks' settings; raises
    `ProjectError` where MkDocs refuses the configuration."""
    project = load_project(config_file.resolve())
    checks = checks_config(project.config)
    settings = settings_for(project.config, checks)
    where = Location(config_file.name, 1)
    settings.findings.extend(warning(where, "config", said) for said in project.warnings)
    return project, checks, settings


def collect_project(
    settings: Settings, project: LoadedProject
) -> tuple[list[Document], list[Deck], SiteIndex, list[Finding]]:
    findings: list[Finding] = []
    if not settings.site_dir.is_dir():
        message = (
            f"built site '{settings.site_dir.name}' not found; run `mkdocs build` or use --build"
        )
        where = Location(Path(project.config.config_file_path).name, 1)
        findings.append(error(where, "no-site", message))
        return [], [], SiteIndex(), findings
    outputs, loader = scan_site(settings.site_dir)
    index = SiteIndex(outputs=outputs, load_ids=loader)
    destinations = project.destinations()
    index.sources.update(
        (src, dest) for src, dest in destinations.items() if index.find_output(dest)
    )
    pages = [
        page
        for page in load_pages(project.files, settings.root, findings)
        if url_to_file(page.url) in outputs
    ]
    if settings.nav is not None:
        shown = {page.src_uri for page in pages}  # published pages only
        candidates = nav_candidates(project.files, settings.root)
        in_nav = nav_pages(settings.nav)
        findings.extend(
            missing_from_nav({src: p for src, p in candidates.items() if src in shown}, in_nav)
        )
    plugin = decks_plugin(project.config)
    decks = list(plugin.pages.values()) if plugin is not None else []
    register_decks(index, decks)
    return pages, decks, index, findings
