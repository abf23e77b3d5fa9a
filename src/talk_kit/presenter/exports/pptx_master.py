"""The PowerPoint export's 16:9 slide master: the deck's colours and font, ready to restyle.

python-pptx's template is 4:3 with Office's colours. Here it becomes the deck's canvas
(1280×720 CSS pixels are 13⅓×7½ inches at 96 per inch, so a deck's pixel sizes carry over)
with five layouts (title slide, title and content, section, title only, blank). Everything
an organiser may want to restyle lives in the master, not on the slides:

- the theme's colours: text (dk1), blue (dk2, accent 1, links), orange (accent 2: bullets and
  rules), muted grey (accent 3), a light tint for code (lt2);
- the theme's fonts: Arial for headings and text (the deck's Arial-metric font);
- the text styles: titles blue, bold, left; bullets orange; sizes as the deck's (34 px text is
  25.5 pt), and the orange rule under each title, as in the deck.

Changing a theme colour or font in PowerPoint (Design → Variants) restyles every slide.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout
from pptx.util import Emu

from talk_kit.cards.theme import FONT_NAME, DeckColours

EMU_PER_PX = 9525  # 1 CSS pixel at 96 per inch
CANVAS = (1280, 720)  # the deck's canvas (talk_kit.decks.pages.REVEAL_OPTIONS)
MARGIN = 56
CONTENT_WIDTH = CANVAS[0] - 2 * MARGIN
TITLE_BOX = (MARGIN, 24, CONTENT_WIDTH, 110)
RULE_Y = 142
BODY_BOX = (MARGIN, 160, CONTENT_WIDTH, 520)
BODY_BOTTOM = BODY_BOX[1] + BODY_BOX[3]

# Layouts kept from python-pptx's template, by name, and what the export calls them.
TITLE_SLIDE, CONTENT, SECTION, TITLE_ONLY, BLANK = (
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Title Only",
    "Blank",
)
KEPT = (TITLE_SLIDE, CONTENT, SECTION, TITLE_ONLY, BLANK)

# Text sizes in points: the deck theme's pixel sizes × 0.75.
TITLE_PT = 36  # h2, 48 px
BODY_PT = (25.5, 22, 20, 18, 18)  # list levels; 34 px text
TITLE_SLIDE_PT = 54  # 72 px
SECTION_PT = 48  # 64 px
SUBTITLE_PT = 27  # 36 px
LINE_PT = 22.5  # the title and section slides' lines, 30 px
SMALL_PT = 16.5  # <small>, 22 px
GUIDE_PT = 19.5  # the link into the guide, 26 px
CODE_PT = 14
TABLE_PT = 20  # the deck sets tables in its text size; a little smaller fits more rows
MUTED_BRIGHTNESS = 0.15  # text colour lightened 15 %: the deck's muted grey on its ink


def px(value: float) -> Emu:
    return Emu(round(value * EMU_PER_PX))


def pt100(points: float) -> str:
    """A font size as OOXML writes it, in hundredths of a point."""
    return str(round(points * 100))


def mix(colour: str, other: str, share: float) -> str:
    """`share` of `other` mixed into `colour` (both `#rrggbb`), as `RRGGBB`."""
    channels = [
        round(int(colour[i : i + 2], 16) * (1 - share) + int(other[i : i + 2], 16) * share)
        for i in (1, 3, 5)
    ]
    return "".join(f"{channel:02X}" for channel in channels)


def theme_colours(colours: DeckColours) -> dict[str, str]:
    plain = {name: value.lstrip("#").upper() for name, value in vars(colours).items()}
    return {
        "dk1": plain["ink"],
        "lt1": plain["background"],
        "dk2": plain["blue"],
        "lt2": mix(colours.blue, "#ffffff", 0.94),
        "accent1": plain["blue"],
        "accent2": plain["orange"],
        "accent3": plain["muted"],
        "accent4": mix(colours.blue, "#000000", 0.35),
        "accent5": mix(colours.blue, "#ffffff", 0.5),
        "accent6": mix(colours.orange, "#ffffff", 0.5),
        "hlink": plain["blue"],
        "folHlink": mix(colours.blue, "#000000", 0.35),
    }


def _restyle_theme(presentation: PresentationType, colours: DeckColours, name: str) -> None:
    part = presentation.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    theme.set("name", name)
    scheme = theme.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    scheme.set("name", name)
    for slot, value in theme_colours(colours).items():
        holder = scheme.find(qn(f"a:{slot}"))
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, qn("a:srgbClr"), val=value)
    fonts = theme.find(f"{qn('a:themeElements')}/{qn('a:fontScheme')}")
    fonts.set("name", FONT_NAME)
    for kind in ("a:majorFont", "a:minorFont"):
        fonts.find(f"{qn(kind)}/{qn('a:latin')}").set("typeface", FONT_NAME)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def _place(shape: object, box: tuple[float, float, float, float]) -> None:
    left, top, width, height = box
    shape.left, shape.top, shape.width, shape.height = px(left), px(top), px(width), px(height)  # type: ignore[attr-defined]


def _level_style(level: int, points: float, **options: str) -> str:
    """One `a:lvlNpPr` of a text style, in the theme's colours and fonts."""
    bullet = options.get("bullet")
    align = options.get("align", "l")
    colour = options.get("colour", '<a:schemeClr val="tx1"/>')
    bold = ' b="1"' if options.get("bold") else ""
    if bullet:
        margin = 36 + 40 * level
        marks = (
            f'<a:buClr><a:schemeClr val="accent2"/></a:buClr><a:buFont typeface="Arial"/>'
            f'<a:buChar char="{bullet}"/>'
        )
        indent = f' marL="{px(margin)}" indent="{-px(30)}"'
    else:
        marks, indent = "<a:buNone/>", ' marL="0" indent="0"'
    spacing = options.get("before", "900")
    return (
        f'<a:lvl{level + 1}pPr{indent} algn="{align}">'
        '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{spacing}"/></a:spcBef>{marks}'
        f'<a:defRPr sz="{pt100(points)}"{bold}><a:solidFill>{colour}</a:solidFill>'
        "</a:defRPr>"
        f"</a:lvl{level + 1}pPr>"
    )


