"""Which lines of Markdown are code: fenced blocks and indented blocks.

Slide separators, headings and `Note:` markers inside code are text, not
structure: the deck model asks this module where code is before it splits a
deck into slides (the guide's pages are read from what MkDocs renders).

Indentation means code only relative to the block a line belongs to, as in
Python-Markdown: the second paragraph of an admonition (`!!! note`), a content
tab (`=== "Tab"`), a collapsible block (`???`), a list item, a footnote or a
definition is indented by four spaces and is text; code inside them needs
four more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The info string is the rest of the line (`line[match.end():]`): matching it
# here would let two repeats compete for the backticks of a long fence.
FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
LIST_ITEM_RE = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# Blocks whose content follows on the next lines, indented by four spaces:
# admonitions and collapsible blocks (`!!!`, `???`, `???+`), content tabs (`===`).
BLOCK_OPENER_RE = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]+[\w-]|===\+?!?[ \t]+[\"']")
# Items whose first line carries content and whose further paragraphs are indented:
# list items, footnote definitions (`[^1]:`), definitions (`:   text`).
ITEM_OPENER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|\[\^[^\]\n]+\]:|:[ \t]")
TAB_WIDTH = 4
# How fences and list items start (digits are told by `str.isdecimal`, which is what `\d`
# matches, white space by `str.isspace`), and footnotes, definitions and block openers.
SPECIAL_STARTS = frozenset("`~-*+")
SPECIAL_PAIRS = frozenset(("[^", ": ", ":\t", "!!", "??", "=="))
# The first characters of every line that can be code: a fence's, or an indentation's.
CODE_STARTS = frozenset(" \t`~")
# A bullet at the document's level: it opens a list item and nothing else.
BULLETS = frozenset(f"{marker}{space}" for marker in "-*+" for space in " \t")


@dataclass
class CodeScan:
    """Per-line classification of a Markdown text.

    `is_code[i]` is true for lines inside a fenced block (delimiters included)
    or an indented code block; `in_fence[i]` only for fenced blocks;
    `unclosed` is the 0-based line of a fence that never closes.
    """

    is_code: list[bool]
    in_fence: list[bool]
    unclosed: int | None


def _opening_fence(line: str) -> tuple[str, int] | None:
    match = FENCE_RE.match(line)
    if not match:
        return None
    fence = match.group("fence")
    if fence[0] == "`" and "`" in line[match.end() :]:
        return None  # CommonMark: a backtick fence's info string has no backticks
    return fence[0], len(fence)


def _closes(line: str, char: str, length: int) -> bool:
    if char not in line:  # most lines of code
        return False
    stripped = line.strip()
    return len(stripped) >= length and set(stripped) == {char}


def _indent(line: str) -> int:
    """Width of the leading white space, a tab counting to the next multiple of four."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += TAB_WIDTH - width % TAB_WIDTH
        else:
            break
    return width


def _plain_start(line: str) -> bool:
    """True if the line's start rules out every case below but a paragraph line at the
    document's level: no white space (blank, indented), fence, list item, footnote,
    definition or block opener can start so. Saves the matches on most lines of prose."""
    first = line[:1]
    if not first or first in SPECIAL_STARTS or first.isspace() or first.isdecimal():
        return False
    return line[:2] not in SPECIAL_PAIRS


def _may_hold_code(lines: list[str]) -> bool:
    """False if no line starts with a fence character or is indented: then none is code, and
    the lines need no closer look (most slides, many pages)."""
    return any(line[:1] in CODE_STARTS for line in lines)


def scan_code(lines: list[str]) -> CodeScan:
    """Classify each line; fences may be indented (pymdownx.superfences in lists)."""
    is_code = [False] * len(lines)
    in_fence = [False] * len(lines)
    unclosed: int | None = None
    fence: tuple[str, int] | None = None
    fence_start = 0
    containers = [0]  # content indent of each open block: the document, then nested blocks
    previous_blank = True
    code_base: int | None = None  # content indent of the block an indented code block is in
    if not _may_hold_code(lines):
        return CodeScan(is_code, in_fence, None)
    for index, line in enumerate(lines):
        if fence is not None:
            is_code[index] = in_fence[index] = True
            if _closes(line, *fence):
                fence = None
            continue
        if not line:
            previous_blank = True
            continue
        if _plain_start(line):  # most lines of prose: a paragraph line of the document
            previous_blank, code_base = False, None
            del containers[1:]
            continue
        if line[:2] in BULLETS:
            previous_blank, code_base = False, None
            containers[1:] = [TAB_WIDTH]
            continue
        blank = not line.strip()
        if blank:
            previous_blank = True  # a blank line keeps an indented block open
            continue
        indent = _indent(line)
        if code_base is not None and indent >= code_base + TAB_WIDTH:
            is_code[index] = True
            previous_blank = False
            continue
        code_base = None
        while len(containers) > 1 and indent < containers[-1]:
            containers.pop()
        base = containers[-1]
        opening = _opening_fence(line)
        if opening is not None and indent < base + TAB_WIDTH:
            fence, fence_start = opening, index
            is_code[index] = in_fence[index] = True
            previous_blank = False
            continue
        if indent >= base + TAB_WIDTH and previous_blank:
            is_code[index] = True
            code_base = base
            previous_blank = False
            continue
        content = line[len(line) - len(line.lstrip()) :]
        previous_blank = False
        if BLOCK_OPENER_RE.match(content):
            containers.append(indent + TAB_WIDTH)
            previous_blank = True  # the block's first line starts a block of its own
        elif ITEM_OPENER_RE.match(content):
            containers.append(indent + TAB_WIDTH)
    if fence is not None:
        unclosed = fence_start
    return CodeScan(is_code, in_fence, unclosed)
