"""A deterministic count of the work the Markdown scanners do.

The scanners promise time linear in their input, whatever the input. Wall
time cannot prove that on a shared machine, so the scanners report their
work here and the linear-time test doubles hostile inputs and watches this
count grow.

What is counted (one unit = one character examined or one loop step):
- a `str.find` or a regular expression call is charged the characters from
  the position it was given to the position where it stopped: the end of its
  match (plus the one character that ended a repeat), the needle it found,
  or the end of the window it was allowed to search when it failed. Calling
  it again and again from positions far before its stop is therefore charged
  again and again: re-scanning shows up as quadratic growth;
- a regular expression run over a whole text with `finditer`/`sub` is
  charged the text's length once. That is honest only for patterns whose
  attempts examine a bounded number of characters past their start or cannot
  overlap (every repeat excludes the character an attempt starts with), and
  whose quantifiers never compete for the same character (no backtracking
  within an attempt). The patterns of the scanners are written that way,
  each with its reason beside it, and `tests/test_sitecheck_linear.py`
  checks the second property of every pattern statically;
- every loop iteration over items (brackets, links, lines, tags) is one step.

Counting is off unless a test switches it on (`counting()`); then a call
costs one context-variable lookup.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class WorkCounter:
    """Units of work charged while counting was on."""

    units: int = 0


_counter: ContextVar[WorkCounter | None] = ContextVar("sitecheck_work", default=None)


def charge(units: int) -> None:
    """Add `units` to the active counter, if any (at least one: every call is a step)."""
    counter = _counter.get()
    if counter is not None:
        counter.units += max(1, units)


@contextmanager
def counting() -> Iterator[WorkCounter]:
    """Count the work of everything run inside the `with` block."""
    counter = WorkCounter()
    token = _counter.set(counter)
    try:
        yield counter
    finally:
        _counter.reset(token)


class NextFinder:
    """Next occurrence of `needle` at or after a position, for rising positions.

    A scanner that asks "where is the next `-->`?" from many positions would
    re-scan the same stretch each time (quadratic on `<!--<!--<!--...`). The
    answer is remembered: any later question from a position up to that
    answer gets it without scanning again, so questions asked in rising order
    cost one pass over the text in total.
    """

    def __init__(self, text: str, needle: str, end: int | None = None) -> None:
        self.text = text
        self.needle = needle
        self.end = len(text) if end is None else end
        self._asked: int | None = None
        self._found = -1

    def find(self, position: int) -> int:
        """Index of the next `needle` at or after `position`, or -1."""
        asked, found = self._asked, self._found
        if asked is not None and asked <= position and (found == -1 or position <= found):
            charge(1)  # no occurrence in [asked, found): the answer stands
            return found
        found = self.text.find(self.needle, position, self.end)
        stop = self.end if found == -1 else found + len(self.needle)
        charge(stop - position)
        self._asked, self._found = position, found
        return found
