"""Third-party loads: every URL on another host that a built page makes the browser fetch.

The site promises that a visit sends nothing to anyone else (no CDN, no Google
Fonts, no embeds): a German court counted such a request as passing the
visitor's IP address on without consent. A Markdown page, a theme override,
a plugin option or a deck's front matter can each break the promise, so the
check reads what was built, not what was written: the HTML of each page and
the stylesheets it loads (with their `@import`s), and reports every
resource on another host as an error at the page's source file.

Links (`<a href>`) are not loads: a reader chooses to follow them. Scripts
that build URLs while running are not seen; the site loads no such script.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from talk_kit.decks.model import relative
from talk_kit.sitecheck import site_index
from talk_kit.sitecheck.config import Settings
from talk_kit.sitecheck.documents import Document
from talk_kit.sitecheck.findings import Finding, Location, error
from talk_kit.sitecheck.site_index import SiteIndex

CONFIG = Location("mkdocs.yml", 1)
# rel values whose link makes the browser fetch or connect on its own
LOADING_RELS = frozenset(
    (
        "stylesheet",
        "preload",
        "modulepreload",
        "prefetch",
        "preconnect",
        "dns-prefetch",
        "icon",
        "apple-touch-icon",
        "apple-touch-icon-precomposed",
        "mask-icon",
        "manifest",
    )
)
SOURCE_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# `url(...)` and `@import "..."` in CSS; both end at the first closing quote or parenthesis.
CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s"']*))\s*\)""", re.IGNORECASE)
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
MAX_STYLESHEETS = 200  # local stylesheets followed from one site (imports included)


@dataclass(frozen=True)
class Load:
    """A resource the page fetches: its URL as written and what fetches it."""

    url: str
    what: str


class _LoadCollector(HTMLParser):
    """Resource URLs of one HTML document, inline styles included."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[Load] = []
        self.stylesheets: list[str] = []  # local stylesheet URLs, to read next
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & LOADING_RELS and values.get("href"):
                self.loads.append(Load(values["href"], f'<link rel="{values["rel"]}">'))
                if "stylesheet" in rels:
                    self.stylesheets.append(values["href"])
        for name in SOURCE_ATTRS.get(tag, ()):
            value = values.get(name)
            if value:
                urls = _srcset(value) if name == "srcset" else [value]
                self.loads.extend(Load(url, f"<{tag} {name}>") for url in urls)
        if "style" in values:
            self.loads.extend(Load(url, "style attribute") for url in css_urls(values["style"]))
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.loads.extend(Load(url, "<style>") for url in css_urls(data))


# Only tags that can name another host matter: they contain `//`, or are a `<link>` (which
# may name a local stylesheet to follow). They are found with `str.find`, which skips the
# rest of a page at memory speed: on a large site a page is mostly navigation, which names
# no host, and the check must stay linear in the number of pages.
def collect_loads(html: str) -> _LoadCollector:
    """The loads of a page: its candidate tags and `<style>` blocks; scripts' code skipped."""
    collector = _LoadCollector()
    if "//" not in html and "<link" not in html and "<style" not in html:
        return collector  # no tag names a host or a stylesheet, no style block: nothing to parse
    scripts = _element_bodies(html, "script")
    _feed(collector, _tags_with_host(html, scripts) + _tags_named(html, "<link"))
    for start, end in _element_bodies(html, "style"):
        collector.loads.extend(Load(url, "<style>") for url in css_urls(html[start:end]))
    collector.close()
    return collector


def _feed(collector: _LoadCollector, tags: list[str]) -> None:
    """Feed the tags in turn. The theme repeats its tags on every page: a tag parsed before
    gives what it gave then, since after a tag that leaves nothing pending the parser is as
    new, and a new parser gives the same events for the same tag."""
    for number, tag in enumerate(tags):
        parsed = _parsed(tag)
        if parsed is None:  # the parser stays mid-way: it reads the rest as it goes on
            for rest in tags[number:]:
                collector.feed(_closed(rest))
            return
        loads, stylesheets = parsed
        collector.loads.extend(loads)
        collector.stylesheets.extend(stylesheets)


