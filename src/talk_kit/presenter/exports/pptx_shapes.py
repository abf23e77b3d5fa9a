"""Put one slide's blocks on a PowerPoint slide: text, pictures, tables and code.

Text goes into the layout's placeholders where it can (the title into the title placeholder,
the first text of a slide into the body placeholder), so the master's styles apply and an
organiser restyles it there; bullets keep their levels. A slide with pictures, tables or code
is laid out from top to bottom like the deck: each block gets the height its content needs
(text measured with Arimo, which has Arial's metrics), a picture the room that is left, at
most the deck's 470 px. Sizes are the deck's CSS pixels (1 px = 9525 EMU).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.slide import Slide
from pptx.util import Pt

from talk_kit.cards.render import width_of
from talk_kit.cards.theme import MONO_FONT_NAME
from talk_kit.presenter.exports import pptx_master as master
from talk_kit.presenter.exports.pptx_slides import (
    Block,
    Code,
    Paragraph,
    Picture,
    Run,
    SlideContent,
    Table,
    TextBlock,
)
from talk_kit.presenter.exports.pptx_text import (
    INSET_X,
    INSET_Y,
    LINE,
    Context,
    add_textbox,
    fill,
    set_language,
    text_height,
)

GAP = 12  # between blocks, px
MAX_PICTURE_HEIGHT = 470  # the deck theme's `max-height` for images
MIN_PICTURE_HEIGHT = 120
SVG_BLIP = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NAMESPACE = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def _geometry(shape: object, box: tuple[float, float, float, float]) -> None:
    master._place(shape, box)


def picture_box(
    natural: tuple[float, float], max_width: float, max_height: float
) -> tuple[float, float]:
    width, height = natural
    scale = min(1.0, max_width / width, max_height / height) if width and height else 1.0
    return width * scale, height * scale


def add_picture(
    slide: Slide, picture: Picture, box: tuple[float, float, float, float], context: Context
) -> None:
    left, top, width, height = box
    pixels = context.pictures.png(
        picture, round(width * context.scale), round(height * context.scale)
    )
    shape = slide.shapes.add_picture(
        io.BytesIO(pixels), master.px(left), master.px(top), master.px(width), master.px(height)
    )
    shape.name = picture.name
    shape._element.nvPicPr.cNvPr.set("descr", picture.alt)
    svg = context.pictures.svg(picture)
    if svg is not None:
        _keep_svg(slide, shape, svg)


def _keep_svg(slide: Slide, shape: object, svg: bytes) -> None:
    """Keep the vector original beside the PNG: Office 2016 and later show the SVG, older
    readers and LibreOffice the PNG (`asvg:svgBlip`, the way PowerPoint itself stores SVG)."""
    package = slide.part.package
    partname = package.next_partname("/ppt/media/image%d.svg")
    part = Part(partname, "image/svg+xml", package, svg)
    relation = slide.part.relate_to(part, RT.IMAGE)
    blip = shape._element.blipFill.find(qn("a:blip"))  # type: ignore[attr-defined]
    extensions = parse_xml(
        f'<a:extLst {nsdecls("a", "r")}><a:ext uri="{SVG_BLIP}">'
        f'<asvg:svgBlip xmlns:asvg="{SVG_NAMESPACE}" r:embed="{relation}"/></a:ext></a:extLst>'
    )
    blip.append(extensions)


def table_height(table: Table, widths: list[float]) -> list[float]:
    heights = []
    for row in table.rows:
        cells = [
            text_height(cell, widths[i] if i < len(widths) else widths[-1], master.TABLE_PT)
            for i, cell in enumerate(row)
        ]
        heights.append(max([master.TABLE_PT * 4 / 3 * LINE + 2 * INSET_Y, *cells]))
    return heights


def column_widths(table: Table, total: float) -> list[float]:
    columns = max((len(row) for row in table.rows), default=1)
    longest = [1.0] * columns
    for row in table.rows:
        for index, cell in enumerate(row):
            length = sum(len(paragraph.text) for paragraph in cell)
            longest[index] = max(longest[index], min(length, 60))
    weight = sum(longest)
    return [total * share / weight for share in longest]


def add_table(
    slide: Slide, table: Table, left: float, top: float, width: float, context: Context
) -> float:
    widths = column_widths(table, width)
    heights = table_height(table, widths)
    columns = len(widths)
    shape = slide.shapes.add_table(
        len(table.rows),
        columns,
        master.px(left),
        master.px(top),
        master.px(width),
        master.px(sum(heights)),
    )
    grid = shape.table
    grid.first_row = table.header_rows > 0
    grid.horz_banding = True
    for index, column_width in enumerate(widths):
        grid.columns[index].width = master.px(column_width)
    for row_index, row in enumerate(table.rows):
        grid.rows[row_index].height = master.px(heights[row_index])
        for column_index in range(columns):
            cell = grid.cell(row_index, column_index)
            paragraphs = row[column_index] if column_index < len(row) else []
            cell.vertical_anchor = MSO_ANCHOR.TOP
            fill(cell.text_frame, paragraphs, context, placeholder=False, sizes=False)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(master.TABLE_PT)
                    if row_index < table.header_rows:
                        run.font.bold = True
    return sum(heights)


def code_height(code: Code) -> float:
    return len(code.lines) * master.CODE_PT * 4 / 3 * LINE + 2 * INSET_Y + 16


def add_code(
    slide: Slide, code: Code, box: tuple[float, float, float, float], context: Context
) -> None:
    left, top, width, height = box
    shape = slide.shapes.add_textbox(
        master.px(left), master.px(top), master.px(width), master.px(height)
    )
    shape.name = "Code"
    shape.fill.solid()
    shape.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
    frame = shape.text_frame
    frame.word_wrap = True
    for number, line in enumerate(code.lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line.replace("\t", "    ")
        run.font.name = MONO_FONT_NAME
        run.font.size = Pt(master.CODE_PT)
        run.font._rPr.set("lang", context.language)


def estimate(block: Block, context: Context) -> float:
    """The height a block takes in the flow (a picture: its natural height, capped)."""
    if isinstance(block, TextBlock):
        return text_height(block.paragraphs, master.CONTENT_WIDTH)
    if isinstance(block, Picture):
        natural = context.pictures.natural_size(block)
        box = picture_box(natural, master.CONTENT_WIDTH, MAX_PICTURE_HEIGHT)
        return box[1] + (28 if block.caption else 0)
    if isinstance(block, Table):
        return sum(table_height(block, column_widths(block, master.CONTENT_WIDTH)))
    return code_height(block)


def remove(shape: object) -> None:
    element = shape._element  # type: ignore[attr-defined]
    element.getparent().remove(element)


def body_placeholder(slide: Slide) -> object | None:
    return next((shape for shape in slide.placeholders if shape.placeholder_format.idx == 1), None)


def flow(slide: Slide, blocks: list[Block], context: Context) -> None:
    """Lay the blocks out from the top of the body area; the first text uses the body
    placeholder (moved to its place), later text gets text boxes."""
    body = body_placeholder(slide)
    if len(blocks) == 1 and isinstance(blocks[0], TextBlock) and body is not None:
        fill(body.text_frame, blocks[0].paragraphs, context, placeholder=True)  # type: ignore[attr-defined]
        return
    heights = [estimate(block, context) for block in blocks]
    y = float(master.BODY_BOX[1])
    left, width = master.MARGIN, master.CONTENT_WIDTH
    for index, block in enumerate(blocks):
        later = sum(heights[index + 1 :]) + GAP * (len(blocks) - index - 1)
        if isinstance(block, TextBlock):
            height = heights[index]
            if body is not None:
                _geometry(body, (left, y, width, height))
                fill(body.text_frame, block.paragraphs, context, placeholder=True)  # type: ignore[attr-defined]
                body = None
            else:
                add_textbox(slide, block.paragraphs, (left, y, width, height), context)
        elif isinstance(block, Picture):
            room = master.BODY_BOTTOM - y - later - (28 if block.caption else 0)
            limit = min(MAX_PICTURE_HEIGHT, max(room, MIN_PICTURE_HEIGHT))
            box_width, box_height = picture_box(context.pictures.natural_size(block), width, limit)
            if block.width:
                box_width, box_height = picture_box((box_width, box_height), block.width, limit)
            x = left + (width - box_width) / 2
            add_picture(slide, block, (x, y, box_width, box_height), context)
            height = box_height
            if block.caption:
                caption = [Paragraph([Run(block.caption)], "small")]
                add_textbox(
                    slide, caption, (left, y + box_height, width, 28), context, PP_ALIGN.CENTER
                )
                height += 28
        elif isinstance(block, Table):
            height = add_table(slide, block, left, y, width, context)
        else:
            height = heights[index]
            add_code(slide, block, (left, y, width, height), context)
        y += height + GAP
    if body is not None:
        remove(body)


def corner(slide: Slide, picture: Picture, context: Context) -> None:
    """A picture at the slide's bottom right, its caption below (the closing QR code)."""
    natural = context.pictures.natural_size(picture)
    box_width = picture.width or natural[0]
    box_height = box_width * natural[1] / natural[0] if natural[0] else box_width
    caption = 26 if picture.caption else 0
    right, bottom = master.CANVAS[0] - 24, master.CANVAS[1] - 16
    left, top = right - box_width, bottom - caption - box_height
    add_picture(slide, picture, (left, top, box_width, box_height), context)
    if picture.caption:
        lines = [Paragraph([Run(picture.caption)], "small")]
        wide = max(box_width, width_of(picture.caption, 18, False) + 2 * INSET_X + 8)
        centre = right - box_width / 2
        box = (min(centre - wide / 2, master.CANVAS[0] - 8 - wide), bottom - caption, wide, caption)
        add_textbox(slide, lines, box, context, PP_ALIGN.CENTER)
        # the caption of a QR code is set smaller than other small print, as on the slide
        for shape in list(slide.shapes)[-1:]:
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(13.5)


