"""Text that MkDocs' raw-HTML scan cannot read: a finding instead of a crashed build.

MkDocs (1.6) reads every page's Markdown with the HTML parser Python-Markdown carries (a copy
of Python's `html.parser`), to learn the ids of raw HTML for its anchor validation. That
parser raises on some text: before Python 3.13 on a `<![` that opens no marked section it
knows ("Text <![ mehr", or `obj<![x` in a code span; Python gh-77057), in later versions on
other odd tags (mkdocs/mkdocs#4001). The exception stops `mkdocs build` with a traceback, and
`mkdocs serve` stops answering. Python-Markdown works around the same bug in its own parsing;
MkDocs does not.

`RawHtmlGuard` runs just before that scan, with the same parser on the same text. Where it
fails, the `<` it fails at is written `&lt;` for the rest of this rendering, and the page gets
an error at the source line that writes it. The editor's file is never changed.
"""

from __future__ import annotations

import markdown
from markdown.htmlparser import htmlparser
from markdown.preprocessors import Preprocessor

from talk_kit.sitecheck.findings import Location, error
from talk_kit.sitecheck.snippets import SnippetGuard

# MkDocs registers its scan at 21, right before Python-Markdown's `html_block` (20); fenced
# code (25) and snippets (32) have run by then, as they have when this one runs.
PRIORITY = 21.5
MKDOCS_SCAN = "mkdocs_raw_html"
MESSAGE = (
    "MkDocs' raw-HTML scan fails on the '<' in {text!r} and would stop the build (a bug of "
    "Python's HTML parser, mkdocs/mkdocs#4001); this build shows it as '&lt;'. Write '&lt;' "
    "there, or put the text in a fenced code block"
)


def unreadable_at(text: str) -> int | None:
    """Where the `<` lies that MkDocs' raw-HTML scan of `text` fails at, or None."""
    parser = htmlparser.HTMLParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # AssertionError before Python 3.13; whatever later parsers raise
        line, offset = parser.getpos()
        position = sum(len(before) + 1 for before in text.split("\n")[: line - 1]) + offset
        found = text.rfind("<", 0, position + 1)
        found = found if found >= 0 else text.find("<")
        return found if found >= 0 else None
    return None


class _Preprocessor(Preprocessor):
    def __init__(self, md: markdown.Markdown, guard: SnippetGuard) -> None:
        super().__init__(md)
        self.guard = guard

    def run(self, lines: list[str]) -> list[str]:
        if MKDOCS_SCAN not in self.md.preprocessors:
            return lines  # a Markdown of a plugin's own (the decks' slides): nothing to guard
        text = "\n".join(lines)
        refused: list[int] = []  # the lines, each once
        for _ in range(text.count("<")):  # each round takes one `<` away
            at = unreadable_at(text)
            if at is None:
                break
            line = text.count("\n", 0, at)
            if line not in refused:
                refused.append(line)
            text = f"{text[:at]}&lt;{text[at + 1 :]}"
        for line in refused:
            self._report(lines[line])
        return text.split("\n") if refused else lines

    def _report(self, line: str) -> None:
        """At the line of the page, or else of a snippet it includes, that writes `line`."""
        guard, tabs = self.guard, self.md.tab_length
        written = line.strip()
        message = MESSAGE.format(text=written[:60])
        where = None
        for path, lines in ((guard.page_path, guard.page_lines), *guard.included):
            number = next(
                (n for n, text in enumerate(lines, 1) if written in text.expandtabs(tabs)), None
            )
            if number is not None:
                where = Location(path, number)
                break
        if where is None:
            where = Location(guard.page_path, 1)
            message += "; no line of the page or of its snippets writes it as rendered"
        found = error(where, "unreadable-html", message)
        if found not in guard.findings:
            guard.findings.append(found)


class RawHtmlGuard(markdown.Extension):
    """Keeps MkDocs' raw-HTML scan from failing on a page (see the module docstring)."""

    def __init__(self, guard: SnippetGuard) -> None:
        self.guard = guard
        super().__init__()

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_Preprocessor(md, self.guard), "talk_kit_raw_html", PRIORITY)
