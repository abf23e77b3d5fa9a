"""From what the browser saw back to the Markdown an editor fixes.

A guide page maps to its file in `docs/`, a deck page to its deck and each slide to its source
lines (`Slide.start`, `Slide.body_lines`, through includes too). Within a page or a slide, the
line is the first one that names the element: its `src`, `href`, `style`, `id`, `alt` or its
text. An element no source names (the theme's header, search dialog, footer) is the theme's:
it is reported once, at mkdocs.yml.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import Files

from talk_kit.decks.model import ATTR_RE, Slide
from talk_kit.sitecheck.documents import file_url
from talk_kit.sitecheck.findings import Location
from talk_kit.sitecheck.sources import front_matter_end, relative

_ATTRIBUTES = ("src", "href", "style", "id", "alt", "title")
_TAG = re.compile(r"<[^>]*>")
_FIRST_TAG = re.compile(r"<[a-zA-Z][^>]*>")


def needles(element_html: str) -> list[str]:
    """Strings that identify an element in its source, most specific first."""
    first = _FIRST_TAG.match(element_html.strip())
    found: list[str] = []
    if first:
        values = {
            m.group("name").lower(): m.group("dq") or m.group("sq") or m.group("bare") or ""
            for m in ATTR_RE.finditer(first.group(0))
        }
        found += [html.unescape(values[name]) for name in _ATTRIBUTES if values.get(name)]
    text = " ".join(html.unescape(_TAG.sub(" ", element_html)).split())
    if len(text) >= 4:
        found.append(text[:40])
    return [needle for needle in found if len(needle) >= 2]


def first_line(lines: list[str], wanted: list[str]) -> int | None:
    """0-based index of the first line containing the first needle that any line contains."""
    for needle in wanted:
        for number, line in enumerate(lines):
            if needle in line:
                return number
    return None


def content_lines(text: str) -> list[str]:
    """The lines of a page with its front matter blanked: a description is not the content."""
    lines = text.splitlines()
    end = front_matter_end(lines)
    return [""] * (end + 1) + lines[end + 1 :] if end is not None else lines


@dataclass
class PageSource:
    """A guide page's Markdown file, read once."""

    path: str  # relative to the project root
    lines: list[str] = field(default_factory=list)

    def locate(self, wanted: list[str]) -> Location | None:
        """The element's line, or None when the page's source does not name it."""
        number = first_line(self.lines, wanted)
        return None if number is None else Location(self.path, number + 1)


def slide_location(slide: Slide, wanted: list[str]) -> Location:
    """The line of the slide that names the element, else the slide's first line."""
    number = first_line(slide.body.splitlines(), wanted)
    return slide.start if number is None else slide.body_location(number + 1)


def guide_sources(files: Files, root: Path) -> dict[str, PageSource]:
    """Site URL (relative, `a/b/`) -> the Markdown file that MkDocs renders there."""
    sources: dict[str, PageSource] = {}
    for file in files.documentation_pages():
        if file.abs_src_path is None or file.generated_by is not None:
            continue
        path = Path(file.abs_src_path)
        text = path.read_text(encoding="utf-8", errors="replace")
        sources[file_url(file)] = PageSource(relative(path, root), content_lines(text))
    return sources


_EDIT_LINK = re.compile(r'<a href="([^"]+)"[^>]*\brel="edit"')


def edited_source(root: Path, docs_dir: Path, page_html: str) -> PageSource | None:
    """The file behind Material's edit link (blog posts live at dated URLs, not their path)."""
    link = _EDIT_LINK.search(page_html)
    if link is None:
        return None
    edit_link = html.unescape(link.group(1))
    docs_name = docs_dir.relative_to(root).as_posix()
    marker = f"/{docs_name}/"
    if marker not in edit_link:
        return None
    relative = edit_link.split(marker, 1)[1].split("#", 1)[0]
    path = docs_dir / relative
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    return PageSource(path.relative_to(root).as_posix(), content_lines(text))
