"""The Open Graph and Twitter Card tags of a page's head."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from talk_kit.cards.render import HEIGHT, WIDTH

_HEAD_END = re.compile(r"</head\s*>", re.I)
LOCALES = {"de": "de_DE", "en": "en_US", "fr": "fr_FR", "it": "it_IT", "es": "es_ES"}


@dataclass(frozen=True)
class Share:
    """What a shared link to a page shows."""

    title: str
    description: str
    url: str  # the page's published address
    image: str  # the card's published address
    image_alt: str
    kind: str  # og:type: `website` (the home page) or `article`
    site_name: str
    locale: str
    published: str | None = None  # a blog post's date, ISO 8601


def locale_for(language: str | None) -> str:
    """`de` -> `de_DE`; `de-AT` -> `de_AT`; an unknown language -> `language_LANGUAGE`."""
    language = (language or "en").replace("-", "_")
    if "_" in language:
        base, region = language.split("_", 1)
        return f"{base.lower()}_{region.upper()}"
    return LOCALES.get(language.lower(), f"{language.lower()}_{language.upper()}")


def meta_tags(share: Share) -> str:
    properties = [
        ("og:type", share.kind),
        ("og:site_name", share.site_name),
        ("og:title", share.title),
        ("og:description", share.description),
        ("og:url", share.url),
        ("og:locale", share.locale),
        ("og:image", share.image),
        ("og:image:type", "image/png"),
        ("og:image:width", str(WIDTH)),
        ("og:image:height", str(HEIGHT)),
        ("og:image:alt", share.image_alt),
    ]
    if share.published:
        properties.append(("article:published_time", share.published))
    names = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", share.title),
        ("twitter:description", share.description),
        ("twitter:image", share.image),
        ("twitter:image:alt", share.image_alt),
    ]
    lines = [
        f'<meta property="{key}" content="{html.escape(value, quote=True)}">'
        for key, value in properties
        if value
    ]
    lines += [
        f'<meta name="{key}" content="{html.escape(value, quote=True)}">'
        for key, value in names
        if value
    ]
    return "\n    ".join(lines)


def with_tags(page_html: str, tags: str) -> str:
    """The page with `tags` at the end of its head (unchanged if it has none)."""
    return _HEAD_END.sub(lambda end: f"  {tags}\n  {end.group(0)}", page_html, count=1)