MUTED = '<a:schemeClr val="tx1"><a:lumMod val="85000"/><a:lumOff val="15000"/></a:schemeClr>'
BLUE = '<a:schemeClr val="tx2"/>'


def _restyle_master(presentation: PresentationType) -> None:
    master = presentation.slide_master
    styles = master._element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle"))
    title_level = title.find(qn("a:lvl1pPr"))
    title_level.set("algn", "l")
    run = title_level.find(qn("a:defRPr"))
    run.set("sz", pt100(TITLE_PT))
    run.set("b", "1")
    run.find(f"{qn('a:solidFill')}/{qn('a:schemeClr')}").set("val", "tx2")
    body = styles.find(qn("p:bodyStyle"))
    bullets = ("•", "–", "•", "–", "•")
    for level in range(9):
        old = body.find(qn(f"a:lvl{level + 1}pPr"))
        points = BODY_PT[min(level, len(BODY_PT) - 1)]
        new = parse_xml(
            f"<a:root {nsdecls('a')}>"
            + _level_style(level, points, bullet=bullets[level % len(bullets)])
            + "</a:root>"
        )[0]
        fonts = old.find(qn("a:defRPr"))
        for font in fonts.findall("*"):
            if font.tag in (qn("a:latin"), qn("a:ea"), qn("a:cs")):
                new.find(qn("a:defRPr")).append(deepcopy(font))
        body.replace(old, new)
    for shape in master.placeholders:
        kind = shape.placeholder_format.type
        name = str(kind).split(" ")[0]
        boxes = {
            "TITLE": TITLE_BOX,
            "BODY": BODY_BOX,
            "DATE": (MARGIN, 688, 300, 26),
            "FOOTER": (400, 688, 480, 26),
            "SLIDE_NUMBER": (CANVAS[0] - MARGIN - 300, 688, 300, 26),
        }
        if name in boxes:
            _place(shape, boxes[name])
        if name == "TITLE":
            shape.text_frame._bodyPr.set("anchor", "b")
        if name == "BODY":
            body_pr = shape.text_frame._bodyPr
            body_pr.set("anchor", "t")
            for fit in list(body_pr):
                body_pr.remove(fit)
            etree.SubElement(body_pr, qn("a:normAutofit"))


