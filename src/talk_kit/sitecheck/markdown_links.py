"""Fence-aware link extraction from Markdown, in time linear in the text.

A link inside a code block or code span is an example, not a link: checking it
gives false alarms, and rewriting it (the deck hook does that) would corrupt
the example. So code, code spans and HTML comments are masked first, then
links are found in what is left, with offsets into the original text so a
caller can rewrite a target in place.

Every scanner here is linear on any input (`[[[[...`, `<!--<!--...`, a tag
with thousands of attributes, runs of spaces or backticks): each loop
advances a position, each search is either done once over the text or
remembered (`work.NextFinder`), and the work is reported to `work.charge` so
that `tests/test_sitecheck_linear.py` can prove it by doubling inputs.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import groupby

from talk_kit.sitecheck.fences import scan_code
from talk_kit.sitecheck.work import NextFinder, charge

MD_LINK = "md-link"
MD_IMAGE = "md-image"
HTML_HREF = "html-href"
HTML_SRC = "html-src"
REF_DEF = "ref-def"

MAX_LINK_TEXT = 2000  # characters searched for the `</a>` of a raw HTML link
MAX_TEXT = 1000  # visible characters kept as a link's text (generic texts are a few words)

# Kept for callers that match one comment; scanning a text for comments uses
# `blank_comments`, which stays linear on a run of unclosed `<!--`.
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)

# Patterns run once over a whole text (`finditer`). Each is linear there: an
# attempt starts at a fixed character that none of its repeats can cross, or
# it examines a bounded stretch; and no two quantifiers compete for the same
# character, so an attempt never backtracks more than once over a character.
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*(?=\n)")
NEWLINE_RE = re.compile(r"\n")
BACKTICK_RUN_RE = re.compile(r"`+")
TAG_RE = re.compile(r"<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>\s[^<>]*?)?/?>")
ANY_TAG_RE = re.compile(r"<[^<>]*>")
CLOSE_A_RE = re.compile(r"</a\s*>", re.IGNORECASE)
AUTOLINK_RE = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^\s<>]*)>", re.IGNORECASE)
# One attempt per line start; it reads that line and the first word of the next.
REF_DEF_RE = re.compile(
    r"^[ ]{0,3}\[(?!\^)(?P<label>(?:[^\]\\\n]|\\.){1,999})\]:[ \t]*(?:\n[ \t]*)?"
    r"(?:<(?P<angle>[^>\n]*)>|(?P<bare>\S+))",
    re.MULTILINE,
)
# Run over the attributes of one tag: a quoted value ends at the next quote of
# its kind, where the next attempt that could read it starts.
ATTR_RE = re.compile(
    r"(?:^|\s)(?P<name>href|src)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'=<>`]+))",
    re.IGNORECASE,
)
ALT_RE = re.compile(r"(?:^|\s)alt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)

# Patterns matched at one position; charged up to where they stopped.
BLANKS_RE = re.compile(r"[ \t]*")
DESTINATION_RUN_RE = re.compile(r"[^\s()\\]*")
ANGLE_DESTINATION_RE = re.compile(r"[^<>\n]*")
EMPHASIS_RE = re.compile(r"[*_`]")
NOT_NEWLINE_RE = re.compile(r"[^\n]")
BLANK_CHARS = frozenset(" \t\n")  # what `_blanks` skips
TITLE_CLOSERS = {'"': '"', "'": "'", "(": ")"}


@dataclass
class Link:
    """A link target found in Markdown; `start:end` is the target inside the text.

    `tag` is the lower-case name of the HTML tag for raw HTML links (`img`, `a`).
    """

    target: str
    line: int
    kind: str
    text: str
    start: int
    end: int
    tag: str = ""


def mask_code(markdown: str) -> str:
    """Return `markdown` with code blocks, code spans and HTML comments blanked.

    Blanking keeps every offset and newline, so positions found in the mask
    are positions in the original.
    """
    lines = markdown.split("\n")
    scan = scan_code(lines)
    masked = markdown
    if any(scan.is_code):  # without code the join would give `markdown` back
        masked = "\n".join(
            " " * len(line) if code else line
            for line, code in zip(lines, scan.is_code, strict=True)
        )
    return blank_code_spans(blank_comments(masked))


def _blank(text: str) -> str:
    charge(len(text))
    return NOT_NEWLINE_RE.sub(" ", text)


def blank_comments(text: str) -> str:
    """`text` with every closed HTML comment blanked; an unclosed `<!--` stays text.

    One forward pass: once no `-->` follows a `<!--`, none follows any later one.
    """
    pieces: list[str] = []
    position = 0
    openers = NextFinder(text, "<!--")
    closers = NextFinder(text, "-->")
    while True:
        start = openers.find(position)
        if start == -1:
            break
        end = closers.find(start + 4)
        if end == -1:
            break
        pieces.append(text[position:start])
        pieces.append(_blank(text[start : end + 3]))
        position = end + 3
    pieces.append(text[position:])
    return "".join(pieces)


def strip_comments(text: str) -> str:
    """`text` without its closed HTML comments, in one pass (see `blank_comments`)."""
    pieces: list[str] = []
    position = 0
    openers = NextFinder(text, "<!--")
    closers = NextFinder(text, "-->")
    while True:
        start = openers.find(position)
        end = -1 if start == -1 else closers.find(start + 4)
        if end == -1:
            break
        pieces.append(text[position:start])
        position = end + 3
    pieces.append(text[position:])
    return "".join(pieces)


def blank_code_spans(text: str) -> str:
    """`text` with code spans blanked; a span never crosses a blank line.

    A run of n backticks opens a span that the next run of exactly n
    backticks closes (CommonMark); a run right after a backslash opens none.
    Runs are listed once and grouped by paragraph; each length keeps a pointer
    into its own list, so every run is looked at a bounded number of times.
    """
    charge(len(text))
    if "`" not in text:  # most prose, and every page whose code is all in blocks
        return text
    runs = [match.span() for match in BACKTICK_RUN_RE.finditer(text)]
    breaks = _blank_line_starts(text)
    spans: list[tuple[int, int]] = []
    for _, paragraph in groupby(runs, key=lambda run: bisect.bisect_right(breaks, run[0])):
        spans.extend(_spans_in(text, list(paragraph)))
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces += [text[position:start], _blank(text[start:end])]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _blank_line_starts(text: str) -> list[int]:
    """Offsets where a paragraph break (a line with only spaces) begins."""
    breaks = [match.start() for match in PARAGRAPH_BREAK_RE.finditer(text)]
    charge(len(text))
    return breaks


def _spans_in(text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The code spans, (start, end), that the backtick `runs` of one paragraph make."""
    charge(len(runs))
    by_length: dict[int, list[int]] = {}
    for number, (run_start, run_end) in enumerate(runs):
        by_length.setdefault(run_end - run_start, []).append(number)
    pointer = dict.fromkeys(by_length, 0)
    spans: list[tuple[int, int]] = []
    number = 0
    while number < len(runs):
        charge(1)
        run_start, run_end = runs[number]
        length = run_end - run_start
        same = by_length[length]
        while pointer[length] < len(same) and same[pointer[length]] <= number:
            charge(1)
            pointer[length] += 1
        escaped = run_start > 0 and text[run_start - 1] == "\\"
        if escaped or pointer[length] == len(same):
            number += 1
            continue
        closer = same[pointer[length]]
        spans.append((run_start, runs[closer][1]))
        number = closer + 1
    return spans


