"""Accessibility of links and images, for guide pages and slides alike.

WCAG 1.1.1 needs a text alternative for every image; WCAG 2.4.4 needs link
text that makes sense on its own ("hier" does not, read aloud by a screen
reader in a list of links).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.findings import Finding, Location, error, warning
from talk_kit.sitecheck.markdown_links import HTML_HREF, HTML_SRC, MD_IMAGE, MD_LINK, Link

PUNCTUATION_RE = re.compile(r"[^\w\s]")


def check_link_texts(
    text: str, links: list[Link], locate: Callable[[int], Location], rules: Rules
) -> list[Finding]:
    """Missing image alt text and generic link text in one document or slide."""
    findings: list[Finding] = []
    generic = set(rules.generic_link_texts)
    for link in links:
        location = locate(link.line)
        if _is_image(link) and not link.text.strip():
            message = f"image '{link.target}' has no alt text; describe what it shows"
            findings.append(error(location, "missing-alt", message))
        elif link.kind in (MD_LINK, HTML_HREF) and _normalise(link.text) in generic:
            message = f"link text '{link.text}' says nothing about '{link.target}'; name the target"
            findings.append(warning(location, "generic-link-text", message))
    return findings


def _is_image(link: Link) -> bool:
    if link.kind == MD_IMAGE:
        return True
    return link.kind == HTML_SRC and link.tag == "img"


def _normalise(text: str) -> str:
    return " ".join(PUNCTUATION_RE.sub(" ", text.lower()).split())
