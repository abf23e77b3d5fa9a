"""Accessibility of links and images, for guide pages and slides alike.

WCAG 1.1.1 needs a text alternative for every image; WCAG 2.4.4 needs link
text that makes sense on its own ("hier" does not, read aloud by a screen
reader in a list of links). Both are read from the rendered HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.links import Problem
from talk_kit.sitecheck.rendered import HtmlLink

PUNCTUATION_RE = re.compile(r"[^\w\s]")


def link_text_problems(links: Iterable[HtmlLink], rules: Rules) -> list[tuple[HtmlLink, Problem]]:
    """Images without alt text and links whose text says nothing, each with its problem."""
    problems: list[tuple[HtmlLink, Problem]] = []
    generic = set(rules.generic_link_texts)
    for link in links:
        if link.tag == "img" and link.attr == "src" and not (link.text or "").strip():
            message = f"image '{link.url}' has no alt text; describe what it shows"
            problems.append((link, Problem("error", "missing-alt", message)))
        elif link.tag == "a" and link.text is not None and _normalise(link.text) in generic:
            message = f"link text '{link.text}' says nothing about '{link.url}'; name the target"
            problems.append((link, Problem("warning", "generic-link-text", message)))
    return problems


def _normalise(text: str) -> str:
    return " ".join(PUNCTUATION_RE.sub(" ", text.lower()).split())
