"""Pages that exist but are missing from `nav:`, said once each with the fix.

MkDocs lists such pages in one multi-line message that names no fix; an editor who just added
a page needs to know where it is missing and what to write.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

import pathspec

from talk_kit.sitecheck.findings import Finding, Location, warning


def missing_from_nav(pages: Mapping[str, str], in_nav: Collection[str]) -> list[Finding]:
    """`pages` maps docs paths (`recht/neu.md`) to the paths shown in findings."""
    return [
        warning(
            Location(shown, 1),
            "not-in-nav",
            f"page is not in the navigation; add it under 'nav:' in mkdocs.yml "
            f"(e.g. '- Titel: {src_uri}'), or list it under 'not_in_nav:' if only links "
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


def outside_nav_by_choice(src_uris: Iterable[str], not_in_nav: str) -> set[str]:
    """Pages that `not_in_nav:` (gitignore patterns, as MkDocs reads them) keeps out."""
    spec = pathspec.GitIgnoreSpec.from_lines(not_in_nav.splitlines())
    return {uri for uri in src_uris if spec.match_file(uri)}
