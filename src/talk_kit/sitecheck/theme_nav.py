"""Where a built page's theme navigation lies, so that only what is outside it is parsed.

Material's sidebar repeats every page of the site on every page: parsing it would make the
checker quadratic in the number of pages, for links MkDocs made itself. Even scanning it for
where it ends is: a site of 4x the pages has 10x the HTML. But a theme repeats its sidebar's
sections byte for byte from page to page (all but the section that holds the page itself), so
`NavBlocks` remembers each navigation block scanned; where a later page has the very same bytes
at a `<nav`, the block ends where it ended before. The comparison (`bytes.startswith` at an
offset, a `memcmp`) runs at some ten times the speed of the scan, and it is exact: equal bytes
nest equally, so nothing is guessed. Blocks met before that follow one another (a sidebar's
sections before the page's own, and those after it) are remembered as one block too, so a page
meets two remembered blocks there, not one per section of the site.

What the browser fetches from inside navigation (a logo, a blog author's avatar) is no link
MkDocs made: the same scan finds the `<img>` and `<source>` tags there, in any case, and
hands back those that name a source, to be read too; a remembered block keeps where its own
are. Other loads inside navigation (a script, a frame, a `style` background) are not read:
these two names already make the scan 1.9 times as slow as one for `<nav>` alone, each
further name adds about a fifth, and a search for every loading attribute costs nine times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Inside navigation its nesting matters, and the tags that load something: one pass for all
# (an end tag may have blanks before its `>`). Group 1 is "/" or "" for a navigation tag.
_LOADING = (b"img", b"source")
_NAV_TAGS = re.compile(
    rb"<(?:(/?)nav[\s>]|(?:"
    + b"|".join(b"".join(b"[%c%c]" % (c, c - 32) for c in name) for name in _LOADING)
    + rb")[\s/>])"
)
_NAME_ENDS = (b" ", b"\t", b"\n", b"\r", b"\f", b">")

_KEY = 256  # the first bytes of a block, which find the blocks it may equal
_WORTH = 2048  # a smaller block is scanned faster than looked up
_PER_KEY = 4  # blocks kept for one key, the most recently met first
_OWN = 8  # misses beyond the matches that show a key's blocks differ on each page
_MOST = 32 * 1024 * 1024  # bytes kept in all


Ranges = list[tuple[int, int]]
_NONE: tuple[tuple[int, int], ...] = ()  # what most blocks load


@dataclass
class _Kept:
    # each block with its loading tags (from its start)
    blocks: list[tuple[bytes, Sequence[tuple[int, int]]]] = field(default_factory=list)
    matched: int = 0
    missed: int = 0


class NavBlocks:
    """Navigation blocks (a `<nav>` to its `</nav>`) scanned in earlier pages of one run.

    Blocks that differ on every page (the one around the page itself: its entry is marked
    active) are forgotten once they have missed `_OWN` times more than they matched, so that
    neither copying nor comparing them costs more than the scan they would save.
    """

    def __init__(self) -> None:
        self._kept: dict[bytes, _Kept] = {}
        self._size = 0

    def known_end(self, page: bytes, start: int) -> tuple[int, Sequence[tuple[int, int]]]:
        """Just after the block at `start` if its bytes equal a block met before, with where
        that block's loading tags are (from its start); else -1."""
        kept = self._kept.get(page[start : start + _KEY])
        if kept is None:
            return -1, _NONE
        for number, (block, loading) in enumerate(kept.blocks):
            if page.startswith(block, start):
                kept.matched += 1
                if number:
                    kept.blocks.insert(0, kept.blocks.pop(number))
                return start + len(block), loading
        kept.missed += 1
        if kept.missed > kept.matched + _OWN:
            self._size -= sum(len(block) for block, _ in kept.blocks)
            kept.blocks.clear()
        return -1, _NONE

    def remember(self, page: bytes, start: int, end: int, loading: Ranges) -> None:
        if end - start < _WORTH or self._size + end - start > _MOST:
            return
        kept = self._kept.setdefault(page[start : start + _KEY], _Kept())
        if kept.missed > kept.matched + _OWN:
            return
        relative = [(first - start, last - start) for first, last in loading] if loading else _NONE
        kept.blocks.insert(0, (page[start:end], relative))
        self._size += end - start - sum(len(block) for block, _ in kept.blocks[_PER_KEY:])
        del kept.blocks[_PER_KEY:]


@dataclass
class Split:
    """A page cut at its theme navigation: the ranges outside it, and the loading tags inside
    it (each from its `<` to the next `<`), in order."""

    outside: Ranges
    loading: Ranges