def _list_style(shape: object, *levels: str, anchor: str = "t") -> None:
    """Replace a layout placeholder's list style (`a:lstStyle`) and set its anchor."""
    frame = shape.text_frame  # type: ignore[attr-defined]
    frame._bodyPr.set("anchor", anchor)
    body = frame._txBody
    old = body.find(qn("a:lstStyle"))
    new = parse_xml(f"<a:lstStyle {nsdecls('a')}>{''.join(levels)}</a:lstStyle>")
    body.replace(old, new)


def _rule(layout: SlideLayout, left: float, right: float, y: float) -> None:
    """An orange rule (accent 2) on a layout, as under the deck's headings."""
    tree = layout.shapes._spTree
    ids = [int(node.get("id")) for node in tree.iter(qn("p:cNvPr")) if node.get("id", "").isdigit()]
    rule = parse_xml(
        f'<p:cxnSp {nsdecls("p", "a")}><p:nvCxnSpPr><p:cNvPr id="{max(ids, default=1) + 1}" '
        'name="Linie unter dem Titel"/><p:cNvCxnSpPr/><p:nvPr userDrawn="1"/></p:nvCxnSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{px(left)}" y="{px(y)}"/><a:ext cx="{px(right - left)}" '
        'cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{px(4)}"><a:solidFill><a:schemeClr val="accent2"/></a:solidFill></a:ln>'
        "</p:spPr></p:cxnSp>"
    )
    tree.append(rule)


def _restyle_layouts(presentation: PresentationType) -> None:
    layouts = {layout.name: layout for layout in presentation.slide_layouts}
    for name, layout in layouts.items():
        if name not in KEPT:
            presentation.slide_layouts.remove(layout)
    for name in (CONTENT, TITLE_ONLY):
        _rule(layouts[name], MARGIN, CANVAS[0] - MARGIN, RULE_Y)
    _centred(
        layouts[TITLE_SLIDE], ("CENTER_TITLE", (130, 220), TITLE_SLIDE_PT), ("SUBTITLE", 372, 300)
    )
    _centred(layouts[SECTION], ("TITLE", (170, 200), SECTION_PT), ("BODY", 404, 240))
    _rule(layouts[SECTION], CANVAS[0] / 2 - 160, CANVAS[0] / 2 + 160, 386)


def _centred(
    layout: Any, title: tuple[str, tuple[int, int], float], line: tuple[str, int, int]
) -> None:
    """A layout with a centred title (kind, top and height, size) and a line below it."""
    title_kind, (top, height), size = title
    line_kind, line_top, line_height = line
    for shape in layout.placeholders:
        kind = str(shape.placeholder_format.type)
        if kind.startswith(title_kind):
            _place(shape, (MARGIN, top, CONTENT_WIDTH, height))
            style = _level_style(0, size, align="ctr", bold="1", colour=BLUE, before="0")
            _list_style(shape, style, anchor="b")
        elif kind.startswith(line_kind):
            _place(shape, (MARGIN, line_top, CONTENT_WIDTH, line_height))
            _list_style(shape, _level_style(0, LINE_PT, align="ctr", colour=MUTED, before="600"))


def styled_presentation(colours: DeckColours, name: str) -> PresentationType:
    """A new 16:9 presentation whose master carries the deck's look (`name`: the theme's)."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = px(CANVAS[0]), px(CANVAS[1])
    _restyle_theme(presentation, colours, name)
    _restyle_master(presentation)
    _restyle_layouts(presentation)
    return presentation


def layout_named(presentation: PresentationType, name: str) -> SlideLayout:
    found = presentation.slide_layouts.get_by_name(name)
    if found is None:
        raise KeyError(name)
    return found
