"""Slide links written relative to the deck's source become URLs relative to the deck's page.

An editor writes a slide link the way MkDocs pages are written, relative to the file:
`../recht/impressum.md#haftung`, `img/diagramm.svg`. The deck is published as a page of its
own (`folien/<name>/`), so each such target is replaced by the URL from there (the rule is
`pages.resolved_url`). This is done on what Python-Markdown made of the slide, as MkDocs' own
`_RelativePathTreeprocessor` does for pages:

- every `href` and `src` in the element tree: Markdown links and images, and HTML blocks that
  `md_in_html` parses;
- every `href` and `src` of a start tag in the raw HTML a slide carries (`<a href="…">` or
  `<img src="…">` written as HTML, which MkDocs leaves alone on a page but a deck has always
  rewritten), read with the standard library's HTML tokenizer and changed in place.

By then code is text (`&lt;a href=…&gt;` inside `<pre>` or `<code>`), so a link shown in a
code block or code span is never touched.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# A link target as written -> the URL to write instead, or None to keep it.
Resolve = Callable[[str], str | None]

LINK_ATTRIBUTES = ("href", "src")
NEWLINE_RE = re.compile(r"\n")
SLIDE_LINKS = "slide_links"  # the treeprocessor's name in a converter's registry
# One `href` or `src` attribute inside one start tag (the tokenizer found the tag).
ATTRIBUTE_RE = re.compile(
    r"""(?<=\s)(?P<name>href|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""",
    re.IGNORECASE,
)


class SlideLinks(Treeprocessor):
    """Rewrites link targets with `resolve` (set for one conversion, None: leave all alone).

    `written` maps each URL it wrote to the target as the editor wrote it, so that a check
    reading the rendered slide can find that target in the source.
    """

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.resolve: Resolve | None = None
        self.written: dict[str, str] = {}

    def run(self, root: etree.Element) -> None:
        if self.resolve is None:
            return
        self._rewrite_tree(root)
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str):
                stash[index] = self.rewrite_html(block)
            else:  # an element md_in_html left in the stash
                self._rewrite_tree(block)

    def _rewrite_tree(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in LINK_ATTRIBUTES:
                value = element.get(name)
                url = self._url(value) if value else None
                if url is not None:
                    element.set(name, url)

    def rewrite_html(self, text: str) -> str:
        """`text` (raw HTML) with the `href` and `src` of its start tags rewritten."""
        lowered = text.lower()
        if "href" not in lowered and "src" not in lowered:
            return text
        pieces: list[str] = []
        position = 0
        for start, tag in start_tags(text):
            rewritten = self._rewrite_tag(tag)
            if rewritten != tag:
                pieces += [text[position:start], rewritten]
                position = start + len(tag)
        pieces.append(text[position:])
        return "".join(pieces)

    def _rewrite_tag(self, tag: str) -> str:
        def replace(match: re.Match[str]) -> str:
            group = next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)
            url = self._url(html.unescape(match.group(group)))
            if url is None:
                return match.group(0)
            value = html.escape(url, quote=True)
            if group == "bare":
                value = f'"{value}"'
            whole = match.group(0)
            start, end = match.start(group) - match.start(), match.end(group) - match.start()
            return whole[:start] + value + whole[end:]

        return ATTRIBUTE_RE.sub(replace, tag)

    def _url(self, written: str) -> str | None:
        assert self.resolve is not None
        url = self.resolve(written)
        if url is None or url == written:
            return None
        self.written.setdefault(url, written)
        return url


class _StartTags(HTMLParser):
    """Every start tag of a piece of HTML, with its line and column (not in comments,
    scripts or styles, which the tokenizer reads as text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text()
        if text is not None and any(name in LINK_ATTRIBUTES for name, _ in attrs):
            line, column = self.getpos()
            self.found.append((line, column, text))

    handle_startendtag = handle_starttag


def start_tags(text: str) -> list[tuple[int, str]]:
    """(offset, tag text) of every start tag in `text` that has an `href` or `src`."""
    parser = _StartTags()
    parser.feed(text)
    parser.close()
    line_starts = [0, *(match.end() for match in NEWLINE_RE.finditer(text))]
    found: list[tuple[int, str]] = []
    for line, column, tag in parser.found:
        offset = line_starts[line - 1] + column
        if text.startswith(tag, offset):
            found.append((offset, tag))
    return found


class SlideLinksExtension(Extension):
    """Python-Markdown extension with `SlideLinks`, run after inline processing (which
    stashes inline raw HTML) and before the stash is put back into the page."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(SlideLinks(md), SLIDE_LINKS, 5)
