"""Text on PowerPoint slides: paragraphs with their kind, level, size and links.

In a placeholder, list items and plain text take the master's styles (restylable there); a
text box, small print, the link into the guide and headings inside a slide get their sizes
written out. Heights are estimated with Arimo, which has Arial's metrics, to lay out slides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Pt

from talk_kit.cards.render import wrap
from talk_kit.cards.theme import MONO_FONT_NAME
from talk_kit.presenter.exports import pptx_master as master
from talk_kit.presenter.exports.pptx_slides import Paragraph, Picture

LINE = 1.2  # line height of the font size at 100 % spacing
INSET_X, INSET_Y = 9.6, 4.8  # a text frame's default insets (0.1 and 0.05 inch)
ALIGN = {"ctr": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}


class Pictures(Protocol):
    """Where the export gets a picture's size and pixels (Chromium in `pptx.py`)."""

    def natural_size(self, picture: Picture) -> tuple[float, float]: ...

    def png(self, picture: Picture, width: int, height: int) -> bytes: ...

    def svg(self, picture: Picture) -> bytes | None: ...


@dataclass
class Context:
    pictures: Pictures
    link: Callable[[str], str]  # a link as written -> its absolute address
    language: str  # e.g. `de-DE`
    scale: float = 2.0  # picture pixels per CSS pixel: 2560 across a slide


def points(paragraph: Paragraph) -> float:
    """The size a paragraph is set in, in points (the deck's sizes, see pptx_master)."""
    if paragraph.kind == "small":
        return master.SMALL_PT
    if paragraph.kind == "guide":
        return master.GUIDE_PT
    if paragraph.kind == "heading":
        return 30.0
    if paragraph.kind in ("bullet", "number"):
        return master.BODY_PT[min(paragraph.level, len(master.BODY_PT) - 1)]
    return master.BODY_PT[0]


def indent(paragraph: Paragraph) -> float:
    if paragraph.kind in ("bullet", "number"):
        return 36 + 40 * paragraph.level
    return 36 if paragraph.kind == "quote" else 0


def text_height(paragraphs: Sequence[Paragraph], width: float, size: float | None = None) -> float:
    """The height the paragraphs take in a frame `width` px wide, in px."""
    total = 2 * INSET_Y
    for paragraph in paragraphs:
        size_px = (size or points(paragraph)) * 4 / 3
        room = max(40, int(width - 2 * INSET_X - indent(paragraph)))
        bold = paragraph.kind == "heading"
        lines = 0
        for part in paragraph.text.split("\n"):
            lines += max(1, len(wrap(part, round(size_px), bold, room)))
        total += lines * size_px * LINE + 12  # 9 pt before each paragraph
    return total


def _bullet_xml(paragraph: Paragraph, placeholder: bool) -> str:
    """The bullet of a paragraph: inherited in a placeholder, written out in a text box."""
    if paragraph.kind == "number":
        return '<a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod"/>'
    if paragraph.kind == "bullet":
        if placeholder:
            return ""
        char = "•" if paragraph.level % 2 == 0 else "–"
        return (
            '<a:buClr><a:schemeClr val="accent2"/></a:buClr><a:buFont typeface="Arial"/>'
            f'<a:buChar char="{char}"/>'
        )
    return "<a:buNone/>"


def _style(target: _Paragraph, paragraph: Paragraph, placeholder: bool) -> None:
    listed = paragraph.kind in ("bullet", "number")
    target.level = min(paragraph.level, 8) if listed else 0
    properties = target._p.get_or_add_pPr()
    if not (placeholder and paragraph.kind == "bullet"):
        margin = master.px(indent(paragraph))
        properties.set("marL", str(margin))
        properties.set("indent", str(-master.px(30) if listed else 0))
    spacing = parse_xml(f'<a:spcBef {nsdecls("a")}><a:spcPts val="900"/></a:spcBef>')
    properties.append(spacing)
    bullet = _bullet_xml(paragraph, placeholder)
    if bullet:
        for element in list(parse_xml(f"<a:root {nsdecls('a')}>{bullet}</a:root>")):
            properties.append(element)
    if paragraph.align in ALIGN:
        target.alignment = ALIGN[paragraph.align]


def fill(
    frame: TextFrame,
    paragraphs: Sequence[Paragraph],
    context: Context,
    placeholder: bool,
    sizes: bool | None = None,
) -> None:
    """Write `paragraphs` into `frame`. In a placeholder, list items and text take the
    master's sizes; small print, the guide link and headings, and everything in a text box
    (unless `sizes` is False: a table sets its own), get theirs."""
    frame.word_wrap = True
    explicit = (not placeholder) if sizes is None else sizes
    for number, paragraph in enumerate(paragraphs):
        target = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        _style(target, paragraph, placeholder)
        own_size = explicit or paragraph.kind in ("small", "guide", "heading")
        size = Pt(points(paragraph)) if own_size else None
        colour: object = None
        if paragraph.kind == "small":
            colour = "muted"
        elif paragraph.kind == "heading":
            colour = MSO_THEME_COLOR.TEXT_2
        if paragraph.kind == "guide":  # the deck draws this arrow before the guide link
            arrow = target.add_run()
            arrow.text = "→ "
            _run_style(arrow, context, size, bold=True, colour=MSO_THEME_COLOR.ACCENT_2)
        for run in paragraph.runs:
            if run.line_break:
                target.add_line_break()
                continue
            written = target.add_run()
            written.text = run.text
            _run_style(
                written,
                context,
                size,
                bold=run.bold or paragraph.kind == "heading",
                italic=run.italic or paragraph.kind == "quote",
                code=run.code,
                colour=colour,
            )
            if run.link:
                written.hyperlink.address = context.link(run.link)


def _run_style(
    run: object,
    context: Context,
    size: Pt | None,
    bold: bool = False,
    italic: bool = False,
    code: bool = False,
    colour: object = None,
) -> None:
    font = run.font  # type: ignore[attr-defined]
    if size is not None:
        font.size = size
    if bold:
        font.bold = True
    if italic:
        font.italic = True
    if code:
        font.name = MONO_FONT_NAME
    if colour == "muted":
        font.color.theme_color = MSO_THEME_COLOR.TEXT_1
        font.color.brightness = master.MUTED_BRIGHTNESS
    elif colour is not None:
        font.color.theme_color = colour
    font._rPr.set("lang", context.language)


def set_language(frame: TextFrame, language: str) -> None:
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font._rPr.set("lang", language)


def add_textbox(
    slide: Slide,
    paragraphs: Sequence[Paragraph],
    box: tuple[float, float, float, float],
    context: Context,
    align: PP_ALIGN | None = None,
) -> None:
    left, top, width, height = box
    shape = slide.shapes.add_textbox(
        master.px(left), master.px(top), master.px(width), master.px(height)
    )
    fill(shape.text_frame, paragraphs, context, placeholder=False)
    if align is not None:
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = align
