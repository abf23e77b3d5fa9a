"""What a reader gets: the links, loads and ids of one built page, read with lxml.

The checker takes every link from the HTML that MkDocs, Python-Markdown, the project's
extensions and plugins actually produced, so a link in any block a reader sees is checked and
text that never became a link (code, an unused reference definition) is never reported.

lxml, because the kit already depends on it (the PowerPoint export reads rendered slides with
it), its libxml2 parser is C-fast and forgiving the way browsers are, and its tree gives the
visible text of a link (its string value) for the link-text rules.

Of a whole page only what lies outside the theme's navigation is parsed, and of the
navigation its loading tags (`theme_nav`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from talk_kit.sitecheck.theme_nav import NavBlocks, outside_navigation

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


@dataclass(slots=True, unsafe_hash=True)  # not frozen: that sets each field through
class HtmlLink:  # `object.__setattr__`, 4x the cost to build, and a site has 10,000s of links
    """One URL in a page: `fetched` if the browser loads it by itself (an image, a script, a
    slide background), else a link the reader follows. Treated as a value: never changed."""

    tag: str
    attr: str
    url: str
    fetched: bool
    text: str | None = None  # <a>: its accessible name (aria-label, or its text); <img>: alt
    in_content: bool = False  # in the page's own content (an <article>, else `_MAIN`)
    code: bool = False  # <a>: its whole text is one code span, a name (`link`), not prose

    @property
    def what(self) -> str:
        return f"<{self.tag} {self.attr}>" if self.tag != "style" else "<style>"


@dataclass(frozen=True)
class RenderedPage:
    """The parts of a built page the checks read, in document order."""

    links: tuple[HtmlLink, ...]
    ids: frozenset[str]
    code: str  # the text of its code blocks and spans: a source line shown there is no link
    # Whether the page marks its content (`in_content` says something): what lies outside
    # comes from the theme, its templates and plugins, not from the page's Markdown.
    has_content: bool = False


EMPTY = RenderedPage((), frozenset(), "")


def read_page(page: str | bytes, blocks: NavBlocks | None = None) -> RenderedPage:
    """Parse a built page (or a fragment such as one slide) once, and apart from it the
    loading tags of the theme's navigation; `blocks`: the navigation met in the pages read
    before."""
    if isinstance(page, str):
        page = page.encode("utf-8", errors="replace")
    split = outside_navigation(page, blocks)
    kept = b"".join([page[start:end] for start, end in split.outside])
    root = _parse(kept)
    if root is None:
        return EMPTY
    links: list[HtmlLink] = []
    code: list[str] = []
    any_tag = _may_set_any_tag_url(kept)
    elements = _interesting(root, any_tag)  # in document order
    contents = list(root.iter("article")) or _MAIN(root)
    flags = _in_content(contents, elements, any_tag)
    for element, in_content in zip(elements, flags, strict=True):
        tag = element.tag
        if tag == "code" or (tag == "pre" and next(element.iterdescendants("code"), None) is None):
            code.append(_text(element))
        _add_links(links, element, tag, in_content, any_tag)
    if split.loading:
        links.extend(_navigation_loads(b"".join(page[start:end] for start, end in split.loading)))
    ids = frozenset(_ID_ATTRS(root) + _A_NAMES(root))
    return RenderedPage(tuple(links), ids, "\n".join(code), bool(contents))


def subtree_links(elements: Iterable[etree._Element]) -> tuple[HtmlLink, ...]:
    """The links of `elements` and all they hold, in order, as `read_page` reads them from
    these elements written out as a fragment (a built slide's content, read from the deck
    page's tree instead of being written out and parsed again); none of them `in_content`."""
    links: list[HtmlLink] = []
    for top in elements:
        for element in top.iter(etree.Element):
            tag = element.tag
            if tag in _TAGS or not _ANY_TAG_SET.isdisjoint(element.keys()):
                _add_links(links, element, tag, False, any_tag=True)
    return tuple(links)


def _add_links(
    links: list[HtmlLink], element: etree._Element, tag: str, in_content: bool, any_tag: bool
) -> None:
    if element.attrib:
        links.extend(_links_of(element, tag, in_content, any_tag))
    if tag == "style" and element.text:
        links.extend(HtmlLink("style", "style", url, True) for url in css_urls(element.text))


def _parse(html: bytes) -> etree._Element | None:
    if not html.strip():
        return None
    try:
        return etree.fromstring(html, parser=HTML_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _navigation_loads(tags: bytes) -> list[HtmlLink]:
    """What the browser fetches by the loading tags of the theme's navigation (`theme_nav`);
    the links there MkDocs made itself."""
    root = _parse(tags)
    if root is None:
        return []
    found: list[HtmlLink] = []
    for element in _interesting(root, any_tag=True):
        if element.attrib:
            links = _links_of(element, element.tag, False, any_tag=True)
            found.extend(link for link in links if link.fetched)
    return found


# The page's own content where a theme has no <article> (Material's): the `role="main"`
# element of MkDocs' and Read the Docs' themes. (`iter` finds articles in C, three times as
# fast as this search over every element.)
_MAIN = etree.XPath("//*[@role='main']")
# Every id an anchor can point to: `id` on any element, `name` on <a>. (Two paths: their
# union `|` would sort the attributes into document order, which a set does not need.)
_ID_ATTRS = etree.XPath("//@id", smart_strings=False)
_A_NAMES = etree.XPath("//a/@name", smart_strings=False)
# The elements `read_page` reads links, loads, code and style blocks from, by tag; lxml's
# `iter` picks them in C. Only a `style` or reveal.js attribute can put a URL on any other
# element: a page whose bytes hold neither is read by tag alone.
_LINK_TAGS = (*FOLLOWED_TAGS, "link", *FETCHED_ATTRS, "code", "pre", "style")
_ANY_TAG_ATTRS = ("style", *REVEAL_ATTRS)
_ANY_TAG_SET = frozenset(_ANY_TAG_ATTRS)
# reveal.js' names that no other of them starts with (`data-background` for its `-image` too)
_REVEAL_PREFIXES = tuple(
    name.encode()
    for name in REVEAL_ATTRS
    if not any(name != other and name.startswith(other) for other in REVEAL_ATTRS)
)
_EQUALS_RE = re.compile(rb"\s*=")
_TAGS = frozenset(_LINK_TAGS)


def _may_set_any_tag_url(page: bytes) -> bool:
    """Whether one of `_ANY_TAG_ATTRS` may be set in `page`, in any case: `style` with `=`
    after it (the word is in every `stylesheet`), a reveal.js name anywhere (rare outside a
    deck). (`bytes.find` for each: a case-blind expression for all costs more than the parse.)"""
    lowered = page.lower()
    if any(prefix in lowered for prefix in _REVEAL_PREFIXES):
        return True
    at = lowered.find(b"style")
    while at >= 0:
        at += len(b"style")
        if _EQUALS_RE.match(lowered, at):
            return True
        at = lowered.find(b"style", at)
    return False


def _in_content(
    contents: list[etree._Element], elements: list[etree._Element], any_tag: bool
) -> list[bool]:
    """For each of `elements` (`_interesting`, in document order) whether it is part of one
    of `contents`, the page's content elements. What a content element holds follows it in
    document order, so its interesting elements are one run of `elements`, found from the
    first of them. (lxml hands out one proxy per node while it lives: `index` finds the very
    object.)"""
    flags = [False] * len(elements)
    for content in contents:
        inner = _interesting(content, any_tag)
        if inner:
            start = elements.index(inner[0])
            flags[start : start + len(inner)] = [True] * len(inner)
    return flags


def _interesting(root: etree._Element, any_tag: bool) -> list[etree._Element]:
    if not any_tag:
        return list(root.iter(*_LINK_TAGS))
    # `keys()`: one list of names per element, not an attribute proxy per name looked up
    return [
        element
        for element in root.iter(etree.Element)
        if element.tag in _TAGS or not _ANY_TAG_SET.isdisjoint(element.keys())
    ]


def fragment_links(html: str) -> tuple[HtmlLink, ...]:
    """The links of a fragment such as one slide as this build rendered it (a slide read
    back from its deck page takes them from the page's tree instead, `subtree_links`)."""
    return read_page(html).links


# The plain libxml2 parser (for deck pages too): lxml.html's would look up a Python class
# for every element.
# Ids are read from the tree (`_ID_ATTRS`), never looked up, so libxml2 need not index them.
HTML_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, collect_ids=False)


def _links_of(element: etree._Element, tag: str, in_content: bool, any_tag: bool) -> list[HtmlLink]:
    """The URLs of one element; `any_tag`: the page may set `_ANY_TAG_ATTRS` somewhere."""
    get = element.get  # no attribute proxy per element: a page has hundreds
    found: list[HtmlLink] = []
    href = get("href")
    if href is not None:
        if tag in FOLLOWED_TAGS:
            found.append(_followed(element, tag, href, in_content))
        elif tag == "link" and href:
            rels = set(get("rel", "").lower().split())
            loads = bool(rels & LOADING_RELS)
            found.append(HtmlLink(tag, "href", href, loads, None, in_content))
    for name in FETCHED_ATTRS.get(tag, ()):
        value = get(name)
        if value:
            alt = get("alt") if tag == "img" else None
            urls = _srcset(value) if name == "srcset" else [value]
            found.extend(HtmlLink(tag, name, url, True, alt, in_content) for url in urls)
    if not any_tag:
        return found
    for name in REVEAL_ATTRS:
        value = get(name)
        if value and (name != "data-background" or _looks_like_url(value)):
            urls = [url.strip() for url in value.split(",")]
            found.extend(HtmlLink(tag, name, url, True, None, in_content) for url in urls)
    style = get("style")
    if style and "url(" in style:
        found.extend(HtmlLink(tag, "style", url, True, None, in_content) for url in css_urls(style))
    return found


def _followed(element: etree._Element, tag: str, href: str, in_content: bool) -> HtmlLink:
    """An `<a>` or `<area>` with its accessible name: `aria-label` where set, else its text."""
    label = (element.get("aria-label") or "").strip()
    if label:
        return HtmlLink(tag, "href", href, False, " ".join(label.split()), in_content)
    if len(element) == 0:  # most links: their text is all there is
        text, named = element.text or "", False
    else:
        text, named = _text(element), _is_code_span(element)
    return HtmlLink(tag, "href", href, False, " ".join(text.split()), in_content, named)


def _text(element: etree._Element) -> str:
    """An element's text, as a browser's `textContent` (lxml.html's `text_content`)."""
    if len(element) == 0:  # most links: their text is all there is
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _is_code_span(element: etree._Element) -> bool:
    """`<a><code>name</code></a>`: the link's text is all code."""
    if len(element) != 1 or (element.text or "").strip():
        return False
    child = element[0]
    return child.tag == "code" and not (child.tail or "").strip()


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
