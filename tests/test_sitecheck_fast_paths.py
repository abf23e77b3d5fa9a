"""Fast paths give what the general code gives.

The scanners skip work where a cheap look rules it out: a line whose first character
starts no block, text without a `[`, a search with `str.find` instead of a pattern tried
at every offset. Each test here runs the general code (or the plain pattern it replaced)
beside the fast one on generated input.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sitecheck import fences, markdown_links
from sitecheck.fences import scan_code

PIECES = st.sampled_from(
    [
        "```",
        "~~~",
        "    ",
        "\t",
        " ",
        "- ",
        "-\t",
        "* ",
        "+ ",
        "1. ",
        "٣) ",  # a decimal digit that is not ASCII: `\d` matches it
        "[^1]: ",
        ": ",
        "!!! note ",
        "!!",
        "![x](y.png)",
        "=",
        "?",
        ":",
        "??? x",
        '=== "Tab"',
        "\u00a0",
        "\x0c",
        "[",
        "]",
        "\\",
        "(",
        ")",
        "`",
        "a",
        "# T",
        "<b>",
        "\n",
        "\n\n",
        " \n",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_plain_lines_are_classified_as_the_general_rules_do(text: str) -> None:
    lines = text.split("\n")
    fast = scan_code(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fences, "_plain_start", lambda line: False)
        patch.setattr(fences, "BULLETS", frozenset())
        general = scan_code(lines)
    assert fast == general


TOKEN_RE = re.compile(r"\\.|[\[\]]")  # what `_brackets` replaced
BREAK_RE = re.compile(r"\\.|[\[\]]|\n[ \t]*(?=\n)")


def bracket_pairs_by_pattern(text: str) -> list[tuple[int, int]]:
    """The bracket pairing as one pattern over brackets, escapes and blank lines had it."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for token in BREAK_RE.finditer(text):
        if token.group() == "[":
            stack.append(token.start())
        elif token.group() == "]":
            if stack:
                pairs.append((stack.pop(), token.start()))
        elif token.group()[0] == "\n":
            stack.clear()
    return pairs


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_brackets_found_with_find_are_the_pattern_s(text: str) -> None:
    tokens = [m.start() for m in TOKEN_RE.finditer(text) if m.group() in "[]"]
    assert markdown_links._brackets(text) == tokens
    assert markdown_links._bracket_pairs(text) == bracket_pairs_by_pattern(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_code_spans_are_blanked_paragraph_by_paragraph(text: str) -> None:
    blanked = markdown_links.blank_code_spans(text)
    assert len(blanked) == len(text)
    paragraphs = [0, *markdown_links._blank_line_starts(text), len(text)]
    for start, end in pairwise(paragraphs):
        assert markdown_links.blank_code_spans(text[start:end]) == blanked[start:end]
