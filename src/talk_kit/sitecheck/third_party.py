"""Third-party loads: every URL on another host that a built page makes the browser fetch.

The kit promises that a visit sends nothing to anyone else (no CDN, no Google Fonts, no
embeds): a German court counted such a request as passing the visitor's IP address on without
consent. A Markdown page, a theme override, a plugin option or a deck's slide can each break
the promise, so the check reads what was built (`rendered.py`: every fetched URL of a page,
slide backgrounds and `data-src` included) and the stylesheets the pages load (with their
`@import`s).

Links (`<a href>`) are not loads: a reader chooses to follow them. Scripts that build URLs
while running are not seen. On a site that has not switched house rules on, a load is a
warning: stock Material's Google Fonts are a choice, not a broken page.

One finding per place and host: a load the theme adds to every page is one line with the
count, at mkdocs.yml, not one line per page.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from talk_kit.sitecheck.findings import Finding, Location, error
from talk_kit.sitecheck.rendered import css_urls
from talk_kit.sitecheck.site_index import SiteIndex

MAX_STYLESHEETS = 200  # local stylesheets followed from one site (imports included)
GOOGLE_FONTS = ("fonts.googleapis.com", "fonts.gstatic.com")


@dataclass(frozen=True)
class Load:
    """A resource a page fetches from another host, at the line of the file that names it;
    where none does, `origin` says what adds it (the theme, a Markdown extension)."""

    url: str
    what: str
    page: str  # the page's source path, for "e.g."
    location: Location
    origin: str = ""


@lru_cache(maxsize=4096)  # the theme's URLs come again on every page
def is_third_party(url: str, site_host: str) -> bool:
    """True for an http(s) or scheme-relative URL whose host is not the site's own."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("", "http", "https") or not parts.netloc:
        return False
    host = (parts.hostname or "").lower()
    return host != site_host.lower()


class Stylesheets:
    """Third-party URLs in local stylesheets, following local `@import`s once each."""

    def __init__(self, site_dir: Path, index: SiteIndex, site_host: str) -> None:
        self.site_dir = site_dir
        self.index = index
        self.site_host = site_host
        self.seen: set[str] = set()

    def loads(self, output: str) -> list[tuple[str, str]]:
        """(stylesheet output, URL) for every third-party URL reachable from `output`."""
        found: list[tuple[str, str]] = []
        pending = [output]
        while pending and len(self.seen) < MAX_STYLESHEETS:
            current = pending.pop()
            if current in self.seen or current not in self.index.outputs:
                continue
            self.seen.add(current)
            for url in css_urls(_read(self.site_dir / current)):
                if is_third_party(url, self.site_host):
                    found.append((current, url))
                else:
                    local = resolve(current, url)
                    if local is not None and local.endswith(".css"):
                        pending.append(local)
        return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def resolve(from_output: str, url: str) -> str | None:
    """The site file a relative or root-relative URL names, from the file `from_output`."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = (
        path.lstrip("/")
        if path.startswith("/")
        else posixpath.join(posixpath.dirname(from_output), path)
    )
    resolved = posixpath.normpath(joined)
    return None if resolved.startswith("..") else resolved


def host_of(url: str) -> str:
    return (urlsplit(url.strip()).hostname or "").lower()


def load_findings(loads: list[Load]) -> list[Finding]:
    """One error per place and host (severity is applied later: house rules are warnings
    unless switched on)."""
    grouped: dict[tuple[Location, str], list[Load]] = defaultdict(list)
    for load in loads:
        grouped[(load.location, host_of(load.url))].append(load)
    findings: list[Finding] = []
    for (location, host), group in grouped.items():
        first = group[0]
        pages = sorted({load.page for load in group})
        counts = ""
        if len(group) > 1 or len(pages) > 1:
            counts = f"; {len(group)} loads on {len(pages)} page(s), e.g. {pages[0]}"
        message = f"'{first.url}' ({first.what}) is loaded from another host, {host}{counts}; "
        if first.origin:
            message += f"no file of the project names it: {first.origin} adds it"
            if host in GOOGLE_FONTS:
                message += " (Material's Google Fonts: set 'font: false' under 'theme:')"
            message += "; serve it from the site itself"
        else:
            message += "serve it from the site itself or link to it instead"
        findings.append(error(location, "third-party-load", message))
    return findings
