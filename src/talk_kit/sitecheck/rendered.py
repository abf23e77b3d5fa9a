"""What a reader gets: the links, loads and ids of one built page, read with lxml.

The checker takes every link from the HTML that MkDocs, Python-Markdown, the project's
extensions and plugins actually produced, so a link in any block a reader sees is checked and
text that never became a link (code, an unused reference definition) is never reported.

lxml, because the kit already depends on it (the PowerPoint export reads rendered slides with
it), its libxml2 parser is C-fast and forgiving the way browsers are, and its tree gives the
visible text of a link (`text_content`) for the link-text rules.

Of a whole page only what lies outside the theme's navigation is parsed (`outside_navigation`):
Material's sidebar repeats every page of the site on every page, so parsing it would make the
checker quadratic in the number of pages, for links MkDocs made itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

# rel values whose <link> makes the browser fetch or connect on its own
LOADING_RELS = frozenset(
    (
        "stylesheet",
        "preload",
        "modulepreload",
        "prefetch",
        "preconnect",
        "dns-prefetch",
        "icon",
        "apple-touch-icon",
        "apple-touch-icon-precomposed",
        "mask-icon",
        "manifest",
    )
)
# Attributes whose URL the browser fetches as soon as the element is there.
FETCHED_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# reveal.js fetches these for a slide (backgrounds) or any element (lazy loading, `data-src`).
REVEAL_ATTRS = (
    "data-background",
    "data-background-image",
    "data-background-video",
    "data-background-iframe",
    "data-src",
)
FOLLOWED_TAGS = ("a", "area")

CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s"']*))\s*\)""", re.IGNORECASE)
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlLink:
    """One URL in a page: `fetched` if the browser loads it by itself (an image, a script, a
    slide background), else a link the reader follows."""

    tag: str
    attr: str
    url: str
    fetched: bool
    text: str | None = None  # <a>: its accessible name (aria-label, or its text); <img>: alt
    in_content: bool = False  # inside an <article>: the page's own content, not the theme's

    @property
    def what(self) -> str:
        return f"<{self.tag} {self.attr}>" if self.tag != "style" else "<style>"


@dataclass(frozen=True)
class RenderedPage:
    """The parts of a built page the checks read, in document order."""

    links: tuple[HtmlLink, ...]
    ids: frozenset[str]
    code: str  # the text of its code blocks and spans: a source line shown there is no link


EMPTY = RenderedPage((), frozenset(), "")


