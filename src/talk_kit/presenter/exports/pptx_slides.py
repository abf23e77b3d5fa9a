"""A built deck page read as slides: the content the PowerPoint export puts on each.

The source is the rendered HTML of the deck page (lxml's HTML parser), the same slides the
audience sees: links already rewritten to URLs, abbreviations, the QR code on the closing
slide. Each `<section>` is one slide, the sections of a vertical stack one each, in order.
What a slide holds becomes blocks the export can place:

- `TextBlock`: paragraphs with their list level and kind (bullet, number, text, small print,
  the link into the guide, a heading or quote inside the slide), made of runs (bold, italic,
  code, a link);
- `Picture`: an image (`<img>`, or an inline `<svg>` such as the QR code) with its alt text;
- `Table`: rows of cells, the header rows counted;
- `Code`: the lines of a code block.

Build-up steps (`class="fragment"`) are content like any other: the export shows them complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree, html

LIST_TAGS = ("ul", "ol")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SKIPPED = ("script", "style", "template", "noscript", "button", "input")
_SPACE = re.compile(r"\s+")


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    line_break: bool = False  # a `<br>`: the run is a break, not text


@dataclass
class Paragraph:
    runs: list[Run]
    kind: str = "text"  # bullet, number, text, small, guide, heading, quote
    level: int = 0
    align: str | None = None  # "ctr", "r" (tables)

    @property
    def text(self) -> str:
        return "".join("\n" if run.line_break else run.text for run in self.runs)


@dataclass
class TextBlock:
    paragraphs: list[Paragraph]


@dataclass
class Picture:
    source: str  # the `src` as written, relative to the page; "" for inline SVG
    alt: str
    svg: str | None = None  # inline SVG markup
    caption: str = ""
    width: float | None = None  # CSS pixels, if the page sets one
    corner: bool = False  # placed at the slide's bottom right (the closing QR code)

    @property
    def name(self) -> str:
        return self.source.rsplit("/", 1)[-1] if self.source else "QR-Code"


@dataclass
class Table:
    rows: list[list[list[Paragraph]]]  # row -> cell -> paragraphs
    header_rows: int = 0


@dataclass
class Code:
    lines: list[str]


Block = TextBlock | Picture | Table | Code


@dataclass
class SlideContent:
    number: int  # 0-based, in the deck's order
    slide_id: str | None
    classes: tuple[str, ...]
    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if "title" in self.classes or (self.number == 0 and not self.classes):
            return "title"
        return "section" if "section" in self.classes else "content"


def classes(element: etree._Element) -> tuple[str, ...]:
    return tuple((element.get("class") or "").split())


def squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def text_of(element: etree._Element) -> str:
    """The visible text of an element, whitespace collapsed, speaker notes left out."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            hidden = child.tag in SKIPPED or (child.tag == "aside" and "notes" in classes(child))
            if isinstance(child.tag, str) and not hidden:
                if child.tag == "br":
                    parts.append(" ")
                else:
                    walk(child)
            parts.append(child.tail or "")

    walk(element)
    return squash("".join(parts)).strip()


def runs_of(element: etree._Element, style: Run | None = None) -> list[Run]:
    """The inline runs of `element`'s content (without its tail), nested lists left out."""
    style = style or Run("")
    runs: list[Run] = []

    def add(text: str | None, current: Run) -> None:
        if text:
            runs.append(Run(squash(text), current.bold, current.italic, current.code, current.link))

    def walk(node: etree._Element, current: Run) -> None:
        add(node.text, current)
        for child in node:
            if not isinstance(child.tag, str) or child.tag in SKIPPED:
                add(child.tail, current)
                continue
            if child.tag in LIST_TAGS or child.tag in ("table", "pre", "img", "svg", "figure"):
                add(child.tail, current)
                continue
            if child.tag == "br":
                runs.append(Run("", line_break=True))
                add(child.tail, current)
                continue
            if child.tag == "aside" and "notes" in classes(child):
                add(child.tail, current)
                continue
            inner = Run(
                "",
                bold=current.bold or child.tag in ("strong", "b", "th"),
                italic=current.italic or child.tag in ("em", "i", "cite"),
                code=current.code or child.tag in ("code", "kbd", "samp"),
                link=child.get("href") if child.tag == "a" and child.get("href") else current.link,
            )
            walk(child, inner)
            add(child.tail, current)

    walk(element, style)
    return _trimmed(_merged(runs))