def extract_links(markdown: str) -> list[Link]:
    """All link targets in `markdown`, sorted by position."""
    masked = mask_code(markdown)
    line_starts = [0] + [match.end() for match in NEWLINE_RE.finditer(markdown)]
    charge(len(markdown))

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    hidden = _Hidden()
    for match in ANY_TAG_RE.finditer(masked):
        hidden.add(match.start(), match.end())
    charge(len(masked))
    inline = _inline_links(masked, hidden)
    hidden.close()
    links: list[Link] = []
    for found in inline:
        text = hidden.visible_text(masked, found.text_start, found.text_end)
        text = " ".join(EMPHASIS_RE.sub("", text).split())
        target = markdown[found.start : found.end]
        links.append(Link(target, line_of(found.start), found.kind, text, found.start, found.end))
    definitions = REF_DEF_RE.finditer(masked) if "]:" in masked else ()  # `]:` in every one
    for match in definitions:
        charge(match.end() - match.start())
        group = "angle" if match.group("angle") is not None else "bare"
        start, end = match.span(group)
        label = markdown[slice(*match.span("label"))]
        links.append(Link(markdown[start:end], line_of(start), REF_DEF, label, start, end))
    charge(len(masked))
    for match in AUTOLINK_RE.finditer(masked):
        start, end = match.span("url")
        url = markdown[start:end]
        links.append(Link(url, line_of(start), MD_LINK, url, start, end))
    charge(len(masked))
    for start, end, kind, text, tag in _html_links(masked, markdown, hidden):
        links.append(Link(markdown[start:end], line_of(start), kind, text, start, end, tag))
    links.sort(key=lambda link: link.start)
    return links


