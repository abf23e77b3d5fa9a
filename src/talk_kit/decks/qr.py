"""The QR code on a deck's closing slide: from the room to the guide with one photo.

Made at build time as inline SVG (segno), so it is sharp on a projector and in the PDF and
needs no file, no network and no script. The address is also printed beside it in short
form, for those who type rather than scan.
"""

from __future__ import annotations

import html
import re

# Only web addresses: a QR code on a slide must not lead a phone anywhere else.
WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
FIGURE_STYLE = (
    "position:absolute;right:0;bottom:0;width:230px;margin:0;text-align:center;font-size:18px"
)


def short_address(url: str) -> str:
    """`https://example.github.io/guide/` → `example.github.io/guide`: what people type."""
    return re.sub(r"^https?://", "", url).rstrip("/")


def qr_figure(url: str) -> str:
    """A figure with the QR code of `url` (SVG) and its short address as caption."""
    import segno  # here: the checker imports this module and never draws a code

    code = segno.make(url, error="m")
    svg = code.svg_inline(omitsize=True, border=2, svgclass="deck-qr-code", lineclass=None)
    label = html.escape(f"QR-Code: {short_address(url)}", quote=True)
    caption = html.escape(short_address(url))
    return (
        f'<figure class="deck-qr" style="{FIGURE_STYLE}">'
        f'<div role="img" aria-label="{label}" style="background:#fff">{svg}</div>'
        f"<figcaption>{caption}</figcaption></figure>"
    )
