"""Pages that exist but are missing from `nav:`, said once each with the fix.

MkDocs lists such pages in one multi-line message that names no fix; an editor who just added
a page needs to know where it is missing and what to write.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from mkdocs.structure.files import Files

from talk_kit.sitecheck.findings import Finding, Location, warning
from talk_kit.sitecheck.sources import relative


def missing_from_nav(
    pages: Mapping[str, str], in_nav: Collection[str], language: str = "en"
) -> list[Finding]:
    """`pages` maps docs paths (`recht/neu.md`) to the paths shown in findings; the example
    title is in the site's language."""
    title = "Titel" if language.startswith("de") else "Title"
    return [
        warning(
            Location(shown, 1),
            "not-in-nav",
            f"page is not in the navigation; add it under 'nav:' in mkdocs.yml "
            f"(e.g. '- {title}: {src_uri}'), or list it under 'not_in_nav:' if only links "
            "lead to it",
        )
        for src_uri, shown in sorted(pages.items())
        if src_uri not in in_nav
    ]


def nav_pages(nav: Any) -> set[str]:
    """Docs paths of the pages a `nav:` from mkdocs.yml lists (titles and links left out)."""
    if isinstance(nav, str):
        return {nav} if nav.endswith(".md") else set()
    if isinstance(nav, dict):
        return set().union(*(nav_pages(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(nav_pages(item) for item in nav))
    return set()


def nav_candidates(files: Files, root: Path) -> dict[str, str]:
    """Pages MkDocs would list in the navigation (`not_in_nav:` and plugin-made or plugin-moved
    pages left out, as MkDocs' `File.inclusion` says), by docs path, with the path shown."""
    return {
        file.src_uri: relative(Path(file.abs_src_path), root)
        for file in files.documentation_pages()
        if file.abs_src_path and file.generated_by is None and file.inclusion.is_in_nav()
    }
