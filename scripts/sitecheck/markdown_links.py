"""Fence-aware link extraction from Markdown.

A link inside a code block or code span is an example, not a link: checking it
gives false alarms, and rewriting it (the deck hook does that) would corrupt
the example. So code, code spans and HTML comments are masked first, then
links are found in what is left, with offsets into the original text so a
caller can rewrite a target in place.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .fences import scan_code

MD_LINK = "md-link"
MD_IMAGE = "md-image"
HTML_HREF = "html-href"
HTML_SRC = "html-src"
REF_DEF = "ref-def"

CODE_SPAN_RE = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
PARAGRAPH_RE = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
REF_DEF_RE = re.compile(
    r"^[ ]{0,3}\[(?!\^)(?P<label>(?:[^\]\\\n]|\\.){1,999})\]:[ \t]*\n?[ \t]*"
    r"(?:<(?P<angle>[^>\n]*)>|(?P<bare>\S+))",
    re.MULTILINE,
)
AUTOLINK_RE = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^\s<>]*)>", re.IGNORECASE)
TAG_RE = re.compile(r"<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>\s[^<>]*?)?/?>")
ATTR_RE = re.compile(
    r"(?:^|\s)(?P<name>href|src)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'=<>`]+))",
    re.IGNORECASE,
)
ALT_RE = re.compile(r"(?:^|\s)alt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
TAG_STRIP_RE = re.compile(r"<[^>]*>")
BRACKET_TOKEN_RE = re.compile(r"\\.|[\[\]]|\n[ \t]*(?=\n)")
DESTINATION_RE = re.compile(
    r"[ \t]*\n?[ \t]*(?:<(?P<angle>[^<>\n]*)>"
    r"|(?P<bare>(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))"
)
TITLE_RE = re.compile(
    r"""(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:"[^"]*"|'[^']*'|\([^()]*\)))?[ \t]*\n?[ \t]*\)"""
)
CLOSE_A_RE = re.compile(r"</a\s*>", re.IGNORECASE)
MAX_LINK_TEXT = 2000  # characters searched for the `</a>` of a raw HTML link


@dataclass
class Link:
    """A link target found in Markdown; `start:end` is the target inside the text."""

    target: str
    line: int
    kind: str
    text: str
    start: int
    end: int


def mask_code(markdown: str) -> str:
    """Return `markdown` with code blocks, code spans and HTML comments blanked.

    Blanking keeps every offset and newline, so positions found in the mask
    are positions in the original.
    """
    lines = markdown.split("\n")
    scan = scan_code(lines)
    masked = "\n".join(
        " " * len(line) if code else line for line, code in zip(lines, scan.is_code, strict=True)
    )
    masked = COMMENT_RE.sub(_blank, masked)
    return PARAGRAPH_RE.sub(lambda m: CODE_SPAN_RE.sub(_blank, m.group(0)), masked)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def extract_links(markdown: str) -> list[Link]:
    """All link targets in `markdown`, sorted by position."""
    masked = mask_code(markdown)
    line_starts = [0] + [i + 1 for i, ch in enumerate(markdown) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    links: list[Link] = []
    for start, end, kind, text in _inline_links(masked):
        links.append(
            Link(markdown[start:end], line_of(start), kind, markdown_text(text), start, end)
        )
    for match in REF_DEF_RE.finditer(masked):
        group = "angle" if match.group("angle") is not None else "bare"
        start, end = match.span(group)
        label = markdown[slice(*match.span("label"))]
        links.append(Link(markdown[start:end], line_of(start), REF_DEF, label, start, end))
    for match in AUTOLINK_RE.finditer(masked):
        start, end = match.span("url")
        url = markdown[start:end]
        links.append(Link(url, line_of(start), MD_LINK, url, start, end))
    for start, end, kind, text in _html_links(masked, markdown):
        links.append(Link(markdown[start:end], line_of(start), kind, text, start, end))
    links.sort(key=lambda link: link.start)
    return links


def markdown_text(raw: str) -> str:
    """Link text as a reader sees it: emphasis, code ticks and tags removed."""
    text = TAG_STRIP_RE.sub("", raw)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def _escaped(text: str, index: int) -> bool:
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _inline_links(masked: str) -> list[tuple[int, int, str, str]]:
    """Inline links and images: `[text](dest "title")`, `![alt](dest)`.

    Every bracket pair is tried, so an image inside a link's text is found too.
    Brackets are paired in one pass and the destination is matched by regular
    expressions, so the scan stays linear even on hostile input (`[[[[...`).
    Returns (target start, target end, kind, raw text)."""
    found: list[tuple[int, int, str, str]] = []
    for open_index, close in sorted(_bracket_pairs(masked).items()):
        if masked[close + 1 : close + 2] != "(":
            continue
        destination = DESTINATION_RE.match(masked, close + 2)
        if destination is None or TITLE_RE.match(masked, destination.end()) is None:
            continue
        group = "angle" if destination.group("angle") is not None else "bare"
        start, end = destination.span(group)
        bang = open_index > 0 and masked[open_index - 1] == "!"
        kind = MD_IMAGE if bang and not _escaped(masked, open_index - 1) else MD_LINK
        found.append((start, end, kind, masked[open_index + 1 : close]))
    return found


def _bracket_pairs(masked: str) -> dict[int, int]:
    """Matching `[` -> `]` offsets; a blank line ends a paragraph and its brackets."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for token in BRACKET_TOKEN_RE.finditer(masked):
        text = token.group(0)
        if text == "[":
            stack.append(token.start())
        elif text == "]":
            if stack:
                pairs[stack.pop()] = token.start()
        elif text[0] == "\n":
            stack.clear()
    return pairs


def _html_links(masked: str, original: str) -> list[tuple[int, int, str, str]]:
    """`href` and `src` attributes of raw HTML tags, with the link text or alt."""
    found: list[tuple[int, int, str, str]] = []
    for tag in TAG_RE.finditer(masked):
        attrs = tag.group("attrs")
        if not attrs:
            continue
        base = tag.start("attrs")
        name = tag.group("name").lower()
        for attr in ATTR_RE.finditer(attrs):
            group = next(g for g in ("dq", "sq", "bare") if attr.group(g) is not None)
            start, end = base + attr.start(group), base + attr.end(group)
            kind = HTML_HREF if attr.group("name").lower() == "href" else HTML_SRC
            found.append((start, end, kind, _html_text(name, attrs, masked, original, tag.end())))
    return found


def _html_text(name: str, attrs: str, masked: str, original: str, after: int) -> str:
    if name == "a":
        close = CLOSE_A_RE.search(masked, after, after + MAX_LINK_TEXT)
        if close is None:
            return ""
        return " ".join(TAG_STRIP_RE.sub("", original[after : close.start()]).split())
    alt = ALT_RE.search(attrs)
    if alt is None:
        return ""
    return alt.group(1) if alt.group(1) is not None else alt.group(2)
