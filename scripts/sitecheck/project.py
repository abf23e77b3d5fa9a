"""The CLI's view of a project: pages from docs_dir, decks, and the built site.

The CLI checks a site that has been built (`mkdocs build`, or `--build`):
only the built HTML holds the ids a browser can jump to. Pages whose output
is missing from the site (excluded, drafts) are not checked.
"""

from __future__ import annotations

from .checker import register_decks
from .config import Settings
from .deck import Deck
from .deck_store import DeckLibrary
from .documents import Document, load_pages
from .findings import Finding, Location, error
from .includes import allowed_folders
from .mkdocs_files import build_destinations, plain_destinations, url_of
from .navigation import missing_from_nav, nav_pages, outside_nav_by_choice
from .site_index import SiteIndex, page_url, scan_site, url_to_file


def load_project(settings: Settings) -> tuple[list[Document], list[Deck], SiteIndex, list[Finding]]:
    findings: list[Finding] = []
    if not settings.site_dir.is_dir():
        message = (
            f"built site '{settings.site_dir.name}' not found; run `mkdocs build` or use --build"
        )
        findings.append(error(Location("mkdocs.yml", 1), "no-site", message))
        return [], [], SiteIndex(), findings
    outputs, loader = scan_site(settings.site_dir)
    index = SiteIndex(outputs=outputs, load_ids=loader)
    destinations = _destinations(settings)
    if destinations is not None:
        index.sources.update(
            (src, dest) for src, dest in destinations.items() if index.find_output(dest)
        )
    elif settings.docs_dir.is_dir():
        for path in settings.docs_dir.rglob("*"):
            if path.is_file():
                uri = path.relative_to(settings.docs_dir).as_posix()
                is_page = path.suffix == ".md"
                index.sources[uri] = page_url(uri, settings.use_directory_urls) if is_page else uri
    urls = {src: url_of(dest) for src, dest in (destinations or {}).items() if src.endswith(".md")}
    pages = [
        page
        for page in load_pages(
            settings.docs_dir, settings.root, settings.use_directory_urls, findings, urls
        )
        if url_to_file(page.url) in outputs
    ]
    if settings.nav is not None:
        findings.extend(_missing_from_nav(pages, settings))
    library = DeckLibrary(settings.decks_source, settings.root, settings.decks_path)
    library.content_folders = allowed_folders(settings.decks_source, settings.docs_dir)
    decks = library.decks()
    register_decks(index, decks, settings)
    return pages, decks, index, findings


def _destinations(settings: Settings) -> dict[str, str] | None:
    """Where the build puts each source file: by MkDocs' plain rule where no plugin or hook
    can change it, else as MkDocs' file stage says; None without a config file."""
    if settings.config_file is None:
        return None
    if settings.plain_files:
        plain = plain_destinations(settings.docs_dir, settings.use_directory_urls)
        if plain is not None:
            return plain
    return build_destinations(settings.config_file)


def _missing_from_nav(pages: list[Document], settings: Settings) -> list[Finding]:
    kept_out = outside_nav_by_choice((page.src_uri for page in pages), settings.not_in_nav)
    candidates = {page.src_uri: page.path for page in pages if page.src_uri not in kept_out}
    return missing_from_nav(candidates, nav_pages(settings.nav))
