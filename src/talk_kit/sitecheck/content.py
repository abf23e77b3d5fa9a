"""Accessibility of links and images, for guide pages and slides alike.

WCAG 1.1.1 needs a text alternative for every image; WCAG 2.4.4 needs link
text that makes sense on its own ("hier" does not, read aloud by a screen
reader in a list of links). Both are read from the rendered page (`read_page`):
an `<img>`'s alt, an `<a>`'s visible text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.findings import Finding, Location, error, warning
from talk_kit.sitecheck.rendered import FOLLOWED_TAGS, HtmlLink

PUNCTUATION_RE = re.compile(r"[^\w\s]")


def check_link_texts(
    links: Iterable[HtmlLink] | str,
    locate: Callable[[HtmlLink], Location] | Any,
    rules: Rules | Any,
    *legacy: Rules,
) -> list[Finding]:
    """Missing image alt text and generic link text among the `links` of one page or slide.

    `locate` gives each finding's source location; a link's `url` is named in the message,
    so a caller passes links with the target as written in the source.
    """
    if isinstance(links, str):  # transitional, see `_from_scanned_links`
        return _from_scanned_links(locate, rules, legacy[0])
    findings: list[Finding] = []
    generic = set(rules.generic_link_texts)
    for link in links:
        if is_image(link) and not (link.text or "").strip():
            message = f"image '{link.url}' has no alt text; describe what it shows"
            findings.append(error(locate(link), "missing-alt", message))
        elif is_followed(link) and _normalise(link.text or "") in generic:
            message = f"link text '{link.text}' says nothing about '{link.url}'; name the target"
            findings.append(warning(locate(link), "generic-link-text", message))
    return findings


def is_image(link: HtmlLink) -> bool:
    """An image a reader sees: an `<img src>` (its alt is `text`, None without one)."""
    return link.tag == "img" and link.attr == "src"


def is_followed(link: HtmlLink) -> bool:
    """A link the reader follows: an `<a href>` or `<area href>`."""
    return link.tag in FOLLOWED_TAGS and not link.fetched


def _from_scanned_links(
    links: list[Any], locate: Callable[[int], Location], rules: Rules
) -> list[Finding]:
    """The page checker's current call, `(text, Markdown links, line locator, rules)`.

    Transitional: it goes when the page checker reads rendered pages too (and
    the Markdown link scanner is deleted). A scanned link carries its kind and line.
    """
    converted: dict[int, int] = {}
    html_links: list[HtmlLink] = []
    for link in links:
        if link.kind == "md-image" or (link.kind == "html-src" and link.tag == "img"):
            html_link = HtmlLink("img", "src", link.target, True, link.text)
        elif link.kind in ("md-link", "html-href"):
            html_link = HtmlLink("a", "href", link.target, False, link.text)
        else:
            continue
        converted[id(html_link)] = link.line
        html_links.append(html_link)
    return check_link_texts(html_links, lambda link: locate(converted[id(link)]), rules)


def _normalise(text: str) -> str:
    return " ".join(PUNCTUATION_RE.sub(" ", text.lower()).split())
