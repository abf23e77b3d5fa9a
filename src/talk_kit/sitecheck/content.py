"""Accessibility of links and images, for guide pages and slides alike.

WCAG 1.1.1 needs a text alternative for every image; WCAG 2.4.4 needs link
text that makes sense on its own ("hier" does not, read aloud by a screen
reader in a list of links). Both are read from the rendered page (`read_page`):
an `<img>`'s alt, an `<a>`'s accessible name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.findings import Finding, Location
from talk_kit.sitecheck.links import Problem
from talk_kit.sitecheck.rendered import FOLLOWED_TAGS, HtmlLink

PUNCTUATION_RE = re.compile(r"[^\w\s]")
# `alt=""` written out: a decorative image on purpose (WCAG technique H67). Markdown's
# `![](x.png)` renders the same attribute, so only the source line tells the two apart.
EMPTY_ALT_RE = re.compile(r"""\balt\s*=\s*(?:""|'')""")


def link_text_problems(links: Iterable[HtmlLink], rules: Rules) -> list[tuple[HtmlLink, Problem]]:
    """Images without alt text and links whose text says nothing, each with its problem."""
    problems: list[tuple[HtmlLink, Problem]] = []
    generic = set(rules.generic_link_texts)
    for link in links:
        if is_image(link) and not (link.text or "").strip():
            message = f"image '{link.url}' has no alt text; describe what it shows"
            problems.append((link, Problem("error", "missing-alt", message)))
        elif is_followed(link) and not link.code and _normalise(link.text or "") in generic:
            message = f"link text '{link.text}' says nothing about '{link.url}'; name the target"
            problems.append((link, Problem("warning", "generic-link-text", message)))
    return problems


def check_link_texts(
    links: Iterable[HtmlLink], locate: Callable[[HtmlLink], Location], rules: Rules
) -> list[Finding]:
    """`link_text_problems` as findings, each at `locate(link)` (slides know their lines)."""
    return [problem.at(locate(link)) for link, problem in link_text_problems(links, rules)]


def is_image(link: HtmlLink) -> bool:
    """An image a reader sees: an `<img src>` (its alt is `text`, None without one)."""
    return link.tag == "img" and link.attr == "src"


def is_followed(link: HtmlLink) -> bool:
    """A link the reader follows: an `<a href>` or `<area href>`."""
    return link.tag in FOLLOWED_TAGS and not link.fetched


@lru_cache(maxsize=4096)  # the theme's link texts come again on every page
def _normalise(text: str) -> str:
    return " ".join(PUNCTUATION_RE.sub(" ", text.lower()).split())