class _Hidden:
    """Stretches of the text a reader does not see in link text: tags, the
    `[`, `![` and `](destination)` of links inside it.

    After `close()` the stretches are sorted and merged, so between two of them
    there is at least one visible character: collecting `MAX_TEXT` visible
    characters visits at most `MAX_TEXT + 1` stretches, whatever the nesting.
    """

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        self.spans.append((start, end))

    def close(self) -> None:
        self.spans.sort()
        charge(len(self.spans))
        for start, end in self.spans:
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def visible_text(self, text: str, start: int, end: int) -> str:
        """Up to `MAX_TEXT` visible characters of `text[start:end]`."""
        pieces: list[str] = []
        kept = 0
        index = bisect.bisect_right(self.ends, start)
        position = start
        while position < end and kept < MAX_TEXT:
            charge(1)
            if index < len(self.starts) and self.starts[index] <= position:
                position = max(position, self.ends[index])
                index += 1
                continue
            stop = self.starts[index] if index < len(self.starts) else end
            stop = min(stop, end, position + MAX_TEXT - kept)
            pieces.append(text[position:stop])
            charge(stop - position)
            kept += stop - position
            position = stop
        return "".join(pieces)


@dataclass
class _Inline:
    start: int
    end: int
    kind: str
    text_start: int
    text_end: int


def _escaped(text: str, index: int) -> bool:
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    charge(count)
    return count % 2 == 1


def _inline_links(masked: str, hidden: _Hidden) -> list[_Inline]:
    """Inline links and images: `[text](dest "title")`, `![alt](dest)`.

    Every bracket pair is tried, so an image inside a link's text is found too.
    Pairs are taken in the order of their `]`, so the destinations and titles
    read after it come in rising order and the title searches are remembered.
    """
    found: list[_Inline] = []
    finders = {closer: NextFinder(masked, closer) for closer in ('"', "'", ")", "(")}
    for close, open_index in sorted((close, open_) for open_, close in _bracket_pairs(masked)):
        charge(1)
        if masked[close + 1 : close + 2] != "(":
            continue
        parsed = _destination(masked, close + 2, finders)
        if parsed is None:
            continue
        start, end, after = parsed
        bang = open_index > 0 and masked[open_index - 1] == "!"
        image = bang and not _escaped(masked, open_index - 1)
        hidden.add(open_index - 1 if image else open_index, open_index + 1)
        hidden.add(close, after)
        kind = MD_IMAGE if image else MD_LINK
        found.append(_Inline(start, end, kind, open_index + 1, close))
    return found


def _bracket_pairs(masked: str) -> list[tuple[int, int]]:
    """Matching (`[`, `]`) offsets; a blank line ends a paragraph and its brackets.

    A `]` pairs with the last open `[` if no paragraph break lies between them; if one
    does, every `[` still open is in an earlier paragraph, and none is left open.
    """
    charge(len(masked))
    if "[" not in masked:
        return []
    breaks = _blank_line_starts(masked)
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for position in _brackets(masked):
        charge(1)
        if masked[position] == "[":
            stack.append(position)
        elif stack:
            opened = stack.pop()
            if bisect.bisect_right(breaks, opened) == bisect.bisect_right(breaks, position):
                pairs.append((opened, position))
            else:
                stack.clear()
    return pairs


def _brackets(text: str) -> list[int]:
    """Offsets of the `[` and `]` no backslash escapes, in order.

    The candidates are found with `str.find`, many times faster than a pattern tried at
    every offset; a backslash escapes the character after it unless that ends the line.
    """
    candidates = sorted(_offsets(text, "[") + _offsets(text, "]") + _offsets(text, "\\"))
    found: list[int] = []
    escaped_until = 0
    for position in candidates:
        if position < escaped_until:
            continue
        if text[position] != "\\":
            found.append(position)
        elif text[position + 1 : position + 2] not in ("", "\n"):
            escaped_until = position + 2
    charge(len(candidates))
    return found


def _offsets(text: str, char: str) -> list[int]:
    """Every offset of `char` in `text`."""
    offsets: list[int] = []
    position = text.find(char)
    while position != -1:
        offsets.append(position)
        position = text.find(char, position + 1)
    charge(len(text))
    return offsets


def _blanks(text: str, position: int) -> tuple[int, bool]:
    """Skip spaces and tabs, at most one line break, spaces and tabs again.

    Returns the new position and whether anything was skipped.
    """
    if text[position : position + 1] not in BLANK_CHARS:  # nothing to skip, the usual case
        charge(1)
        return position, False
    after = BLANKS_RE.match(text, position).end()  # type: ignore[union-attr]
    charge(after - position + 1)
    if after < len(text) and text[after] == "\n":
        newline_end = BLANKS_RE.match(text, after + 1).end()  # type: ignore[union-attr]
        charge(newline_end - after)
        after = newline_end
    return after, after > position


