"""The PowerPoint export of a deck with everything a deck may hold, without a browser.

The deck below is rendered by the decks plugin's own converter and read back by the export;
pictures come from a stand-in that draws plain PNGs, so no Chromium is needed here (the real
deck, with Chromium's pictures, is test_pptx.py's).
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.shapes.picture import Picture as PicturePptx

from talk_kit.decks.model import parse_deck
from talk_kit.decks.render import SlideConverter, render_deck
from talk_kit.presenter.exports.output import ExportFailed
from talk_kit.presenter.exports.pptx import svg_size
from talk_kit.presenter.exports.pptx_build import build_presentation
from talk_kit.presenter.exports.pptx_slides import Picture, read_slides

PUBLISHED = "https://kammer.example/leitfaden/folien/probe/"
SVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
DECK = textwrap.dedent(
    """\
    ---
    title: Probe – „alles“ auf Folien
    subtitle: Ein Untertitel
    speaker: Erika Mustermann
    event: Probetag
    venue: Weingarten
    date: 2027-03-16
    ---

    <!-- .slide: class="title" -->

    # {{ title }}

    ## {{ subtitle }}

    **{{ speaker }}**

    {{ event }} · {{ venue }}

    Note:
    Begrüßung.

    ---

    ## Listen

    - Erste Ebene <!-- .element: class="fragment" -->
        - Zweite Ebene
            - Dritte Ebene
    - Mit [Link zum Leitfaden](../push-und-pull/) und **fett**

    Nummeriert:

    1. Eins
    2. Zwei

    Note:
    Notiz mit *Betonung*.

    Zweiter Absatz der Notiz.

    ----

    ## Unterfolie mit Tabelle

    | Plattform | Anteil |
    | --- | ---: |
    | Instagram | 40 % |
    | Facebook | 31 % |

    ----

    ## Unterfolie mit Code

    ```python
    def hallo():
        return "Grüße"
    ```

    ---

    <!-- .slide: class="section" -->

    # Abschnitt

    Ein Satz dazu.

    ---

    ## Ein Bild

    ![Schema: Push und Pull](img/push-pull.svg)

    [Leitfaden: Push und Pull](https://example.org/extern) <!-- .element: class="leitfaden" -->
    """
)


class StandIn:
    """Pictures without a browser: sizes from the SVG files, plain PNGs of the asked size."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int, int]] = []

    def natural_size(self, picture: Picture) -> tuple[float, float]:
        if picture.svg is not None:
            return svg_size(picture.svg)
        return svg_size((ROOT / "slides" / picture.source).read_text(encoding="utf-8"))

    def png(self, picture: Picture, width: int, height: int) -> bytes:
        self.asked.append((picture.name, width, height))
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), "#ffffff").save(buffer, "PNG")
        return buffer.getvalue()

    def svg(self, picture: Picture) -> bytes | None:
        return (ROOT / "slides" / picture.source).read_bytes() if picture.source else None


def deck_page(deck_file: Path) -> str:
    deck = parse_deck(deck_file, deck_file.parent)
    converter = SlideConverter(
        ["tables", "attr_list", "md_in_html", "pymdownx.highlight", "pymdownx.superfences"], {}
    )
    slides = render_deck(deck, converter, lambda text: text).html()
    return f'<html lang="de"><body><div class="reveal"><div class="slides">{slides}</div></div>'


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Presentation, StandIn, str]:
    folder = tmp_path_factory.mktemp("deck")
    deck_file = folder / "probe.md"
    deck_file.write_text(DECK, encoding="utf-8")
    page = deck_page(deck_file)
    pictures = StandIn()
    presentation = build_presentation(
        page, deck_file, pictures, lambda href: _join(href), "folien/probe/index.html"
    )
    buffer = io.BytesIO()
    presentation.save(buffer)
    buffer.seek(0)
    return Presentation(buffer), pictures, page


