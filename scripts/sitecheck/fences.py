"""Which lines of Markdown are code: fenced blocks and indented blocks.

Links, headings, slide separators and `Note:` markers inside code are text,
not structure; every scanner in the package asks this module first so they
all agree on what is code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .work import charge

# The info string is the rest of the line (`line[match.end():]`): matching it
# here would let two repeats compete for the backticks of a long fence.
FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
LIST_ITEM_RE = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
INDENTED_RE = re.compile(r"^(?: {4}|\t)")
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Split on CR/LF only: `str.splitlines` also splits on form feeds and
    Unicode separators, which would shift every reported line number."""
    lines = LINE_BREAK_RE.split(text)
    charge(len(text))
    if lines and lines[-1] == "":
        lines.pop()
    return lines


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
    stripped = line.strip()
    return len(stripped) >= length and set(stripped) == {char}


def scan_code(lines: list[str]) -> CodeScan:
    """Classify each line; fences may be indented (pymdownx.superfences in lists)."""
    is_code = [False] * len(lines)
    in_fence = [False] * len(lines)
    unclosed: int | None = None
    fence: tuple[str, int] | None = None
    fence_start = 0
    in_list = False
    previous_blank = True
    in_indented = False
    for index, line in enumerate(lines):
        charge(len(line) + 1)  # each line is read by a bounded number of anchored matches
        if fence is not None:
            is_code[index] = in_fence[index] = True
            if _closes(line, *fence):
                fence = None
            continue
        blank = not line.strip()
        opening = None if blank else _opening_fence(line)
        if opening is not None:
            fence, fence_start = opening, index
            is_code[index] = in_fence[index] = True
            in_indented = False
            previous_blank = False
            continue
        indented = bool(INDENTED_RE.match(line)) and not blank
        if indented and (in_indented or (previous_blank and not in_list)):
            is_code[index] = True
            in_indented = True
        elif blank:
            pass  # a blank line keeps an indented block open
        else:
            in_indented = False
            if LIST_ITEM_RE.match(line):
                in_list = True
            elif not indented and previous_blank:
                in_list = False
        previous_blank = blank
    if fence is not None:
        unclosed = fence_start
    return CodeScan(is_code, in_fence, unclosed)
