"""Where a built page's theme navigation lies, so that only what is outside it is parsed.

Material's sidebar repeats every page of the site on every page: parsing it would make the
checker quadratic in the number of pages, for links MkDocs made itself. Even scanning it for
where it ends is: a site of 4x the pages has 10x the HTML. But a theme repeats its sidebar's
sections byte for byte from page to page (all but the section that holds the page itself), so
`NavBlocks` remembers each navigation block scanned; where a later page has the very same bytes
at a `<nav`, the block ends where it ended before. The comparison (`bytes.startswith` at an
offset, a `memcmp`) runs at some ten times the speed of the scan, and it is exact: equal bytes
nest equally, so nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Inside navigation only its nesting matters: one pass for both of its tags (an end tag may
# have blanks before its `>`).
_NAV_TAGS = re.compile(rb"</?nav[\s>]")
_NAME_ENDS = (b" ", b"\t", b"\n", b"\r", b"\f", b">")

_KEY = 256  # the first bytes of a block, which find the blocks it may equal
_WORTH = 2048  # a smaller block is scanned faster than looked up
_PER_KEY = 4  # blocks kept for one key, the most recently met first
_OWN = 8  # misses beyond the matches that show a key's blocks differ on each page
_MOST = 32 * 1024 * 1024  # bytes kept in all


@dataclass
class _Kept:
    blocks: list[bytes] = field(default_factory=list)
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

    def known_end(self, page: bytes, start: int) -> int:
        """Just after the block at `start` if its bytes equal a block met before, else -1."""
        kept = self._kept.get(page[start : start + _KEY])
        if kept is None:
            return -1
        for number, block in enumerate(kept.blocks):
            if page.startswith(block, start):
                kept.matched += 1
                if number:
                    kept.blocks.insert(0, kept.blocks.pop(number))
                return start + len(block)
        kept.missed += 1
        if kept.missed > kept.matched + _OWN:
            self._size -= sum(map(len, kept.blocks))
            kept.blocks.clear()
        return -1

    def remember(self, page: bytes, start: int, end: int) -> None:
        if end - start < _WORTH or self._size + end - start > _MOST:
            return
        kept = self._kept.setdefault(page[start : start + _KEY], _Kept())
        if kept.missed > kept.matched + _OWN:
            return
        kept.blocks.insert(0, page[start:end])
        self._size += end - start - sum(map(len, kept.blocks[_PER_KEY:]))
        del kept.blocks[_PER_KEY:]


def outside_navigation(page: bytes, blocks: NavBlocks | None = None) -> list[tuple[int, int]]:
    """Ranges of `page`, in order, that are not inside a `<nav>` outside an `<article>`.

    Outside navigation the page is searched for the next `<nav` and, before it, an
    `<article` (`bytes.find`, faster than a regular expression); inside, one expression
    finds where it ends. A `<nav>` that is never closed skips nothing: reading too much only
    costs time, skipping too much would report a working link as broken.
    """
    kept: list[tuple[int, int]] = []
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
        at = _nav_end(page, nav, blocks)
        if at < 0:
            break
        kept.append((position, nav))
        position = at
    kept.append((position, len(page)))
    return [(first, last) for first, last in kept if last > first]


def _start_tag(page: bytes, name: bytes, start: int, end: int) -> int:
    """Where the next `name` tag (`<nav`, not `<navigation`; or an end tag, `</article`)
    starts in page[start:end], or -1."""
    at = page.find(name, start, end)
    while at >= 0 and page[at + len(name) : at + len(name) + 1] not in _NAME_ENDS:
        at = page.find(name, at + 1, end)
    return at


def _nav_end(page: bytes, start: int, blocks: NavBlocks | None) -> int:
    """Just after the `</nav>` that closes the `<nav>` at `start`, or -1."""
    opened: list[int] = []  # where each <nav> still open starts
    at = start
    while tag := _NAV_TAGS.search(page, at):
        at = tag.end()
        if tag.group()[1:2] == b"/":
            first = opened.pop()
            if blocks is not None:
                blocks.remember(page, first, at)
        else:
            known = blocks.known_end(page, tag.start()) if blocks is not None else -1
            if known < 0:
                opened.append(tag.start())
            else:
                at = known
        if not opened:
            return at
    return -1


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
