"""What the built site contains: output files (exact case), ids per HTML file,
and the source-to-URL map MkDocs uses to rewrite Markdown links.

The CLI fills it by scanning `site_dir`; the MkDocs hook fills it from memory
during the build. Ids come from the rendered HTML, never from re-slugified
headings, because only the rendered ids are what a browser can jump to.

Of a whole page, only the ids where a link can point are read: everything but
the theme's navigation. Material's sidebar repeats every page of the site on
every page, so reading it would make the checker quadratic in the number of
pages, for ids (`__nav_2`, the menu's checkboxes) no link points to.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from talk_kit.decks.model import Deck
from talk_kit.sitecheck.sources import is_file, tree

# Whole tags with attributes, without groups: `findall` then lists them in one call.
TAG_RE = re.compile(r"<[A-Za-z][A-Za-z0-9-]*\s[^<>]*>")
ID_ATTR_RE = re.compile(
    r"""\s(?P<attr>id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE
)


def scan_ids(text: str) -> frozenset[str]:
    """Ids, and `<a name>`s, of the tags in `text`; code is escaped, so it adds none."""
    ids: set[str] = set()
    for source in TAG_RE.findall(text):
        if "id" in source or "name" in source or "ID" in source:
            is_anchor = source[1] in "aA" and source[2].isspace()  # the name is `a`
            _add_ids(source, is_anchor, ids)
    return frozenset(ids)


def _add_ids(source: str, is_anchor: bool, ids: set[str]) -> None:
    """The ids of one tag; its `name` only for an `<a>` (`is_anchor`)."""
    for attr, double, single, bare in ID_ATTR_RE.findall(source):
        if not is_anchor and attr.lower() == "name":
            continue  # <meta name>, <input name> are no link targets
        value = double or single or bare  # the one that matched; all empty for `id=""`
        ids.add(html.unescape(value) if "&" in value else value)


def link_target_ids(page: str | bytes) -> frozenset[str]:
    """Ids of a whole HTML page that a link can point to: all but the theme's navigation.

    Navigation is every `<nav>` element outside an `<article>` (Material's header,
    tabs and sidebars); a `<nav>` an author wrote into the content counts. A file
    read from disk stays bytes: its navigation is skipped without being decoded.
    """
    if isinstance(page, bytes):
        return ids_in(page_parts(page))
    return ids_in([page[start:end] for start, end in outside_navigation(page)])


def page_parts(page: bytes) -> list[str]:
    """The parts of a built page outside the theme's navigation, decoded."""
    return [
        page[start:end].decode("utf-8", errors="replace") for start, end in outside_navigation(page)
    ]


def ids_in(parts: list[str]) -> frozenset[str]:
    """The ids of the parts of a page (`scan_ids` of each: no tag spans two)."""
    return frozenset().union(*map(scan_ids, parts))


# One pass over the page finds all four tags: cheaper than a search for each, and
# (without named groups) about twice as fast as with them.
STRUCTURE_RE = re.compile(r"<(?:nav[\s>]|/nav>|article[\s>]|/article>)")
STRUCTURE_BYTES_RE = re.compile(STRUCTURE_RE.pattern.encode())
# A match's first four characters say which tag it is, for str and for bytes pages.
NAV, NAV_END, ARTICLE, ARTICLE_END = range(4)
TAG_KINDS = {
    start: kind
    for prefix, kind in (("<nav", NAV), ("</na", NAV_END), ("<art", ARTICLE), ("</ar", ARTICLE_END))
    for start in (prefix, prefix.encode())
}


