"""What a phone needs for the first paint of a guide page comes with the page (issue 20).

On a slow mobile connection every stylesheet in `<head>` is a request the first paint waits
for, and each one shares the few kilobytes per round trip with the others. Material links its
palette stylesheet (about 12 KB, of which this site uses the rules of two schemes, one primary
and one accent colour) and the site links its own few lines; both are written into the page
as `<style>` here, at build time, from the built files: nothing is copied into the sources by
hand, and a new Material version brings its new palette with it. Material's main stylesheet
(140 KB) stays a file: it is the same on every page and cached after the first.

The palette keeps the rules for the colour values the page itself can switch to (the
`data-md-color-*` attributes of its `<body>` and of its palette toggle); rules that apply only
under other values are left out. Everything else in the stylesheets is kept as it is.

The page's markup loses its indentation (Material's templates indent every line: about 10 KB
of a page, 0.8 KB compressed): in the text between two tags, a run of blanks that holds a line
break becomes that one line break, which a browser renders the same way (white space collapses
to one space). `<pre>`, `<textarea>`, `<script>` and `<style>` are kept byte for byte, and so
is everything inside a tag.

The Content-Security-Policy (talk-kit/csp) hashes the `<style>` blocks afterwards, like every
other inline code of the page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

# A stylesheet link as Material's templates write it: rel and href, nothing else (a `media`,
# `integrity` or other attribute would change what inlining means, so such links stay).
_STYLESHEET = re.compile(r"""<link rel="stylesheet" href="([^"]+)">""")
_HEAD_END = re.compile(r"</head\s*>", re.I)
_COLOR_ATTRIBUTE = re.compile(
    r"""\[data-md-color-(scheme|primary|accent)\s*=\s*(?:"([^"]*)"|'([^']*)'|([\w-]+))\s*\]"""
)
_PAGE_COLORS = re.compile(r"""\sdata-md-color-(scheme|primary|accent)="([^"]*)\"""")
_KEPT_AS_IS = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_NOT_INLINE = re.compile(r"""</style|@import|url\(\s*["']?(?!data:)""", re.I)
# A text run: after a tag (or an element kept as is) and before the next one.
_TEXT = re.compile(r"(^|>)([^<]+)(?=<|$)")
_LINE_BREAK_RUN = re.compile(r"[ \t\r\f]*\n\s*")
# At-rules whose body is a list of rules (pruned like the top level); others are kept whole.
_GROUPING = ("@media", "@supports", "@layer", "@container", "@document")


def page_colors(page_html: str) -> dict[str, set[str]]:
    """The colour values a page can show: its body's and its palette toggle's."""
    found: dict[str, set[str]] = {"scheme": set(), "primary": set(), "accent": set()}
    for kind, value in _PAGE_COLORS.findall(page_html):
        found[kind].add(value)
    return found


def _skip(css: str, at: int) -> int:
    """The position after the string or comment that starts at `at` (else `at` + 1)."""
    if css.startswith("/*", at):
        end = css.find("*/", at + 2)
        return len(css) if end < 0 else end + 2
    quote = css[at]
    if quote in "\"'":
        index = at + 1
        while index < len(css) and css[index] != quote:
            index += 2 if css[index] == "\\" else 1
        return index + 1
    return at + 1


def strip_comments(css: str) -> str:
    """The stylesheet without its comments (strings are kept as they are)."""
    kept, index, start = [], 0, 0
    while index < len(css):
        if css.startswith("/*", index):
            kept.append(css[start:index])
            index = start = _skip(css, index)
        elif css[index] in "\"'":
            index = _skip(css, index)
        else:
            index += 1
    kept.append(css[start:])
    return "".join(kept)