def outside_navigation(page: bytes, blocks: NavBlocks | None = None) -> Split:
    """`page` cut into what is not inside a `<nav>` outside an `<article>`, and the loading
    tags inside such a `<nav>`.

    Outside navigation the page is searched for the next `<nav` and, before it, an
    `<article` (`bytes.find`, faster than a regular expression); inside, one expression
    finds where it ends. A `<nav>` that is never closed skips nothing: reading too much only
    costs time, skipping too much would report a working link as broken.
    """
    kept: Ranges = []
    loading: Ranges = []
    position = at = 0
    while True:
        nav = _start_tag(page, b"<nav", at, len(page))
        if nav < 0:
            break
        article = _start_tag(page, b"<article", at, nav)
        if article >= 0:  # navigation inside an article is the page's own content
            at = _article_end(page, article)
            if at < 0:
                break
            continue
        inside: Ranges = []
        at = _nav_end(page, nav, blocks, inside)
        if at < 0:
            break
        kept.append((position, nav))
        loading.extend(inside)
        position = at
    kept.append((position, len(page)))
    return Split([(first, last) for first, last in kept if last > first], loading)


def _start_tag(page: bytes, name: bytes, start: int, end: int) -> int:
    """Where the next `name` tag (`<nav`, not `<navigation`; or an end tag, `</article`)
    starts in page[start:end], or -1."""
    at = page.find(name, start, end)
    while at >= 0 and page[at + len(name) : at + len(name) + 1] not in _NAME_ENDS:
        at = page.find(name, at + 1, end)
    return at


def _nav_end(page: bytes, start: int, blocks: NavBlocks | None, loading: Ranges) -> int:
    """Just after the `</nav>` that closes the `<nav>` at `start`, or -1. Adds the block's
    loading tags to `loading`."""
    # each <nav> still open: where it starts, its loading tags (the outermost's: `loading`)
    opened: list[tuple[int, Ranges]] = []
    run: _Run | None = None  # blocks met before, one after another, in the innermost one
    at = start
    while tag := _NAV_TAGS.search(page, at):
        at = tag.end()
        kind = tag.group(1)
        if kind is None:  # a loading tag, up to the next tag: read if it names a source
            after = page.find(b"<", at)
            after = len(page) if after < 0 else after
            if b"src" in page[at:after].lower():  # `src`, `srcset`, `data-src`
                opened[-1][1].append((tag.start(), after))
            continue
        begin = tag.start()
        if kind:
            _remember_run(blocks, page, run, opened[-1][1])
            run = None
            first, inner = opened.pop()
            if blocks is not None:
                blocks.remember(page, first, at, inner)
            if opened:
                opened[-1][1].extend(inner)
        else:
            known, relative = blocks.known_end(page, begin) if blocks is not None else (-1, _NONE)
            if known < 0:
                if opened:
                    _remember_run(blocks, page, run, opened[-1][1])
                run = None
                opened.append((begin, [] if opened else loading))
            else:
                into = opened[-1][1] if opened else loading
                if opened:
                    run = _Run(begin, len(into)) if run is None else run
                    run.end, run.blocks = known, run.blocks + 1
                if relative:  # most blocks load nothing
                    into.extend((begin + first, begin + last) for first, last in relative)
                at = known
        if not opened:
            return at
    return -1


@dataclass
class _Run:
    """Blocks met before that follow one another inside one block, with nothing between
    them but text and tags other than `<nav>`: remembered as one block, so that the next
    page skips a sidebar's unchanged sections, which grow with the site, in one comparison."""

    start: int
    first_load: int  # where its loads begin in the loading tags of the block around it
    end: int = 0
    blocks: int = 0


def _remember_run(blocks: NavBlocks | None, page: bytes, run: _Run | None, loads: Ranges) -> None:
    if blocks is not None and run is not None and run.blocks > 1:
        inside = [load for load in loads[run.first_load :] if load[0] < run.end]
        blocks.remember(page, run.start, run.end, inside)


def _article_end(page: bytes, start: int) -> int:
    """Just after the `</article>` that closes the `<article>` at `start`, or -1."""
    depth, at = 1, start + len(b"<article")
    while True:
        close = _start_tag(page, b"</article", at, len(page))  # `</article >` closes too
        if close < 0:
            return -1
        opened = _start_tag(page, b"<article", at, close)
        if opened >= 0:
            depth, at = depth + 1, opened + len(b"<article")
            continue
        after = page.find(b">", close)
        if after < 0:
            return -1
        depth, at = depth - 1, after + 1
        if depth == 0:
            return at
