"""Fast paths give what the general code gives.

The checker skips work where a cheap look rules it out: a line whose first character
starts no block, text without a `[`, a search with `str.find` instead of a pattern tried
at every offset, MkDocs' plain file rule where no plugin can move a file, a tag parsed
before. Each test here runs the general code (MkDocs, the plain pattern or the parser
the fast path stands for) beside the fast one, on generated input where it can.
"""

from __future__ import annotations

import html
import re
import tempfile
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talk_kit.sitecheck import fences, markdown_links, site_index, third_party
from talk_kit.sitecheck.fences import scan_code
from talk_kit.sitecheck.sources import is_file, tree
from talk_kit.sitecheck.third_party import Load

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
        patch.setattr(fences, "_may_hold_code", lambda lines: True)
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


# --- where files go: MkDocs' plain rule without MkDocs -----------------------------------


def test_tree_lists_what_rglob_lists(tmp_path: Path) -> None:
    for name in ("a.md", ".hidden/b.md", "c/d/e.txt", "c/x.md/f.md", "g/h.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "g", target_is_directory=True)
    (tmp_path / "c" / "link.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "broken.md").symlink_to(tmp_path / "nowhere.md")
    listed = {path: is_file(entry) for path, entry in tree(tmp_path)}
    expected = {p.relative_to(tmp_path).as_posix(): p.is_file() for p in tmp_path.rglob("*")}
    assert listed == expected
    assert tree(tmp_path / "a.md") == tree(tmp_path / "nowhere") == []


# --- built pages: ids and third-party loads ---------------------------------------------

HTML_PIECES = st.sampled_from(
    [
        '<h2 id="a">',
        "<h2 id='b&amp;c'>",
        "<p ID=x>",
        '<div Id="y" class="aside">',
        '<a name="n">',
        '<A\u00a0name="m">',
        '<meta name="viewport">',
        '<input id="" name="q">',
        "<a\thref='//cdn.example/x' name=z>",
        '<link rel="stylesheet" href="https://fonts.example/css">',
        '<link rel="icon" href="img/x.png">',
        '<script src="//cdn.example/a.js">',
        "<script>var a = '//x'</script>",
        "<style>@import 'https://x.example/a.css';</style>",
        '<img src="https://img.example/a.png" srcset="a.png 1x, //b.example/b.png 2x">',
        '<div style="background: url(//bg.example/x.png)">',
        '<a href="https://ok.example/" title="a',
        "<!-- //comment -->",
        '"',
        "'",
        "<",
        ">",
        " ",
        "\n",
        "text",
    ]
)
HTML = st.lists(HTML_PIECES, max_size=30).map("".join)


def ids_as_one_pattern_with_groups(text: str) -> set[str]:
    """`scan_ids` as it was: a named group for the tag, `finditer` over its attributes."""
    ids: set[str] = set()
    tags = re.compile(r"<(?P<name>[A-Za-z][A-Za-z0-9-]*)\s[^<>]*>")
    for tag in tags.finditer(text):
        source = tag.group(0)
        if "id" not in source and "name" not in source and "ID" not in source:
            continue
        is_anchor = tag.group("name").lower() == "a"
        for match in site_index.ID_ATTR_RE.finditer(source):
            if match.group("attr").lower() == "name" and not is_anchor:
                continue
            value = next(g for g in match.groups()[1:] if g is not None)
            ids.add(html.unescape(value) if "&" in value else value)
    return ids


@settings(max_examples=300, deadline=None)
@given(text=HTML)
def test_ids_are_those_of_the_general_pattern(text: str) -> None:
    assert site_index.scan_ids(text) == ids_as_one_pattern_with_groups(text)


@settings(max_examples=300, deadline=None)
@given(text=HTML)
def test_tags_parsed_before_give_what_parsing_gives(text: str) -> None:
    def found(collector: third_party._LoadCollector) -> tuple[list[Load], list[str]]:
        return collector.loads, collector.stylesheets

    remembered = found(third_party.collect_loads(text))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(third_party, "_parsed", lambda tag: None)  # every tag parsed in turn
        parsed = found(third_party.collect_loads(text))
    assert remembered == parsed


@settings(max_examples=100, deadline=None)
@given(text=HTML)
def test_a_page_read_once_gives_the_ids_and_loads_of_two_reads(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "index.html"
        path.write_text(f"<nav>{text}</nav>{text}<article>{text}</article>", encoding="utf-8")
        ids, loads = site_index.read_ids(path), third_party.page_loads(path)
        assert loads is not None
        with third_party.reading_pages_once():
            assert third_party.read_ids(path) == ids
            kept = third_party.page_loads(path)  # kept by read_ids: the file is not read
            path.unlink()
            assert third_party.page_loads(path) is None  # taken: asked again, it reads
        assert kept is not None
        assert (kept.loads, kept.stylesheets) == (loads.loads, loads.stylesheets)