def read_page(page: str | bytes) -> RenderedPage:
    """Parse a built page (or a fragment such as one slide) once."""
    if isinstance(page, str):
        page = page.encode("utf-8", errors="replace")
    kept = b"".join(page[start:end] for start, end in outside_navigation(page))
    if not kept.strip():
        return EMPTY
    try:
        root = lxml.html.document_fromstring(kept, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return EMPTY
    links: list[HtmlLink] = []
    ids: set[str] = set()
    code: list[str] = []
    for element in _INTERESTING(root):  # in document order; libxml2 skips the rest
        tag = element.tag if isinstance(element.tag, str) else ""
        attrs = element.attrib
        if "id" in attrs:
            ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            ids.add(attrs["name"])
        if tag == "code" or (tag == "pre" and element.find(".//code") is None):
            code.append(element.text_content())
        if attrs:
            in_content = any(True for _ in element.iterancestors("article"))
            links.extend(_links_of(element, tag, in_content))
        if tag == "style" and element.text:
            links.extend(HtmlLink("style", "style", url, True) for url in css_urls(element.text))
    return RenderedPage(tuple(links), frozenset(ids), "\n".join(code))


# The elements `read_page` looks at: those with an id or a URL, code, and style blocks.
_INTERESTING = etree.XPath(
    "//*[@id or @name or @href or @src or @srcset or @poster or @data or @style"
    " or @data-background or @data-background-image or @data-background-video"
    " or @data-background-iframe or @data-src or @*[name()='xlink:href']]"
    " | //code | //pre | //style"
)
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


# One pass over the page finds all four tags: cheaper than a search for each, and
# (without named groups) about twice as fast as with them.
STRUCTURE_RE = re.compile(r"<(?:nav[\s>]|/nav>|article[\s>]|/article>)")
STRUCTURE_BYTES_RE = re.compile(STRUCTURE_RE.pattern.encode())
# A match's first four characters say which tag it is, for str and for bytes pages.
NAV, NAV_END, ARTICLE, ARTICLE_END = range(4)
TAG_KINDS = {
    start: kind
    for prefix, kind in (("<nav", NAV), ("</na", NAV_END), ("<art", ARTICLE), ("</ar", ARTICLE_END))
    for start in (prefix, prefix.encode())
}


def outside_navigation(page: str | bytes) -> list[tuple[int, int]]:
    """Ranges of `page`, in order, that are not inside a `<nav>` outside an `<article>`.

    A `<nav>` that is never closed skips nothing: reading too much only costs time,
    skipping too much would report a working link as broken.
    """
    pattern = STRUCTURE_BYTES_RE if isinstance(page, bytes) else STRUCTURE_RE
    kept: list[tuple[int, int]] = []
    position = depth = articles = skipped_from = 0
    for tag in pattern.finditer(page):
        kind = TAG_KINDS[tag.group()[:4]]
        if depth:  # inside navigation: only its nesting matters
            depth += 1 if kind == NAV else -1 if kind == NAV_END else 0
            if depth == 0:
                position = tag.end()
        elif kind == NAV and not articles:
            kept.append((position, tag.start()))
            depth, skipped_from = 1, tag.start()
        elif kind == ARTICLE:
            articles += 1
        elif kind == ARTICLE_END:
            articles = max(0, articles - 1)
    if depth:  # never closed: read it after all
        position = skipped_from
    kept.append((position, len(page)))
    return [(first, last) for first, last in kept if last > first]


def _links_of(element: etree._Element, tag: str, in_content: bool) -> list[HtmlLink]:
    attrs = element.attrib
    found: list[HtmlLink] = []
    if tag in FOLLOWED_TAGS and "href" in attrs:
        label = attrs.get("aria-label", "").strip()  # the accessible name, where it is set
        text = " ".join((label or element.text_content()).split())
        found.append(HtmlLink(tag, "href", attrs["href"], False, text, in_content))
    elif tag == "link" and attrs.get("href"):
        rels = set(attrs.get("rel", "").lower().split())
        loads = bool(rels & LOADING_RELS)
        found.append(HtmlLink(tag, "href", attrs["href"], loads, None, in_content))
    for name in FETCHED_ATTRS.get(tag, ()):
        value = attrs.get(name)
        if value:
            alt = attrs.get("alt") if tag == "img" else None
            urls = _srcset(value) if name == "srcset" else [value]
            found.extend(HtmlLink(tag, name, url, True, alt, in_content) for url in urls)
    for name in REVEAL_ATTRS:
        value = attrs.get(name)
        if value and (name != "data-background" or _looks_like_url(value)):
            urls = [url.strip() for url in value.split(",")]
            found.extend(HtmlLink(tag, name, url, True, None, in_content) for url in urls)
    style = attrs.get("style")
    if style and "url(" in style:
        found.extend(HtmlLink(tag, "style", url, True, None, in_content) for url in css_urls(style))
    return found


def _looks_like_url(value: str) -> bool:
    """`data-background` takes a colour (`#fff`, `red`, `rgb(…)`) or an image URL."""
    return "/" in value or ("." in value and not value.startswith(("rgb", "hsl")))


def _srcset(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()]


def css_urls(css: str) -> list[str]:
    """Every URL a stylesheet fetches: `url(...)` (fonts, images, imports) and `@import "..."`."""
    urls = [next(g for g in m.groups() if g is not None) for m in CSS_URL_RE.finditer(css)]
    urls += [next(g for g in m.groups() if g is not None) for m in CSS_IMPORT_RE.finditer(css)]
    return [url.strip() for url in urls if url.strip() and not url.strip().startswith("data:")]
