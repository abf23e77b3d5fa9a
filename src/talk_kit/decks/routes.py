"""Slide routes: the part of a deck URL after `#` that reveal.js reads and writes.

reveal.js (`js/controllers/location.js`) names a slide `#/h`, `#/h/v` or `#/h/v/f` (horizontal,
vertical and fragment index, zero-based unless `hashOneBasedIndex`), or `#/name` and `#/name/f`
where `name` is the id of the slide or of any element on it. It writes the id form for slides
that have an id. Everything that reads or writes a route goes through this module, so the
checker, the search entries and the messages agree with the browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, unquote

_NUMERIC = re.compile(r"^/(?P<h>\d+)(?:/(?P<v>\d+)(?:/(?P<f>-?\d+))?)?/?$")
_NAMED = re.compile(r"^/(?P<name>[^/]+?)(?:/(?P<f>-?\d+))?/?$")


class Addressable(Protocol):
    """What a route needs to know of a slide (`sitecheck.deck.Slide` is one)."""

    index: int
    h: int
    v: int
    slide_id: str | None


@dataclass(frozen=True)
class Route:
    """A parsed route: either indices (zero-based) or a name, and maybe a fragment index."""

    h: int | None = None
    v: int = 0
    name: str | None = None
    fragment: int | None = None


def is_route(fragment: str) -> bool:
    """True for a URL fragment that reveal.js treats as a route (`/…`), not an element id."""
    return fragment.startswith("/")


def parse_route(fragment: str, one_based: bool = False) -> Route | None:
    """Parse a URL fragment without its `#` (`/3/1`, `/push-pull/2`); None if it is no route.

    As in reveal.js, a first part that is all digits is an index, anything else a name.
    """
    numeric = _NUMERIC.match(fragment)
    if numeric is not None:
        offset = 1 if one_based else 0
        f = numeric.group("f")
        return Route(
            h=int(numeric.group("h")) - offset,
            v=int(numeric.group("v") or offset) - offset,
            fragment=int(f) if f is not None else None,
        )
    named = _NAMED.match(fragment)
    if named is None:
        return None
    f = named.group("f")
    return Route(name=unquote(named.group("name")), fragment=int(f) if f is not None else None)


def route_of(slide: Addressable) -> str:
    """The route reveal.js writes for `slide`: its id if it has one, else `#/h` or `#/h/v`."""
    if slide.slide_id:
        return f"#/{quote(slide.slide_id, safe='')}"
    return index_route(slide)


def index_route(slide: Addressable) -> str:
    """`#/h` or `#/h/v` (zero-based), which works whether or not the slide has an id."""
    return f"#/{slide.h}" if slide.v == 0 else f"#/{slide.h}/{slide.v}"


def slide_label(slide: Addressable) -> str:
    """How messages name a slide: the number the deck shows (1-based) and its address."""
    return f"slide {slide.index + 1} ({index_route(slide)})"