def css_blocks(css: str) -> list[tuple[str, str | None]]:
    """The top-level statements of a stylesheet: (prelude, body) for a rule or a block
    at-rule, (statement, None) for `@import …;` and the like. Strings and comments are
    skipped over, so a brace inside them does not count."""
    blocks: list[tuple[str, str | None]] = []
    index, length = 0, len(css)
    while index < length:
        start = index
        while index < length and css[index] not in "{;":
            index = _skip(css, index)
        if index >= length:
            if css[start:].strip():
                blocks.append((css[start:], None))
            break
        if css[index] == ";":
            blocks.append((css[start : index + 1], None))
            index += 1
            continue
        prelude, depth, index = css[start:index], 1, index + 1
        body_start = index
        while index < length and depth:
            if css[index] == "{":
                depth += 1
            elif css[index] == "}":
                depth -= 1
            if depth:
                index = _skip(css, index)
        blocks.append((prelude, css[body_start:index]))
        index += 1
    return blocks


def split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside `:is(…)`, `[…]`)."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(prelude):
        char = prelude[index]
        if char in "\"'" or prelude.startswith("/*", index):
            index = _skip(prelude, index)
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
        index += 1
    parts.append(prelude[start:])
    return parts


def _applies(selector: str, colors: dict[str, set[str]]) -> bool:
    """False if the selector needs a colour value the page never has (outside a `:not()` or
    other function, where leaving it out could change what matches)."""
    for match in _COLOR_ATTRIBUTE.finditer(selector):
        before = selector[: match.start()]
        if before.count("(") > before.count(")"):
            continue
        value = next(group for group in match.groups()[1:] if group is not None)
        if value not in colors[match.group(1)]:
            return False
    return True


def prune_colors(css: str, colors: dict[str, set[str]]) -> str:
    """The stylesheet without the rules that apply only under colour values the page never
    has; a selector list keeps the selectors that can match."""
    kept = []
    for prelude, body in css_blocks(css):
        if body is None:
            kept.append(prelude)
            continue
        head = prelude.strip().lower()
        if head.startswith(_GROUPING):
            inner = prune_colors(body, colors)
            if inner.strip():
                kept.append(f"{prelude}{{{inner}}}")
        elif head.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [part for part in split_selectors(prelude) if _applies(part, colors)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(kept)


def inline_stylesheets(page_html: str, stylesheet: Callable[[str], str | None], limit: int) -> str:
    """The page with the stylesheets of its `<head>` that `stylesheet(href)` returns the text
    of written in as `<style>`, pruned to the page's colours, in the same place (the cascade
    keeps its order). A link it returns None for stays a link, and so does one whose pruned
    text is longer than `limit` characters (its bytes on every page would cost more than the
    request they save)."""
    head_end = _HEAD_END.search(page_html)
    if head_end is None:
        return page_html
    head, rest = page_html[: head_end.start()], page_html[head_end.start() :]
    colors = tuple(
        sorted((kind, frozenset(values)) for kind, values in page_colors(page_html).items())
    )

    def written_in(link: re.Match[str]) -> str:
        css = stylesheet(link.group(1))
        if css is None:
            return link.group(0)
        css = _pruned(css, colors)
        # `</style` would end the element early; a relative `url()` or an `@import` would be
        # read from the page's address instead of the stylesheet's. The site has neither.
        if len(css) > limit or _NOT_INLINE.search(css):
            return link.group(0)
        return f"<style>{css}</style>"

    return _STYLESHEET.sub(written_in, head) + rest


@functools.lru_cache(maxsize=32)
def _pruned(css: str, colors: tuple[tuple[str, frozenset[str]], ...]) -> str:
    """Every page of a site has the same stylesheets and, mostly, the same colours: each
    pair is pruned once (in pure Python, the palette and the 140 KB main sheet took half of
    the build)."""
    return prune_colors(strip_comments(css), dict(colors)).strip()


def collapse_blanks(page_html: str) -> str:
    """The page without its indentation (see the module's docstring)."""

    def text_runs(markup: str) -> str:
        return _TEXT.sub(
            lambda text: text.group(1) + _LINE_BREAK_RUN.sub("\n", text.group(2)), markup
        )

    parts, last = [], 0
    for kept in _KEPT_AS_IS.finditer(page_html):
        parts.append(text_runs(page_html[last : kept.start()]))
        parts.append(kept.group(0))
        last = kept.end()
    parts.append(text_runs(page_html[last:]))
    return "".join(parts)
