"""What the built site contains: output files (exact case), each HTML file read once
(`rendered.read_page`: its links, loads and ids), and the source-to-URL map MkDocs uses to
rewrite Markdown links.

The build and the CLI both fill it by scanning `site_dir` after the site is written. Ids
come from the rendered HTML, never from re-slugified headings: only the rendered ids are
what a browser can jump to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from talk_kit.decks.model import Deck
from talk_kit.sitecheck.rendered import RenderedPage, read_page
from talk_kit.sitecheck.sources import is_file, tree
from talk_kit.sitecheck.theme_nav import NavBlocks


def url_to_file(url: str) -> str:
    """The file a URL path serves: `a/b/` -> `a/b/index.html`."""
    if url == "" or url.endswith("/"):
        return f"{url}index.html"
    return url


@dataclass
class SiteIndex:
    """The built site as the checks see it.

    `sources` maps docs-relative source paths (Markdown pages, static files and
    virtual deck pages) to their output file; `outputs` is the exact-case set of
    files in `site_dir`; `pages` each HTML file as read, filled on first use.
    """

    site_dir: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)
    decks: dict[str, Deck] = field(default_factory=dict)  # output file -> deck
    pages: dict[str, RenderedPage | None] = field(default_factory=dict)
    nav_blocks: NavBlocks = field(default_factory=NavBlocks)  # the theme's, across pages
    _lower: dict[str, str] | None = None
    _lower_sources: dict[str, str] | None = None
    _listed: frozenset[str] | None = None

    def changed(self) -> None:
        """Forget the lookup tables after `sources` or `outputs` changed."""
        self._lower = self._lower_sources = self._listed = None

    def listed(self) -> frozenset[str]:
        """Every output file MkDocs' file list gives a source, written or not."""
        if self._listed is None:
            self._listed = frozenset(map(url_to_file, self.sources.values()))
        return self._listed

    def page(self, output: str) -> RenderedPage | None:
        """The built HTML file `output`, parsed once; None if it is no HTML file of the site."""
        if output not in self.pages:
            self.pages[output] = self._read(output)
        return self.pages[output]

    def _read(self, output: str) -> RenderedPage | None:
        if self.site_dir is None or output not in self.outputs:
            return None
        if not output.endswith((".html", ".htm")):
            return None
        try:  # `os.path`: a `Path` per page costs more than reading a small one
            with open(os.path.join(self.site_dir, output), "rb") as page:
                return read_page(page.read(), self.nav_blocks)
        except OSError:
            return None

    def ids_of(self, output: str) -> frozenset[str] | None:
        page = self.page(output)
        return page.ids if page is not None else None

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


def scan_site(site_dir: Path) -> SiteIndex:
    """Every file under `site_dir` (exact case), each HTML file read when first asked for."""
    outputs = {path for path, entry in tree(site_dir) if is_file(entry)}
    return SiteIndex(site_dir=site_dir, outputs=outputs)