def _join(href: str) -> str:
    from urllib.parse import urljoin

    return urljoin(PUBLISHED, href)


def texts(slide: object) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]  # type: ignore[attr-defined]


def test_slide_size_and_one_slide_per_reveal_slide_vertical_ones_in_order(made) -> None:
    presentation, _, _ = made
    assert (presentation.slide_width, presentation.slide_height) == (12192000, 6858000)
    titles = [slide.shapes.title.text for slide in presentation.slides]
    assert titles == [
        "Probe – „alles“ auf Folien",
        "Listen",
        "Unterfolie mit Tabelle",
        "Unterfolie mit Code",
        "Abschnitt",
        "Ein Bild",
    ]
    layouts = [slide.slide_layout.name for slide in presentation.slides]
    assert layouts[0] == "Title Slide" and layouts[4] == "Section Header"
    assert layouts[1] == "Title and Content"


def test_the_title_slide_holds_its_lines_in_the_subtitle(made) -> None:
    presentation, _, _ = made
    subtitle = presentation.slides[0].placeholders[1].text_frame
    assert [p.text for p in subtitle.paragraphs] == [
        "Ein Untertitel",
        "Erika Mustermann",
        "Probetag · Weingarten",
    ]
    assert presentation.core_properties.author == "Erika Mustermann"
    assert presentation.core_properties.title == "Probe – „alles“ auf Folien · Probetag 2027"
    assert presentation.core_properties.language == "de-DE"


def test_bullets_are_text_with_their_levels_and_numbers(made) -> None:
    presentation, _, _ = made
    body = presentation.slides[1].placeholders[1].text_frame
    paragraphs = [(p.text, p.level) for p in body.paragraphs]
    assert paragraphs == [
        ("Erste Ebene", 0),
        ("Zweite Ebene", 1),
        ("Dritte Ebene", 2),
        ("Mit Link zum Leitfaden und fett", 0),
        ("Nummeriert:", 0),
        ("Eins", 0),
        ("Zwei", 0),
    ]
    numbered = [p._p.pPr.find(qn("a:buAutoNum")) is not None for p in body.paragraphs]
    assert numbered == [False, False, False, False, False, True, True]
    runs = {run.text: run for p in body.paragraphs for run in p.runs}
    assert runs["Link zum Leitfaden"].hyperlink.address == (
        "https://kammer.example/leitfaden/folien/push-und-pull/"
    )
    assert runs["fett"].font.bold is True
    assert all(run.font._rPr.get("lang") == "de-DE" for run in runs.values())


def test_notes_are_in_the_notes_pane(made) -> None:
    presentation, _, _ = made
    notes = presentation.slides[1].notes_slide.notes_text_frame.text
    assert notes == "Notiz mit Betonung.\nZweiter Absatz der Notiz."
    assert presentation.slides[0].notes_slide.notes_text_frame.text == "Begrüßung."
    assert not presentation.slides[2].has_notes_slide


def test_a_table_is_a_table(made) -> None:
    presentation, _, _ = made
    frame = next(shape for shape in presentation.slides[2].shapes if shape.has_table)
    table = frame.table
    cells = [[table.cell(r, c).text for c in range(2)] for r in range(3)]
    assert cells == [["Plattform", "Anteil"], ["Instagram", "40 %"], ["Facebook", "31 %"]]
    assert table.first_row is True
    assert table.cell(1, 1).text_frame.paragraphs[0].alignment == 3  # right, as in Markdown


def test_code_is_monospaced_text(made) -> None:
    presentation, _, _ = made
    box = next(shape for shape in presentation.slides[3].shapes if shape.name == "Code")
    lines = [p.text for p in box.text_frame.paragraphs]
    assert lines == ["def hallo():", '    return "Grüße"']
    assert {run.font.name for p in box.text_frame.paragraphs for run in p.runs} == {"Courier New"}