def outside_navigation(page: str | bytes) -> list[tuple[int, int]]:
    """Ranges of `page`, in order, that are not inside a `<nav>` outside an `<article>`.

    A `<nav>` that is never closed skips nothing: reading too much only costs time,
    skipping too much would report a working link as broken.
    """
    pattern = STRUCTURE_BYTES_RE if isinstance(page, bytes) else STRUCTURE_RE
    kept: list[tuple[int, int]] = []
    position = depth = articles = skipped_from = 0
    for tag in pattern.finditer(page):
        kind = TAG_KINDS[tag.group()[:4]]
        if depth:  # inside navigation: only its nesting matters
            depth += 1 if kind == NAV else -1 if kind == NAV_END else 0
            if depth == 0:
                position = tag.end()
        elif kind == NAV and not articles:
            kept.append((position, tag.start()))
            depth, skipped_from = 1, tag.start()
        elif kind == ARTICLE:
            articles += 1
        elif kind == ARTICLE_END:
            articles = max(0, articles - 1)
    if depth:  # never closed: read it after all
        position = skipped_from
    kept.append((position, len(page)))
    return [(first, last) for first, last in kept if last > first]


def url_to_file(url: str) -> str:
    """The file a URL path serves: `a/b/` -> `a/b/index.html`."""
    if url == "" or url.endswith("/"):
        return f"{url}index.html"
    return url


@dataclass
class SiteIndex:
    """The built site as the checks see it.

    `sources` maps docs-relative source paths (Markdown pages, static files and
    virtual deck pages) to their output URL; `outputs` is the exact-case set of
    files in the site; `ids` the ids per HTML file (filled lazily by `load_ids`).
    """

    sources: dict[str, str] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)
    ids: dict[str, frozenset[str]] = field(default_factory=dict)
    decks: dict[str, Deck] = field(default_factory=dict)  # output file -> deck
    load_ids: Callable[[str], frozenset[str] | None] | None = None
    _lower: dict[str, str] | None = None
    _lower_sources: dict[str, str] | None = None

    def changed(self) -> None:
        """Forget the case lookup tables after `sources` or `outputs` changed."""
        self._lower = self._lower_sources = None

    def ids_of(self, output: str) -> frozenset[str] | None:
        if output not in self.ids and self.load_ids is not None:
            loaded = self.load_ids(output)
            if loaded is not None:
                self.ids[output] = loaded
        return self.ids.get(output)

    def find_output(self, path: str) -> str | None:
        """The output file for a resolved site path, as a web server would serve it."""
        if path in ("", "."):
            path = ""
        candidate = url_to_file(path)
        if candidate in self.outputs:
            return candidate
        if not path.endswith("/") and f"{path}/index.html" in self.outputs:
            return f"{path}/index.html"  # servers redirect `a/b` to `a/b/`
        return None

    def source_case_variant(self, uri: str) -> str | None:
        """A source path that differs from `uri` only in case."""
        if self._lower_sources is None:
            self._lower_sources = {src.lower(): src for src in self.sources}
        found = self._lower_sources.get(uri.lower())
        return found if found != uri else None

    def case_variant(self, path: str) -> str | None:
        """An output that differs from `path` only in case (fine on macOS, 404 online)."""
        if self._lower is None:
            self._lower = {out.lower(): out for out in self.outputs}
        for candidate in (url_to_file(path), f"{path.rstrip('/')}/index.html"):
            found = self._lower.get(candidate.lower())
            if found is not None and found != candidate:
                return found
        return None


def scan_site(site_dir: Path) -> tuple[set[str], Callable[[str], frozenset[str] | None]]:
    """All files under `site_dir` (exact case) and a lazy id loader for its HTML."""
    outputs = {path for path, entry in tree(site_dir) if is_file(entry)}
    return outputs, id_loader(site_dir, outputs)


def id_loader(
    site_dir: Path,
    outputs: set[str],
    read: Callable[[Path], frozenset[str] | None] | None = None,
) -> Callable[[str], frozenset[str] | None]:
    """Read the ids of an output HTML file on demand (for files no page rendered in memory).

    `read` replaces `read_ids`, e.g. by the CLI's cache (id_cache.py).
    """
    reader = read or read_ids

    def load(output: str) -> frozenset[str] | None:
        if not output.endswith((".html", ".htm")) or output not in outputs:
            return None
        return reader(site_dir / output)

    return load


def read_ids(path: Path) -> frozenset[str] | None:
    """The link targets of an HTML file; None if it cannot be read."""
    try:
        return link_target_ids(path.read_bytes())
    except OSError:
        return None