def fill_slide(slide: Slide, content: SlideContent, context: Context) -> None:
    """Title, blocks and notes of one slide."""
    if slide.shapes.title is not None:
        if content.title:
            slide.shapes.title.text = content.title
            set_language(slide.shapes.title.text_frame, context.language)
        else:
            remove(slide.shapes.title)
    corners = [b for b in content.blocks if isinstance(b, Picture) and b.corner]
    blocks = [b for b in content.blocks if b not in corners]
    if content.kind in ("title", "section") and all(isinstance(b, TextBlock) for b in blocks):
        body = body_placeholder(slide)
        paragraphs = [p for block in blocks for p in block.paragraphs]  # type: ignore[union-attr]
        if body is not None and paragraphs:
            fill(body.text_frame, paragraphs, context, placeholder=True)  # type: ignore[attr-defined]
            _title_slide_lines(body, paragraphs)
        elif body is not None:
            remove(body)
    else:
        flow(slide, blocks, context)
    for picture in corners:
        corner(slide, picture, context)
    if content.notes:
        frame = slide.notes_slide.notes_text_frame
        frame.text = "\n".join(content.notes)
        set_language(frame, context.language)
    if content.slide_id:
        slide._element.cSld.set("name", content.slide_id)


def _title_slide_lines(body: object, paragraphs: Sequence[Paragraph]) -> None:
    """The title slide's subtitle (its `h2`) larger and in the text colour, as in the deck;
    bold words (the speaker) in the text colour too."""
    frame = body.text_frame  # type: ignore[attr-defined]
    for written, paragraph in zip(frame.paragraphs, paragraphs, strict=False):
        for run in written.runs:
            if paragraph.kind == "heading":
                run.font.size = Pt(master.SUBTITLE_PT)
                run.font.bold = False
                run.font.color.theme_color = MSO_THEME_COLOR.TEXT_1
            elif run.font.bold:
                run.font.color.theme_color = MSO_THEME_COLOR.TEXT_1