def test_a_picture_is_a_picture_with_its_alt_text_and_the_svg_kept(made) -> None:
    presentation, pictures, _ = made
    slide = presentation.slides[5]
    picture = next(shape for shape in slide.shapes if isinstance(shape, PicturePptx))
    assert picture.name == "push-pull.svg"
    assert picture._element.nvPicPr.cNvPr.get("descr") == "Schema: Push und Pull"
    assert picture.image.content_type == "image/png"
    ratio = picture.width / picture.height
    assert ratio == pytest.approx(1200 / 520, rel=0.01)
    _, width, _ = pictures.asked[0]
    assert width >= 2 * picture.width / 9525 - 1  # twice the deck's pixels
    blip = picture._element.blipFill.find(qn("a:blip"))
    svg_blip = blip.find(f".//{{{SVG}}}svgBlip")
    assert svg_blip is not None
    part = slide.part.related_part(svg_blip.get(qn("r:embed")))
    assert part.content_type == "image/svg+xml"
    assert part.blob == (ROOT / "slides" / "img" / "push-pull.svg").read_bytes()
    link = next(
        run
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for run in p.runs
        if run.text == "Leitfaden: Push und Pull"
    )
    assert link.hyperlink.address == "https://example.org/extern"
    below = [shape for shape in slide.shapes if shape.has_text_frame and shape.top > picture.top]
    assert below, "the link below the picture stays below it"


def test_the_master_carries_the_deck_colours_and_font(made) -> None:
    presentation, _, _ = made
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = presentation.slide_master.part.part_related_by(RT.THEME).blob.decode("utf-8")
    assert '<a:dk2><a:srgbClr val="1F3A93"/>' in theme  # the deck's blue
    assert '<a:accent2><a:srgbClr val="B23A0B"/>' in theme  # its orange
    assert theme.count('<a:latin typeface="Arial"/>') == 2
    names = [layout.name for layout in presentation.slide_layouts]
    assert names == ["Title Slide", "Title and Content", "Section Header", "Title Only", "Blank"]
    title = presentation.slides[1].shapes.title
    assert title._element.spPr.find(qn("a:xfrm")) is None  # placed by the master, restylable


def test_the_parser_reads_what_the_slides_show(made) -> None:
    _, _, page = made
    slides = read_slides(page)
    assert [slide.kind for slide in slides] == [
        "title",
        "content",
        "content",
        "content",
        "section",
        "content",
    ]


def test_a_page_that_does_not_match_its_deck_is_refused(tmp_path: Path) -> None:
    deck_file = tmp_path / "probe.md"
    deck_file.write_text(DECK, encoding="utf-8")
    extra = deck_page(deck_file).replace(
        "</div></div>", "<section><h2>Neu</h2></section></div></div>"
    )
    with pytest.raises(ExportFailed, match=r"^x: pptx: the page shows 7 slides, .* has 6"):
        build_presentation(extra, deck_file, StandIn(), _join, "x")


def test_the_decks_plugin_writes_and_links_only_the_chosen_exports(tmp_path: Path) -> None:
    from talk_kit.decks.config import DecksConfig
    from talk_kit.presenter.export import export_decks
    from talk_kit.presenter.exports import EXPORTS, export_paths
    from talk_kit.presenter.jobs import DeckJob

    assert list(export_paths("folien", "x")) == list(EXPORTS)
    assert export_paths("folien", "x", ["pptx", "folien"]) == {
        "folien": "folien/x/x-folien.pdf",
        "pptx": "folien/x/x.pptx",
    }
    config = DecksConfig()
    config.load_dict({"exports": ["folien", "powerpoint"]})
    errors, _ = config.validate()
    assert [name for name, _ in errors] == ["exports"]
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    job = DeckJob("x", "x", "x.md", "folien/x/index.html", "folien/x/", "https://e.org/", {})
    export_decks(tmp_path, [job], list(EXPORTS))  # nothing chosen, nothing written, no browser
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index.html"]
