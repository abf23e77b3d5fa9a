"""Where a rendered link was written: the line of the source file it came from.

Links are taken from the built HTML (`rendered.py`); an editor fixes Markdown, a template or
mkdocs.yml. So, for a finding only, the link is looked up afterwards, in this order: the page's
own source, the snippets it includes (`pymdownx.snippets`: `--8<--` lines and `auto_append`),
the theme overrides (`custom_dir`), the YAML files of the docs folder that plugins read,
mkdocs.yml. A source line that only shows the URL inside a code block (the page's rendered code
says so) is an example, not the link. A link around the page's content (its header, sidebar or
footer) is not searched in the page's Markdown, only in its front matter: the theme and its
templates made it. Where no file names it, the caller says so in the finding rather than guess
a line.

What is searched, most precise first (`needles`): the URL as rendered (MkDocs leaves a link it
cannot resolve as written, and never touches raw HTML); for a link MkDocs rewrote
(`page.md#x` became `../page/#x`), its last path segment with the fragment; a fragment right
after a template expression (`{{ post.url | url }}#x`); for a link-text finding, the text.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from talk_kit.sitecheck.config import Settings
from talk_kit.sitecheck.content import EMPTY_ALT_RE
from talk_kit.sitecheck.documents import Document
from talk_kit.sitecheck.findings import Location
from talk_kit.sitecheck.rendered import HtmlLink, RenderedPage
from talk_kit.sitecheck.sources import front_matter_end, read_text, relative, split_lines

# `--8<-- "file.md"` (one snippet) and a `--8<--` line alone (a block of names up to the next)
SNIPPET_LINE_RE = re.compile(r"""^\s*-{1,}8<-{1,}[ \t]+(?P<q>["']?)(?P<name>[^"'\s]+)(?P=q)\s*$""")
SNIPPET_BLOCK_RE = re.compile(r"^\s*-{1,}8<-{1,}\s*$")
MAX_SNIPPET_DEPTH = 4
Needle = str | re.Pattern[str]


@dataclass
class SourceText:
    """A file's lines as searched; a deck's are its expanded Markdown, each line with the
    file and line it came from."""

    path: str
    lines: list[str]
    markdown: bool  # Markdown source (a line shown in code is no link) or a template/config
    locations: list[Location] | None = None

    def location(self, number: int) -> Location:
        if self.locations:
            return self.locations[max(0, min(number, len(self.locations)) - 1)]
        return Location(self.path, number)


def needles(link: HtmlLink, with_text: bool = False) -> list[Needle]:
    """What to look for in the sources, most precise first."""
    # The URL as a whole token: `img/x.png` is not the end of `../img/x.png`.
    found: list[Needle] = [re.compile(rf"(?<![\w./%-]){re.escape(link.url)}(?![\w/%-])")]
    path, hash_sign, fragment = link.url.partition("#")
    segment = posixpath.basename(path.rstrip("/"))
    if segment and segment not in (".", ".."):
        stem = re.escape(segment.removesuffix(".html"))
        ending = r"(?:\.md|\.html|/index\.md|/README\.md|/)?"
        tail = re.escape(hash_sign + fragment) if hash_sign else r"(?![\w.-])"
        found.append(re.compile(r"(?<![\w-])" + stem + ending + tail))
        if fragment:  # a template's `{{ post.url | url }}#more`: the fragment after an expression
            found.append(re.compile(r"\}\}\s*" + re.escape(f"#{fragment}") + r"(?![\w.%-])"))
    elif fragment:  # `#x`, or this page's own `page.md#x`, which MkDocs rendered as `#x`
        found.append(re.compile(re.escape(f"#{fragment}") + r"(?![\w.%-])"))
    if with_text and link.text:
        # The text as link text: `[text]` in Markdown (code and emphasis marks around it) but
        # not `[text](url)`, whose URL is another (a needle above would have found this one),
        # or `>text<` in HTML. The same word elsewhere ("link" in "interlink") is no place of
        # the link.
        text = re.escape(link.text)
        found.append(re.compile(rf"\[[\s`*_~]*{text}[\s`*_~]*\](?!\()|>\s*{text}\s*<"))
    return found


class Locator:
    """Finds source lines for the findings of one check run; reads each file once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.files: dict[Path, SourceText | None] = {}
        self._templates: list[SourceText] | None = None
        self._data_files: list[SourceText] | None = None
        self._config: SourceText | None = None
        self._own: dict[str, SourceText] = {}

    def locate(
        self,
        document: Document,
        link: HtmlLink,
        nth: int,
        page: RenderedPage,
        with_text: bool = False,
    ) -> tuple[Location, Needle, str] | None:
        """The `nth` (0-based) line naming `link` of the built `page` in the sources of
        `document`, what matched and the link as written there; None if no source names it."""
        hit = self._hit(document, link, nth, page, with_text)
        if hit is None:
            return None
        source, number, needle = hit
        return source.location(number), needle, _written(source.lines[number - 1], needle)

    def writes_empty_alt(
        self, document: Document, link: HtmlLink, nth: int, page: RenderedPage
    ) -> bool:
        """Whether the line that writes image `link` says `alt=""`: a decorative image on
        purpose (WCAG's H67), unlike Markdown's `![](x.png)`, which renders the same."""
        hit = self._hit(document, link, nth, page)
        return hit is not None and EMPTY_ALT_RE.search(hit[0].lines[hit[1] - 1]) is not None

    def _hit(
        self,
        document: Document,
        link: HtmlLink,
        nth: int,
        page: RenderedPage,
        with_text: bool = False,
    ) -> tuple[SourceText, int, Needle] | None:
        code = page.code
        if link.in_content or not page.has_content:  # a deck page marks no content
            sources = [self.own(document), *self.snippets(document)]
        else:  # around the content: only the page's front matter may have asked for it
            sources = [self.front_matter(document)]
        shared = [*self.templates(), *self.data_files(), self.config()]
        for needle in needles(link, with_text):
            hits = [
                (source, number)
                for source in sources
                for number in _matches(source, needle)
                if not (source.markdown and _shown_as_code(source.lines[number - 1], code))
            ]
            if not hits:
                hits = [
                    (source, number) for source in shared for number in _matches(source, needle)
                ]
            if hits:
                source, number = hits[min(nth, len(hits) - 1)]
                return source, number, needle
        return None

    def locate_url(self, document: Document, link: HtmlLink, page: RenderedPage) -> Location | None:
        """The first line naming the URL of `link` exactly, for a load from another host."""
        found = self.locate(document, link, 0, page)
        exact = needles(link)[0]  # the URL as a whole
        if found is None or found[1] != exact:
            return None
        return found[0]

    def own(self, document: Document) -> SourceText:
        """The document's text as searched, split once per run."""
        if document.path not in self._own:
            locations = document.deck.markdown_locations if document.deck is not None else None
            lines = split_lines(document.text)
            self._own[document.path] = SourceText(document.path, lines, True, locations or None)
        return self._own[document.path]

    def front_matter(self, document: Document) -> SourceText:
        """The document's front matter lines (none if it has none)."""
        own = self.own(document)
        end = front_matter_end(own.lines)
        return SourceText(own.path, own.lines[: end + 1] if end is not None else [], True)

    def snippets(self, document: Document) -> list[SourceText]:
        """The snippet files `document` includes (nested ones too), then the appended ones."""
        options = self.settings.snippets
        if options is None:
            return []
        found: list[SourceText] = []
        seen: set[Path] = set()
        pending = [(name, 0) for name in _snippet_names(document.text)]
        pending += [(name, 0) for name in options.auto_append]
        while pending:
            name, depth = pending.pop(0)
            path = self._snippet_path(name)
            if path is None or path in seen:
                continue
            seen.add(path)
            source = self._read(path, markdown=True)
            if source is None:
                continue
            found.append(source)
            if depth < MAX_SNIPPET_DEPTH:
                pending += [(n, depth + 1) for n in _snippet_names("\n".join(source.lines))]
        return found

    def _snippet_path(self, name: str) -> Path | None:
        assert self.settings.snippets is not None
        name = name.split(":", 1)[0] if not re.match(r"^[A-Za-z]:[\\/]", name) else name
        for base in self.settings.snippets.base_paths:
            candidate = base / name
            if candidate.is_file():
                return candidate
        return None

    def templates(self) -> list[SourceText]:
        if self._templates is None:
            folder = self.settings.custom_dir
            paths = sorted(folder.rglob("*.html")) if folder is not None and folder.is_dir() else []
            read = (self._read(path, markdown=False) for path in paths)
            self._templates = [source for source in read if source is not None]
        return self._templates

    def data_files(self) -> list[SourceText]:
        """The YAML files in the docs folder that plugins read (the blog plugin's
        `.authors.yml` with its avatars, the meta plugin's `.meta.yml`)."""
        if self._data_files is None:
            root = self.settings.root.resolve()
            paths = sorted(
                path
                for path in self.settings.docs_dir.rglob("*")
                if path.suffix in (".yml", ".yaml")
                and path.is_file()
                and path.resolve().is_relative_to(root)  # a link out of the project is not read
            )
            read = (self._read(path, markdown=False) for path in paths)
            self._data_files = [source for source in read if source is not None]
        return self._data_files

    def config(self) -> SourceText:
        if self._config is None:
            path = self.settings.config_file
            self._config = self._read(path, markdown=False) or SourceText(
                relative(path, self.settings.root), [], False
            )
        return self._config

    def config_line(self, key: str) -> Location:
        """The line of mkdocs.yml where the top-level `key:` is, else its first line."""
        config = self.config()
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        number = next((n for n, line in enumerate(config.lines, 1) if pattern.match(line)), 1)
        return Location(config.path, number)

    def _read(self, path: Path, markdown: bool) -> SourceText | None:
        if path not in self.files:
            text = read_text(path, relative(path, self.settings.root), [])
            self.files[path] = (
                None
                if text is None
                else SourceText(relative(path, self.settings.root), split_lines(text), markdown)
            )
        return self.files[path]


def _matches(source: SourceText, needle: Needle) -> list[int]:
    if isinstance(needle, str):
        return [n for n, line in enumerate(source.lines, 1) if needle in line]
    return [n for n, line in enumerate(source.lines, 1) if needle.search(line)]


def _written(line: str, needle: Needle) -> str:
    """The link as the line writes it: the match, widened over the characters of a path."""
    if isinstance(needle, str):
        start = line.find(needle)
        if start == -1:
            return ""
        end = start + len(needle)
    else:
        match = needle.search(line)
        if match is None or match.group().startswith("}}"):
            return ""  # a template expression writes the path: the rendered one is quoted
        start, end = match.span()
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] in "./%_-"):
        start -= 1
    return line[start:end]


def _shown_as_code(line: str, code: str) -> bool:
    """True if the rendered page shows this source line inside code (a fenced example)."""
    stripped = line.strip()
    return bool(stripped) and stripped in code


def _snippet_names(text: str) -> list[str]:
    names: list[str] = []
    in_block = False
    for line in split_lines(text):
        if "8<" not in line and not in_block:
            continue
        if SNIPPET_BLOCK_RE.match(line):
            in_block = not in_block
            continue
        single = SNIPPET_LINE_RE.match(line)
        if single is not None:
            names.append(single.group("name"))
        elif in_block and line.strip() and not line.strip().startswith(";"):
            names.append(line.strip())
    return [name for name in names if not name.startswith(";")]
