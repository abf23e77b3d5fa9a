"""The words of a card and its tags: a page's heading, its first paragraph, a clean cut.

Read from the page's rendered HTML (the standard library's HTML parser), so what the reader
sees is what a shared link shows: abbreviations as written, no Markdown, no footnote marks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

DESCRIPTION_LENGTH = 200  # characters; the networks cut longer descriptions themselves
# Elements whose paragraphs are not the page's own first paragraph, and text never shown.
CONTAINERS = frozenset(
    ("div", "details", "aside", "blockquote", "table", "li", "figure", "nav", "header", "dl")
)
SKIPPED = frozenset(("sup", "script", "style", "template", "button"))
VOID = frozenset(("br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area"))
# A sentence ends at . ! ? (and a closing quote or bracket) before a space and a capital
# letter, but not after a digit (`16. November`) or a one-letter abbreviation (`z. B.`).
SENTENCE_END = re.compile(r"(?<![\s\d.][A-Za-zÄÖÜäöüß])(?<!\d)[.!?][“”\"')]?(?=\s+[A-ZÄÖÜ„\"(])")
ABBREVIATIONS = ("bzw.", "ca.", "Dr.", "Nr.", "Abs.", "vgl.", "usw.", "etc.", "evtl.", "ggf.")


INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060"))  # soft hyphens, zero widths


def plain(text: str) -> str:
    """Whitespace collapsed to single spaces, ends trimmed, invisible break hints removed."""
    return " ".join(text.translate(INVISIBLE).split())


class _FirstText(HTMLParser):
    """The text of the first `h1` and of the first top-level `<p>` with any text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.heading: str | None = None
        self.paragraph: str | None = None
        self._heading: list[str] | None = None
        self._paragraph: list[str] | None = None
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._skipping or tag in SKIPPED or "headerlink" in classes:
            self._skipping += tag not in VOID
            return
        if tag == "h1" and self.heading is None and self._heading is None:
            self._heading = []
        top_level = not any(open_tag in CONTAINERS for open_tag in self.stack)
        if tag == "p" and top_level and self.paragraph is None and self._paragraph is None:
            self._paragraph = []
        if tag == "br":
            self.handle_data(" ")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            self._skipping -= 1
            return
        if tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "h1" and self._heading is not None:
            self.heading = plain("".join(self._heading)) or None
            self._heading = None
        if tag == "p" and self._paragraph is not None:
            self.paragraph = plain("".join(self._paragraph)) or None
            self._paragraph = None

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._heading is not None:
            self._heading.append(data)
        if self._paragraph is not None:
            self._paragraph.append(data)


def first_texts(html: str) -> tuple[str | None, str | None]:
    """The first `h1`'s text and the first top-level paragraph's text of rendered HTML."""
    parser = _FirstText()
    parser.feed(html)
    parser.close()
    return parser.heading, parser.paragraph


def sentence_ends(text: str) -> list[int]:
    """Where sentences end in `text` (the index after their final mark)."""
    ends = []
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        word = text[: match.start() + 1].rsplit(" ", 1)[-1]
        if not word.endswith(ABBREVIATIONS):
            ends.append(end)
    return ends


def cut(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` of at most `limit` characters: whole sentences if one fits, else whole words
    followed by `…`; never half a word."""
    text = plain(text)
    if len(text) <= limit:
        return text
    fitting = [end for end in sentence_ends(text) if end <= limit]
    if fitting:
        return text[: fitting[-1]]
    words = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[: limit - 1]
    return words.rstrip(" ,;:–-·(") + "…"


class _Blocks(HTMLParser):
    """The lines of text of a slide: one per heading, paragraph or item, `<br>` breaks too;
    the speaker notes are left out."""

    BLOCKS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "figcaption"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, str]] = []  # (tag, text)
        self._tag = ""
        self._text: list[str] = []
        self._notes = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._notes or (tag == "aside" and "notes" in (dict(attrs).get("class") or "")):
            self._notes += tag == "aside"
            return
        if tag in self.BLOCKS:
            self._flush()
            self._tag = tag
        elif tag == "br":
            self._flush(keep_tag=True)

    def handle_endtag(self, tag: str) -> None:
        if self._notes:
            self._notes -= tag == "aside"
            return
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._notes and self._tag:
            self._text.append(data)

    def _flush(self, keep_tag: bool = False) -> None:
        text = plain("".join(self._text))
        if text:
            self.lines.append((self._tag, text))
        self._text = []
        if not keep_tag:
            self._tag = ""


def slide_lines(html: str) -> list[tuple[str, str]]:
    """(tag, text) of each line a slide shows, in order."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.lines
