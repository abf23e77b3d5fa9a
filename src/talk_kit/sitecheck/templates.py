"""Links in theme templates (`overrides/*.html`), which readers meet on every page.

A template is Jinja, not HTML: most of its links are expressions no checker can evaluate. Two
forms can be checked, and they are the ones an editor writes by hand: `{{ 'impressum/' | url }}`
(a path from the site's root, which MkDocs makes relative to each page) and a plain URL. A
plain relative URL resolves differently on every page, which is a bug of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from talk_kit.sitecheck.fences import split_lines
from talk_kit.sitecheck.findings import Finding, Location, error
from talk_kit.sitecheck.site_index import SiteIndex
from talk_kit.sitecheck.sources import read_text, relative

ATTRIBUTE_RE = re.compile(r"""\b(?:href|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.I)
URL_FILTER_RE = re.compile(
    r"""^\{\{-?\s*(?P<q>['"])(?P<path>[^'"{}]*)(?P=q)\s*\|\s*url\s*-?\}\}$"""
)
EXTERNAL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


@dataclass(frozen=True)
class TemplateLink:
    location: Location
    written: str  # the attribute value as in the template
    site_path: str | None  # the path from the site's root, for `{{ '…' | url }}`


def template_links(custom_dir: Path, root: Path, findings: list[Finding]) -> list[TemplateLink]:
    """Every `href`/`src` in the theme overrides, with its file and line."""
    links: list[TemplateLink] = []
    for path in sorted(custom_dir.rglob("*.html")):
        shown = relative(path, root)
        text = read_text(path, shown, findings)
        for number, line in enumerate(split_lines(text or ""), start=1):
            for match in ATTRIBUTE_RE.finditer(line):
                value = match.group("dq") if match.group("dq") is not None else match.group("sq")
                url = URL_FILTER_RE.match(value.strip())
                links.append(
                    TemplateLink(Location(shown, number), value, url.group("path") if url else None)
                )
    return links


def check_template_links(links: list[TemplateLink], index: SiteIndex) -> list[Finding]:
    findings: list[Finding] = []
    for link in links:
        value = link.written.strip()
        if link.site_path is not None:
            path = link.site_path.split("#", 1)[0].split("?", 1)[0].lstrip("/")
            if index.find_output(path) is None:
                message = f"'{value}': '{path or '/'}' not found in the site"
                findings.append(error(link.location, "broken-link", message))
        elif (
            value
            and "{" not in value
            and not EXTERNAL_RE.match(value)
            and not value.startswith("#")
        ):
            message = (
                f"'{value}' in a template resolves from each page's own address; write "
                f"{{{{ '{value.lstrip('./')}' | url }}}} to reach the same file from every page"
            )
            findings.append(error(link.location, "template-relative-link", message))
    return findings
