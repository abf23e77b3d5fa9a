"""Draw a preview card: 1200×630 pixels, the size every network shows large.

`layout(card)` places every line of text and every band; `draw(card)` paints that layout with
Pillow. The layout is the card's source: a test can read which text stands where and compare
those pixels with the same text drawn on its own, without any OCR.

Two designs:
- a guide page or blog post: the site's primary colour, the site name at the top, the section
  (or the post's date) above the title, the site's address at the bottom, an accent band;
- a deck: its title slide (title, subtitle, event lines) on white in the deck's colours, the
  site name on a band at the bottom.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from talk_kit.cards.theme import FONT_FILE, rgb

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
LINE_HEIGHT = 1.2  # of the font size
ELLIPSIS = "…"


@dataclass(frozen=True)
class Card:
    """Everything a card shows: equal cards are equal pictures (the cache's key)."""

    kind: str  # "page" or "deck"
    title: str
    eyebrow: str  # the section or the post's date; for a deck its event
    site_name: str
    address: str  # the site's address, short (`example.org/guide`)
    colours: tuple[str, ...]  # page: background, text, accent; deck: ink, muted, blue, orange
    lines: tuple[str, ...] = ()  # a deck's title slide below its title


@dataclass(frozen=True)
class Text:
    """One line of text: its top left corner (at the font's ascender), size and weight."""

    text: str
    x: int
    y: int
    size: int
    bold: bool
    colour: str

    def box(self) -> tuple[int, int, int, int]:
        """The pixels this line may cover: left, top, right, bottom."""
        width = round(font(self.size, self.bold).getlength(self.text))
        return self.x, self.y, self.x + width, self.y + round(self.size * LINE_HEIGHT)


@dataclass(frozen=True)
class Band:
    left: int
    top: int
    right: int
    bottom: int
    colour: str


@dataclass
class Layout:
    background: str
    texts: list[Text] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    face = ImageFont.truetype(str(FONT_FILE), size)
    face.set_variation_by_name("Bold" if bold else "Regular")
    return face


@cache
def _glyph(character: str) -> bytes:
    image = Image.new("L", (64, 64))
    ImageDraw.Draw(image).text((8, 8), character, font=font(40), fill=255)
    return image.tobytes()


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` the font draws as its box for a missing glyph."""
    tofu = _glyph("\ue000")  # a private-use character: no font has a glyph for it
    return sorted({c for c in text if not c.isspace() and _glyph(c) == tofu})


def width_of(text: str, size: int, bold: bool) -> float:
    return font(size, bold).getlength(text)


def _words(text: str) -> list[str]:
    """Words, and the parts of hyphenated compounds after their hyphens, for breaking."""
    pieces: list[str] = []
    for word in text.split():
        parts = word.split("-")
        pieces += [f"{part}-" for part in parts[:-1]] + [parts[-1]]
        pieces[-1] += " "
    return [piece for piece in pieces if piece.strip()]


def wrap(text: str, size: int, bold: bool, width: int) -> list[str]:
    """Lines of at most `width` pixels, broken at spaces or after hyphens, greedily.

    A single word wider than `width` gets a line of its own (and does not fit: see `fit`).
    """
    lines: list[str] = []
    current = ""
    for piece in _words(text):
        candidate = current + piece
        if current and width_of(candidate.rstrip(), size, bold) > width:
            lines.append(current.rstrip())
            current = piece
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


def shortened(text: str, size: int, bold: bool, width: int, cut: bool = False) -> str:
    """`text`, cut at a word and ended with `…` if it is wider than `width` (or if `cut`)."""
    if not cut and width_of(text, size, bold) <= width:
        return text
    words = text.split()
    while words:
        candidate = " ".join(words).rstrip(",;:–-·") + ELLIPSIS
        if width_of(candidate, size, bold) <= width:
            return candidate
        words.pop()
    while text and width_of(text + ELLIPSIS, size, bold) > width:  # one very long word
        text = text[:-1]
    return text + ELLIPSIS


def fit(
    text: str, sizes: range, bold: bool, width: int, height: int, max_lines: int
) -> tuple[int, list[str]]:
    """The largest size at which `text` fits the box; else the smallest, its last line cut."""
    for size in sizes:
        lines = wrap(text, size, bold, width)
        tall = len(lines) * size * LINE_HEIGHT
        wide = all(width_of(line, size, bold) <= width for line in lines)
        if len(lines) <= max_lines and tall <= height and wide:
            return size, lines
    size = sizes[-1]
    fitting = max(1, min(max_lines, int(height // (size * LINE_HEIGHT))))
    lines = wrap(text, size, bold, width)
    kept = [shortened(line, size, bold, width) for line in lines[:fitting]]
    if len(lines) > fitting:
        kept[-1] = shortened(lines[fitting - 1], size, bold, width, cut=True)
    return size, kept


def page_layout(card: Card) -> Layout:
    background, text, accent = card.colours
    layout = Layout(background)
    inner = WIDTH - 2 * MARGIN
    site = shortened(card.site_name, 30, True, inner)
    layout.texts.append(Text(site, MARGIN, 56, 30, True, text))
    layout.bands.append(Band(MARGIN, 108, MARGIN + 96, 114, accent))
    top = 146
    if card.eyebrow:
        eyebrow = shortened(card.eyebrow, 32, False, inner)
        layout.texts.append(Text(eyebrow, MARGIN, top, 32, False, text))
        top += 58
    size, lines = fit(card.title, range(76, 43, -4), True, inner, 520 - top, 5)
    for number, line in enumerate(lines):
        y = top + round(number * size * LINE_HEIGHT)
        layout.texts.append(Text(line, MARGIN, y, size, True, text))
    if card.address:
        address = shortened(card.address, 26, False, inner)
        layout.texts.append(Text(address, MARGIN, 546, 26, False, text))
    layout.bands.append(Band(0, HEIGHT - 18, WIDTH, HEIGHT, accent))
    return layout


def deck_layout(card: Card) -> Layout:
    """The title slide, centred as the deck shows it, above a band with the site name."""
    ink, muted, blue, orange = card.colours
    layout = Layout("#ffffff")
    inner = WIDTH - 2 * MARGIN
    size, title_lines = fit(card.title, range(68, 39, -4), True, inner, 250, 3)
    block: list[tuple[str, int, bool, str, int]] = [
        (line, size, True, blue, round(size * LINE_HEIGHT)) for line in title_lines
    ]
    for number, line in enumerate(card.lines[:4]):
        line_size, colour = (32, ink) if number == 0 else (26, muted)
        text = shortened(line, line_size, False, inner)
        gap = 18 if number == 0 else 4
        block.append((text, line_size, False, colour, round(line_size * LINE_HEIGHT) + gap))
    total = sum(step for *_, step in block)
    y = max(40, (520 - total) // 2)
    for text, line_size, bold, colour, step in block:
        x = (WIDTH - round(width_of(text, line_size, bold))) // 2
        gap = step - round(line_size * LINE_HEIGHT)
        layout.texts.append(Text(text, x, y + gap, line_size, bold, colour))
        y += step
    layout.bands.append(Band(0, 546, WIDTH, HEIGHT, blue))
    layout.bands.append(Band(0, 540, WIDTH, 546, orange))
    site = shortened(card.site_name, 28, True, inner // 2)
    layout.texts.append(Text(site, MARGIN, 572, 28, True, "#ffffff"))
    if card.eyebrow:
        eyebrow = shortened(card.eyebrow, 26, False, inner // 2)
        x = WIDTH - MARGIN - round(width_of(eyebrow, 26, False))
        layout.texts.append(Text(eyebrow, x, 574, 26, False, "#ffffff"))
    return layout


def layout(card: Card) -> Layout:
    return deck_layout(card) if card.kind == "deck" else page_layout(card)


def draw_text(image: Image.Image, text: Text) -> None:
    ImageDraw.Draw(image).text(
        (text.x, text.y),
        text.text,
        font=font(text.size, text.bold),
        fill=rgb(text.colour),
        anchor="la",
    )


def draw(card: Card) -> Image.Image:
    placed = layout(card)
    image = Image.new("RGB", (WIDTH, HEIGHT), rgb(placed.background))
    painter = ImageDraw.Draw(image)
    for band in placed.bands:
        painter.rectangle((band.left, band.top, band.right - 1, band.bottom - 1), rgb(band.colour))
    for text in placed.texts:
        draw_text(image, text)
    return image


def png(card: Card) -> bytes:
    buffer = io.BytesIO()
    draw(card).save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()