def _merged(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        previous = merged[-1] if merged else None
        same = previous is not None and not run.line_break and not previous.line_break
        if same and (previous.bold, previous.italic, previous.code, previous.link) == (
            run.bold,
            run.italic,
            run.code,
            run.link,
        ):
            previous.text = squash(previous.text + run.text)
        else:
            merged.append(run)
    return merged


def _trimmed(runs: list[Run]) -> list[Run]:
    """No space at the start or end of the paragraph or around line breaks."""
    for index, run in enumerate(runs):
        if run.line_break:
            continue
        if index == 0 or runs[index - 1].line_break:
            run.text = run.text.lstrip()
        if index == len(runs) - 1 or runs[index + 1].line_break:
            run.text = run.text.rstrip()
    return [run for run in runs if run.line_break or run.text]


def _list_paragraphs(element: etree._Element, level: int) -> Iterator[Paragraph]:
    kind = "number" if element.tag == "ol" else "bullet"
    for item in element:
        if item.tag != "li":
            continue
        runs = runs_of(item)
        if runs:
            yield Paragraph(runs, kind, level)
        for child in item:
            if child.tag in LIST_TAGS:
                yield from _list_paragraphs(child, level + 1)


def _picture(element: etree._Element, caption: str = "", corner: bool = False) -> Picture | None:
    if element.tag == "img" and element.get("src"):
        width = _css_width(element.get("style") or "") or _number(element.get("width"))
        return Picture(element.get("src") or "", element.get("alt") or "", None, caption, width)
    svg = element if element.tag == "svg" else next(element.iter("svg"), None)
    if svg is not None:
        holder = svg.getparent()
        alt = (holder.get("aria-label") if holder is not None else None) or ""
        markup = etree.tostring(svg, method="html", encoding="unicode", with_tail=False)
        return Picture("", alt or svg.get("aria-label") or "", markup, caption, None, corner)
    image = next(element.iter("img"), None)
    return _picture(image, caption, corner) if image is not None else None


def _css_width(style: str) -> float | None:
    found = re.search(r"(?:^|;)\s*width\s*:\s*([\d.]+)px", style)
    return float(found.group(1)) if found else None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _table(element: etree._Element) -> Table:
    rows: list[list[list[Paragraph]]] = []
    header_rows = 0
    for row in element.iter("tr"):
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        if cells and all(cell.tag == "th" for cell in cells) and len(rows) == header_rows:
            header_rows += 1
        rows.append(
            [
                [Paragraph(runs_of(cell), "text", 0, _alignment(cell))] if runs_of(cell) else []
                for cell in cells
            ]
        )
    return Table(rows, header_rows)


def _alignment(cell: etree._Element) -> str | None:
    style = (cell.get("style") or "") + " " + (cell.get("align") or "")
    if "center" in style:
        return "ctr"
    if "right" in style:
        return "r"
    return None


def _paragraph_kind(element: etree._Element) -> str:
    children = [child for child in element if isinstance(child.tag, str)]
    loose = (element.text or "").strip() == "" and all(
        not (child.tail or "").strip() for child in children
    )
    if loose and len(children) == 1:
        only = children[0]
        if only.tag == "small":
            return "small"
        if only.tag == "a" and "leitfaden" in classes(only):
            return "guide"
    return "text"


def blocks_of(container: etree._Element) -> list[Block]:
    """The blocks of a slide's (or a container's) children, in order, headings included."""
    blocks: list[Block] = []

    def text(paragraph: Paragraph) -> None:
        if blocks and isinstance(blocks[-1], TextBlock):
            blocks[-1].paragraphs.append(paragraph)
        else:
            blocks.append(TextBlock([paragraph]))

    for child in container:
        if not isinstance(child.tag, str) or child.tag in SKIPPED:
            continue
        tag = child.tag
        if tag == "aside" and "notes" in classes(child):
            continue
        if tag in HEADINGS:
            runs = runs_of(child)
            if runs:
                text(Paragraph(runs, "heading", int(tag[1])))
        elif tag in LIST_TAGS:
            for paragraph in _list_paragraphs(child, 0):
                text(paragraph)
        elif tag == "p":
            pictures = [p for p in (_picture(img) for img in child.iter("img")) if p]
            blocks.extend(pictures)
            runs = runs_of(child)
            if runs:
                kind = _paragraph_kind(child)
                if "admonition-title" in classes(child):
                    kind = "heading"
                text(Paragraph(runs, kind))
        elif tag in ("img", "svg"):
            picture = _picture(child)
            if picture:
                blocks.append(picture)
        elif tag == "figure":
            caption = next(child.iter("figcaption"), None)
            style = child.get("style") or ""
            corner = "position:absolute" in style.replace(" ", "")
            picture = _picture(child, text_of(caption) if caption is not None else "", corner)
            if picture and picture.width is None:
                picture.width = _css_width(style)
            if picture:
                blocks.append(picture)
        elif tag == "table":
            blocks.append(_table(child))
        elif tag == "pre" or (tag == "div" and "highlight" in classes(child)):
            code = child if tag == "pre" else next(child.iter("pre"), child)
            lines = "".join(code.itertext()).rstrip("\n").split("\n")
            blocks.append(Code(lines))
        elif tag == "blockquote":
            for inner in blocks_of(child):
                if isinstance(inner, TextBlock):
                    for paragraph in inner.paragraphs:
                        paragraph.kind = "quote" if paragraph.kind == "text" else paragraph.kind
                        text(paragraph)
                else:
                    blocks.append(inner)
        elif tag == "dl":
            for item in child:
                runs = runs_of(item)
                if item.tag == "dt" and runs:
                    for run in runs:
                        run.bold = True
                    text(Paragraph(runs, "text"))
                elif item.tag == "dd" and runs:
                    text(Paragraph(runs, "text", 1))
        elif tag in ("div", "details", "section", "summary", "header", "footer", "main"):
            for inner in blocks_of(child) if tag != "summary" else []:
                if isinstance(inner, TextBlock):
                    for paragraph in inner.paragraphs:
                        text(paragraph)
                else:
                    blocks.append(inner)
            if tag == "summary" and runs_of(child):
                text(Paragraph(runs_of(child), "heading"))
        elif tag != "hr":
            runs = runs_of(child)
            if runs:
                text(Paragraph(runs, "text"))
    return blocks


def _notes(section: etree._Element) -> list[str]:
    aside = next((a for a in section if a.tag == "aside" and "notes" in classes(a)), None)
    if aside is None:
        return []
    notes: list[str] = []
    for child in aside:
        if not isinstance(child.tag, str):
            continue
        if child.tag in LIST_TAGS:
            notes += [f"• {text_of(item)}" for item in child if item.tag == "li"]
        elif text_of(child):
            notes.append(text_of(child))
    loose = squash(aside.text or "").strip()
    return ([loose] if loose else []) + notes


def _slide(section: etree._Element, number: int) -> SlideContent:
    """A slide; its title is its first heading of level 1 to 3, as in the deck model."""
    blocks = blocks_of(section)
    title = ""
    for block in blocks:
        if not isinstance(block, TextBlock):
            continue
        heading = next((p for p in block.paragraphs if p.kind == "heading" and p.level <= 3), None)
        if heading is not None:
            block.paragraphs.remove(heading)
            title = squash(heading.text.replace("\n", " ")).strip()
            break
    blocks = [b for b in blocks if not isinstance(b, TextBlock) or b.paragraphs]
    return SlideContent(number, section.get("id"), classes(section), title, blocks, _notes(section))


def deck_sections(page_html: str) -> list[etree._Element]:
    """The deck's slides in order: top-level sections, a vertical stack's sections each."""
    document = html.fromstring(page_html)
    holder = next(
        (div for div in document.iter("div") if "slides" in classes(div)),
        None,
    )
    if holder is None:
        return []
    sections: list[etree._Element] = []
    for section in holder:
        if section.tag != "section":
            continue
        stacked = [child for child in section if child.tag == "section"]
        sections += stacked or [section]
    return sections


def read_slides(page_html: str) -> list[SlideContent]:
    return [_slide(section, number) for number, section in enumerate(deck_sections(page_html))]
