"""Pages that exist but are missing from `nav:`, said once each with the fix.

MkDocs lists such pages in one multi-line message that names no fix; an editor who just added
a page needs to know where it is missing and what to write.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from .findings import Finding, Location, warning


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
