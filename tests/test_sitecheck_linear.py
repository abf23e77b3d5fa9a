"""The Markdown scanners take time linear in their input, on any input.

Proof by doubling: each hostile input is built at sizes n, 2n, 4n and the
work the scanners report (`sitecheck.work`: characters examined by each
search and match from the position it was given to where it stopped, plus
loop steps) must grow about twofold per doubling; a quadratic scanner grows
fourfold. Wall time is never measured.

The counter cannot look inside one regular-expression call, so the second
half of this file audits every pattern the scanners use: no two unbounded
quantifiers compete for the same character and no unbounded quantifier sits
inside another, the two shapes that make a backtracking engine super-linear
within one attempt. The audit flags the patterns this module replaced.

Not counted here: the deck parser's own regular expressions
(`sitecheck.deck`), which the hostile deck inputs below reach only through
the shared scanners.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import pairwise
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest
from conftest import address

from talk_kit.sitecheck import content, fences, links, markdown_links
from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.content import check_link_texts
from talk_kit.sitecheck.documents import page_document
from talk_kit.sitecheck.fences import scan_code, split_lines
from talk_kit.sitecheck.findings import Location
from talk_kit.sitecheck.links import check_document_links
from talk_kit.sitecheck.markdown_links import extract_links, strip_comments
from talk_kit.sitecheck.site_index import SiteIndex
from talk_kit.sitecheck.work import NextFinder, charge, counting

SIZES = (2000, 4000, 8000)
MAX_RATIO = 2.5  # linear doubles (plus a constant); quadratic quadruples

HOSTILE: dict[str, Callable[[int], str]] = {
    # the eight patterns of the hardening issue
    "nested link brackets": lambda n: "[" * n + "x" + "](x.md)" * n,
    "escaped brackets": lambda n: "\\[" * n + "x](y.md)" + "[" + "\\]" * n + "(x.md)",
    "img with thousands of src": lambda n: "<img " + 'src="a.png" ' * n + ">",
    "runs of <!--": lambda n: "<!--" * n + "[a](a.md)",
    "< in link text": lambda n: "[" + "<" * n + "](x.md) <a href='x.md'>" + "<" * n,
    "open brackets": lambda n: "[" * n,
    "slide attribute comments": lambda n: "<!-- .slide:" * n + "\n\n## T\n",
    "spaces in a heading": lambda n: "## a" + " " * n + "b\n\n[x](y.md)\n",
    # more shapes that broke earlier versions or similar scanners
    "backtick runs": lambda n: "`" * n + " x " + "``" * n,
    "alternating backtick runs": lambda n: "`a``" * n,
    "spaces after a destination": lambda n: "[x](y" + " " * n + "z",
    "unclosed titles": lambda n: '[x](y "' * n + "[x](y '" * n,
    "parenthesis titles": lambda n: "[x](y (" * n + ")",
    "unclosed angle destinations": lambda n: "[a](<" * n,
    "nested parentheses": lambda n: "[a](x" + "(" * n + "y",
    "escaped backslashes": lambda n: "[a](" + "\\" * n + "![b](c.png)",
    "many links": lambda n: "[Mehr](a.md) " * n,
    "open anchors": lambda n: '<a href="x.md">' * n,
    "unclosed comment and anchors": lambda n: "<!--" + '<a href="x">' * n,
    "reference definition spaces": lambda n: "[a]:" + " " * n + "\n" + " " * n,
    "blank lines with spaces": lambda n: " \n" * n,
    "indented code": lambda n: "    [x](y.md)\n" * n,
    "fences": lambda n: "```\n[x](y.md)\n" * n,
    "list items": lambda n: "- [x](y.md)\n" * n,
    "image openers": lambda n: "![" * n + "](a.png)" * n,
    "autolink openers": lambda n: "<https://" * n,
    "tag openers": lambda n: "<a " * n,
    "attribute quotes": lambda n: '<img alt="' + 'alt="' * n + ">",
}


def scan_page(text: str) -> None:
    """Everything the checker runs over one guide page's Markdown."""
    document = page_document("docs/a.md", "a.md", text, address("a.md"))
    found = extract_links(document.text)
    index = SiteIndex(sources={"a.md": "a/", "x.md": "x/"}, outputs={"a/index.html"})
    check_document_links(document, found, index)
    check_link_texts(document.text, found, lambda line: Location("docs/a.md", line), Rules())
    scan_code(split_lines(text))