@lru_cache(maxsize=4096)
def _parsed(tag: str) -> tuple[tuple[Load, ...], tuple[str, ...]] | None:
    """The loads and stylesheets of one tag; None if it leaves the parser with something
    pending (unparsed input, a `<script>` or `<style>` still open)."""
    parser = _LoadCollector()
    parser.feed(_closed(tag))
    if parser.rawdata or parser.cdata_elem is not None or parser.in_style:
        return None
    return tuple(parser.loads), tuple(parser.stylesheets)


def _closed(tag: str) -> str:
    """The tag and its end tag: no later tag is read as script or style."""
    name = tag[1:].split(None, 1)[0].rstrip(">/").lower()
    return f"{tag}</{name}>"


_kept_loads: ContextVar[dict[Path, _LoadCollector] | None] = ContextVar(
    "sitecheck_kept_loads", default=None
)


@contextmanager
def reading_pages_once() -> Iterator[None]:
    """Within it, reading a page's ids (`read_ids`) also collects its loads and keeps them
    for `page_loads`. The link check reads the pages that links point to, the third-party
    check after it every page: so no page is read, and its navigation found, twice."""
    token = _kept_loads.set({})
    try:
        yield
    finally:
        _kept_loads.reset(token)


def read_ids(path: Path) -> frozenset[str] | None:
    """`site_index.read_ids`, keeping the page's loads within `reading_pages_once`."""
    kept = _kept_loads.get()
    if kept is None:
        return site_index.read_ids(path)
    parts = _read_parts(path)
    if parts is None:
        return None
    kept[path] = _loads_in(parts)
    return site_index.ids_in(parts)


def page_loads(path: Path) -> _LoadCollector | None:
    """The loads of a built page, its theme navigation skipped without being decoded."""
    kept = _kept_loads.get()
    if kept is not None and path in kept:
        return kept.pop(path)
    parts = _read_parts(path)
    return None if parts is None else _loads_in(parts)


def _read_parts(path: Path) -> list[str] | None:
    try:
        return site_index.page_parts(path.read_bytes())
    except OSError:
        return None


def _loads_in(parts: list[str]) -> _LoadCollector:
    collector = _LoadCollector()
    for part in parts:
        found = collect_loads(part)
        collector.loads.extend(found.loads)
        collector.stylesheets.extend(found.stylesheets)
    return collector


def _element_bodies(html: str, name: str) -> list[tuple[int, int]]:
    """(start, end) of the content of each `<name …>…</name>` element (as MkDocs writes
    them: lower case)."""
    bodies: list[tuple[int, int]] = []
    position = 0
    while (opening := html.find(f"<{name}", position)) != -1:
        start = html.find(">", opening)
        end = html.find(f"</{name}", start) if start != -1 else -1
        if end == -1:
            break
        bodies.append((start + 1, end))
        position = end
    return bodies


def _tags_with_host(html: str, skipped: list[tuple[int, int]]) -> list[str]:
    """Every tag with `//` in it (outside the `skipped` ranges): where another host can be."""
    tags: list[str] = []
    position = 0
    ranges = iter(skipped)
    current = next(ranges, None)
    while (hit := html.find("//", position)) != -1:
        while current is not None and current[1] <= hit:
            current = next(ranges, None)
        if current is not None and current[0] <= hit:
            position = current[1]
            continue
        start = html.rfind("<", 0, hit)
        end = html.find(">", hit)
        if end == -1:
            break
        if start != -1 and html.find(">", start, hit) == -1:
            tags.append(html[start : end + 1])
        position = end + 1
    return tags


def _tags_named(html: str, opening: str) -> list[str]:
    tags: list[str] = []
    position = 0
    while (start := html.find(opening, position)) != -1:
        end = html.find(">", start)
        if end == -1:
            break
        if "//" not in html[start:end]:  # with a host, `_tags_with_host` has it already
            tags.append(html[start : end + 1])
        position = end + 1
    return tags


def _srcset(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()]