def _destination(
    text: str, position: int, finders: dict[str, NextFinder]
) -> tuple[int, int, int] | None:
    """Parse `dest "title")` after a link's `(`.

    Returns (target start, target end, offset after the `)`), or None when the
    parenthesis does not close a link.
    """
    start, _ = _blanks(text, position)
    end = _angle_destination(text, start)
    if end is not None:
        target = (start + 1, end)
        after_target = end + 1
    else:
        after_target = _bare_destination(text, start)
        target = (start, after_target)
    closing = _title_and_parenthesis(text, after_target, finders)
    if closing is None:
        return None
    return target[0], target[1], closing


def _angle_destination(text: str, start: int) -> int | None:
    """End of `<...>` (the `>`), or None when `start` holds no closed one."""
    if start >= len(text) or text[start] != "<":
        return None
    end = ANGLE_DESTINATION_RE.match(text, start + 1).end()  # type: ignore[union-attr]
    charge(end - start + 1)
    return end if end < len(text) and text[end] == ">" else None


def _bare_destination(text: str, position: int) -> int:
    """End of a bare destination: no spaces, `\\x` escapes, one level of `(...)`."""
    while True:
        position = _run(text, position)
        char = text[position] if position < len(text) else ""
        if char == "\\" and position + 1 < len(text) and text[position + 1] != "\n":
            position += 2
        elif char == "(":
            inner = _run(text, position + 1)
            while text[inner : inner + 1] == "\\" and text[inner + 1 : inner + 2] not in ("", "\n"):
                inner = _run(text, inner + 2)
            if text[inner : inner + 1] != ")":
                return position
            position = inner + 1
        else:
            return position


def _run(text: str, position: int) -> int:
    end = DESTINATION_RUN_RE.match(text, position).end()  # type: ignore[union-attr]
    charge(end - position + 1)
    return end


def _title_and_parenthesis(text: str, position: int, finders: dict[str, NextFinder]) -> int | None:
    """Offset after the link's closing `)`, reading an optional title first."""
    title_start, separated = _blanks(text, position)
    opener = text[title_start : title_start + 1]
    if separated and opener in TITLE_CLOSERS:
        closer = finders[TITLE_CLOSERS[opener]].find(title_start + 1)
        if opener == "(" and closer != -1:
            nested = finders["("].find(title_start + 1)
            if nested != -1 and nested < closer:
                closer = -1
        if closer != -1:
            after_title, _ = _blanks(text, closer + 1)
            if text[after_title : after_title + 1] == ")":
                return after_title + 1
    end, _ = _blanks(text, position)
    return end + 1 if text[end : end + 1] == ")" else None


def _html_links(
    masked: str, original: str, hidden: _Hidden
) -> list[tuple[int, int, str, str, str]]:
    """`href` and `src` attributes of raw HTML tags, with the link text or alt."""
    found: list[tuple[int, int, str, str, str]] = []
    closers: list[int] | None = None
    for tag in TAG_RE.finditer(masked):
        charge(1)
        attrs = tag.group("attrs")
        if not attrs:
            continue
        base = tag.start("attrs")
        name = tag.group("name").lower()
        text: str | None = None
        for attr in ATTR_RE.finditer(attrs):
            charge(1)
            group = next(g for g in ("dq", "sq", "bare") if attr.group(g) is not None)
            start, end = base + attr.start(group), base + attr.end(group)
            kind = HTML_HREF if attr.group("name").lower() == "href" else HTML_SRC
            if text is None:  # once per tag, not per attribute
                if name == "a" and closers is None:
                    closers = [match.start() for match in CLOSE_A_RE.finditer(masked)]
                    charge(len(masked))
                text = _html_text(name, attrs, original, tag.end(), closers or [], hidden)
            found.append((start, end, kind, text, name))
        charge(len(attrs))
    charge(len(masked))
    return found


def _html_text(
    name: str, attrs: str, original: str, after: int, closers: list[int], hidden: _Hidden
) -> str:
    if name == "a":
        index = bisect.bisect_left(closers, after)
        if index == len(closers) or closers[index] > after + MAX_LINK_TEXT:
            return ""
        return " ".join(hidden.visible_text(original, after, closers[index]).split())
    alt = ALT_RE.search(attrs)
    charge(len(attrs))
    if alt is None:
        return ""
    return alt.group(1) if alt.group(1) is not None else alt.group(2)