def work(scanner: Callable[[str], Any], text: str) -> int:
    with counting() as counter:
        scanner(text)
    return counter.units


def growth(scanner: Callable[[str], Any], make: Callable[[int], str]) -> list[float]:
    units = [work(scanner, make(n)) for n in SIZES]
    return [later / earlier for earlier, later in pairwise(units)]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_scanners_are_linear(name: str) -> None:
    make = HOSTILE[name]
    text = make(SIZES[-1])
    assert work(scan_page, text) >= len(text)  # the counter sees the whole input
    ratios = growth(scan_page, make)
    assert all(ratio <= MAX_RATIO for ratio in ratios), f"{name}: work grew {ratios}"


@pytest.mark.parametrize("name", ["runs of <!--", "unclosed comment and anchors"])
def test_comment_stripping_is_linear(name: str) -> None:
    ratios = growth(strip_comments, HOSTILE[name])
    assert all(ratio <= MAX_RATIO for ratio in ratios), ratios


def test_the_counter_sees_rescanning() -> None:
    """A scanner that searches again from every position is caught as quadratic."""

    def rescan(text: str) -> None:
        for position in range(len(text)):  # falling questions defeat the memory
            NextFinder(text, "-->").find(position)

    def step_per_pair(text: str) -> None:
        for _ in text:
            for _ in text:
                charge(1)

    assert min(growth(rescan, lambda n: "<!--" * (n // 8))) > 3.5
    assert min(growth(step_per_pair, lambda n: "x" * (n // 20))) > 3.5


def test_remembered_search_answers_rising_questions() -> None:
    text = "a-->bb-->c"
    finder = NextFinder(text, "-->")
    assert [finder.find(p) for p in (0, 1, 2, 4, 5, 6, 7, 9)] == [1, 1, 6, 6, 6, 6, -1, -1]
    assert NextFinder(text, "-->").find(9) == -1
    assert finder.find(0) == 1  # a falling question is answered afresh, still right


# --- static audit: no backtracking inside one regular-expression call -------------------------

ALPHABET = frozenset(map(chr, range(128))) | frozenset("éüß\u00a0\u2028\u3000")
CATEGORIES = {
    sre.CATEGORY_SPACE: frozenset(c for c in ALPHABET if c.isspace()),
    sre.CATEGORY_NOT_SPACE: frozenset(c for c in ALPHABET if not c.isspace()),
    sre.CATEGORY_DIGIT: frozenset(c for c in ALPHABET if c.isdigit()),
    sre.CATEGORY_NOT_DIGIT: frozenset(c for c in ALPHABET if not c.isdigit()),
    sre.CATEGORY_WORD: frozenset(c for c in ALPHABET if c.isalnum() or c == "_"),
    sre.CATEGORY_NOT_WORD: frozenset(c for c in ALPHABET if not (c.isalnum() or c == "_")),
}
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
Item = tuple[Any, Any]


def _class(items: Iterable[Item]) -> frozenset[str]:
    chars: set[str] = set()
    negate = False
    for op, arg in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            chars.add(chr(arg))
        elif op is sre.RANGE:
            chars |= {c for c in ALPHABET if arg[0] <= ord(c) <= arg[1]}
        elif op is sre.CATEGORY:
            chars |= CATEGORIES[arg]
    return ALPHABET - chars if negate else frozenset(chars)


def _chars(items: Iterable[Item]) -> frozenset[str]:
    """Every character some part of `items` can match (a back-reference: any)."""
    chars: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            chars.add(chr(arg))
        elif op is sre.NOT_LITERAL:
            chars |= ALPHABET - {chr(arg)}
        elif op is sre.ANY or op is sre.GROUPREF:
            chars |= ALPHABET
        elif op is sre.IN:
            chars |= _class(arg)
        elif op in REPEATS:
            chars |= _chars(arg[2])
        elif op is sre.SUBPATTERN:
            chars |= _chars(arg[3])
        elif op is sre.BRANCH:
            for alternative in arg[1]:
                chars |= _chars(alternative)
    return frozenset(chars)


def _unbounded(item: Item) -> bool:
    op, arg = item
    return op is sre.GROUPREF or (op in REPEATS and arg[1] == sre.MAXREPEAT)


def _nullable(items: Iterable[Item]) -> bool:
    for op, arg in items:
        if op in REPEATS:
            if arg[0] > 0 and not _nullable(arg[2]):
                return False
        elif op is sre.SUBPATTERN:
            if not _nullable(arg[3]):
                return False
        elif op is sre.BRANCH:
            if not any(_nullable(alternative) for alternative in arg[1]):
                return False
        elif op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return False
    return True


def _reachable_unbounded(items: list[Item]) -> list[Item]:
    """Unbounded repeats the engine can enter before it must match a character."""
    found: list[Item] = []
    for item in items:
        op, arg = item
        if _unbounded(item):
            found.append(item)
        elif op is sre.SUBPATTERN:
            found.extend(_reachable_unbounded(list(arg[3])))
        elif op is sre.BRANCH:
            for alternative in arg[1]:
                found.extend(_reachable_unbounded(list(alternative)))
        elif op in REPEATS:
            found.extend(_reachable_unbounded(list(arg[2])))
        if not _nullable([item]):
            break
    return found


def audit(items: list[Item], after: list[Item] | None = None) -> list[str]:
    """Quantifier shapes that can backtrack super-linearly within one attempt."""
    after = after or []
    problems: list[str] = []
    for position, item in enumerate(items):
        op, arg = item
        rest = items[position + 1 :] + after
        if op in REPEATS:
            body = list(arg[2])
            if arg[1] == sre.MAXREPEAT:
                if any(_unbounded(inner) or inner[0] in REPEATS for inner in _walk(body)):
                    problems.append("unbounded repeat inside an unbounded repeat")
                for follower in _reachable_unbounded(rest):
                    if _chars(body) & _chars([follower]):
                        problems.append("two unbounded repeats compete for the same characters")
            problems.extend(audit(body, body + rest))
        elif op is sre.SUBPATTERN:
            problems.extend(audit(list(arg[3]), rest))
        elif op is sre.BRANCH:
            for alternative in arg[1]:
                problems.extend(audit(list(alternative), rest))
    return problems


def _walk(items: list[Item]) -> Iterable[Item]:
    for item in items:
        op, arg = item
        if _unbounded(item) or (op in REPEATS and arg[1] > 1):
            yield item
        if op in REPEATS:
            yield from _walk(list(arg[2]))
        elif op is sre.SUBPATTERN:
            yield from _walk(list(arg[3]))
        elif op is sre.BRANCH:
            for alternative in arg[1]:
                yield from _walk(list(alternative))


def problems_of(pattern: re.Pattern[str]) -> list[str]:
    return audit(list(sre_parse.parse(pattern.pattern, pattern.flags)))


SCANNER_PATTERNS = {
    f"{module.__name__}.{name}": value
    for module in (markdown_links, fences, links, content)
    for name, value in vars(module).items()
    if isinstance(value, re.Pattern)
}


@pytest.mark.parametrize("name", sorted(SCANNER_PATTERNS))
def test_scanner_patterns_cannot_backtrack_super_linearly(name: str) -> None:
    assert problems_of(SCANNER_PATTERNS[name]) == []


@pytest.mark.parametrize(
    "pattern",
    [
        r"[ \t]*\n?[ \t]*\)",  # the old destination and title tail: quadratic on spaces
        r"(?:[^\n]*\S[^\n]*(?:\n|$))+",  # the old paragraph pattern
        r"(`+)(?!`)(.+?)(?<!`)\1(?!`)",  # the old code span pattern
        r"(a+)+$",
    ],
)
def test_the_audit_flags_backtracking_shapes(pattern: str) -> None:
    assert problems_of(re.compile(pattern)) != []