def css_urls(css: str) -> list[str]:
    """Every URL a stylesheet fetches: `url(...)` (fonts, images, imports) and `@import "..."`."""
    urls = [next(g for g in m.groups() if g is not None) for m in CSS_URL_RE.finditer(css)]
    urls += [next(g for g in m.groups() if g is not None) for m in CSS_IMPORT_RE.finditer(css)]
    return [url.strip() for url in urls if url.strip()]


@lru_cache(maxsize=4096)  # the theme's URLs come again on every page
def is_third_party(url: str, site_host: str) -> bool:
    """True for an http(s) or scheme-relative URL whose host is not the site's own."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("", "http", "https") or not parts.netloc:
        return False
    host = (parts.hostname or "").lower()
    return host != site_host.lower()


class _Stylesheets:
    """Third-party URLs in local stylesheets, following local `@import`s once each."""

    def __init__(self, site_dir: Path, index: SiteIndex, site_host: str) -> None:
        self.site_dir = site_dir
        self.index = index
        self.site_host = site_host
        self.seen: set[str] = set()

    def loads(self, output: str) -> list[tuple[str, Load]]:
        """(stylesheet output, load) for every third-party URL reachable from `output`."""
        found: list[tuple[str, Load]] = []
        pending = [output]
        while pending and len(self.seen) < MAX_STYLESHEETS:
            current = pending.pop()
            if current in self.seen or current not in self.index.outputs:
                continue
            self.seen.add(current)
            for url in css_urls(_read(self.site_dir / current)):
                if is_third_party(url, self.site_host):
                    found.append((current, Load(url, f"stylesheet {current}")))
                else:
                    local = _resolve(current, url)
                    if local is not None and local.endswith(".css"):
                        pending.append(local)
        return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _resolve(from_output: str, url: str) -> str | None:
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


def _line_of(text: str, url: str) -> int | None:
    position = text.find(url)
    return text.count("\n", 0, position) + 1 if position != -1 else None


def check_third_party(settings: Settings, pages: list[Document], index: SiteIndex) -> list[Finding]:
    """One error per third-party load: at the line of the source file that names the URL;
    once at mkdocs.yml for a URL no source names (the theme, a plugin or the configuration
    adds it, usually to every page); at a stylesheet's source for what a stylesheet loads."""
    stylesheets = _Stylesheets(settings.site_dir, index, settings.site_host)
    targets = [(page.output, page.path) for page in pages]
    targets += [(output, deck.path) for output, deck in index.decks.items()]
    findings: list[Finding] = []
    unnamed: dict[str, list[Load]] = defaultdict(list)
    from_css: dict[tuple[str, str], Load] = {}
    for output, path in targets:
        collector = page_loads(settings.site_dir / output)
        if collector is None:
            continue
        source: str | None = None  # read for the first load from another host only
        for load in dict.fromkeys(collector.loads):
            if not is_third_party(load.url, settings.site_host):
                continue
            if source is None:  # front matter included: a deck's `cdn:` is there
                source = _read(settings.root / path)
            line = _line_of(source, load.url)
            if line is None:
                unnamed[load.url].append(load)
                continue
            message = (
                f"the page loads '{load.url}' ({load.what}) from another host; "
                "serve it from the site itself or link to it instead"
            )
            findings.append(error(Location(path, line), "third-party-load", message))
        for href in collector.stylesheets:
            local = _resolve(output, href)
            if local is not None:
                for sheet, load in stylesheets.loads(local):
                    from_css[(sheet, load.url)] = load
    for url, loads in unnamed.items():
        message = (
            f"{len(loads)} page(s) load '{url}' ({loads[0].what}) from another host, "
            "though no page source names it: the theme, a plugin or mkdocs.yml adds it; "
            "serve it from the site itself"
        )
        findings.append(error(CONFIG, "third-party-load", message))
    sources = {output: src for src, output in index.sources.items()}
    docs = relative(settings.docs_dir, settings.root)
    for (sheet, url), load in from_css.items():
        source_file = sources.get(sheet)
        location = Location(f"{docs}/{source_file}", 1) if source_file is not None else CONFIG
        message = f"{load.what} loads '{url}' from another host; serve it from the site itself"
        findings.append(error(location, "third-party-load", message))
    return findings
