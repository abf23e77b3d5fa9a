"""Every deck of the project as a PowerPoint file, written from the built site with Chromium,
opened again with python-pptx (and, where installed, converted by LibreOffice)."""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from conftest import ROOT
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.shapes.picture import Picture

from talk_kit.decks.model import Deck, parse_deck
from talk_kit.presenter.exports import pptx
from talk_kit.presenter.jobs import DeckJob
from talk_kit.presenter.session import ExportSession

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PUBLISHED = "https://kammer.example/leitfaden/"
DECKS = sorted((ROOT / "slides").glob("*.md"))
DIAGRAMS = sorted(path.name for path in (ROOT / "slides" / "img").glob("*.svg"))
SVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def squashed(text: str) -> str:
    """Letters and digits only: the slide's words, whatever the spacing and punctuation."""
    return re.sub(r"\W+", "", text).lower()


class SlideTexts(HTMLParser):
    """The text of every slide of a deck page, and of its notes, in the deck's order."""

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[str] = []
        self.notes: list[str] = []
        self._depth = 0  # open sections
        self._notes = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self._depth += 1
            self.slides.append("")
            self.notes.append("")
        elif tag == "aside" and "notes" in (dict(attrs).get("class") or ""):
            self._notes = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._depth -= 1
        elif tag == "aside":
            self._notes = False

    def handle_data(self, data: str) -> None:
        if not self._depth:
            return
        if self._notes:
            self.notes[-1] += data
        else:
            self.slides[-1] += data


def page_texts(site: Path, name: str) -> tuple[list[str], list[str]]:
    parser = SlideTexts()
    parser.feed((site / "folien" / name / "index.html").read_text(encoding="utf-8"))
    # a vertical stack is a section around its slides: keep the slides, not the stack
    kept = [(s, n) for s, n in zip(parser.slides, parser.notes, strict=True) if s.strip()]
    return [s for s, _ in kept], [n for _, n in kept]


@pytest.fixture(scope="module")
def written(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each deck's `.pptx`, written from the shared built site by the export itself."""
    folder = tmp_path_factory.mktemp("pptx")
    files: dict[str, Path] = {}
    # In a thread of its own: Playwright's sync API refuses to start where another test file
    # on this worker keeps the session's browser (and its event loop) running.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(export_all, built_site, folder, files).result()
    return files


def export_all(built_site: Path, folder: Path, files: dict[str, Path]) -> None:
    with ExportSession(built_site) as session:
        for deck in DECKS:
            job = DeckJob(
                name=deck.stem,
                title=deck.stem,
                source=str(deck),
                page=f"folien/{deck.stem}/index.html",
                page_url=f"folien/{deck.stem}/",
                published_url=f"{PUBLISHED}folien/{deck.stem}/",
                outputs={},
            )
            files[deck.stem] = folder / f"{deck.stem}.pptx"
            pptx.write(session, job, files[deck.stem])


def model(name: str) -> Deck:
    return parse_deck(ROOT / "slides" / f"{name}.md", ROOT)


@pytest.mark.parametrize("name", [deck.stem for deck in DECKS])
def test_one_slide_per_deck_slide_with_its_title_text_and_notes(
    name: str, written: dict[str, Path], built_site: Path
) -> None:
    presentation = Presentation(str(written[name]))
    deck = model(name)
    assert (presentation.slide_width, presentation.slide_height) == (12192000, 6858000)
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    slides = list(presentation.slides)
    assert len(slides) == len(deck.slides)  # == the slides PDF's pages (test_presenter_kit)
    shown, notes = page_texts(built_site, name)
    assert len(shown) == len(deck.slides)
    for slide, expected, page_text, page_notes in zip(
        slides, deck.slides, shown, notes, strict=True
    ):
        title = slide.shapes.title
        assert (title.text if title is not None else None) == expected.title, expected.label
        words = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                words.append(shape.text_frame.text)
            if shape.has_table:
                words += [cell.text for row in shape.table.rows for cell in row.cells]
        assert squashed(" ".join(words)) == squashed(page_text), expected.label
        pane = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert squashed(pane) == squashed(page_notes), expected.label
        assert bool(pane) == bool(expected.notes.strip()), expected.label


@pytest.mark.parametrize("name", [deck.stem for deck in DECKS])
def test_the_diagrams_are_pictures_with_their_svg_and_alt_text(
    name: str, written: dict[str, Path]
) -> None:
    presentation = Presentation(str(written[name]))
    pictures = [
        (slide, shape)
        for slide in presentation.slides
        for shape in slide.shapes
        if isinstance(shape, Picture)
    ]
    named = {shape.name: (slide, shape) for slide, shape in pictures}
    assert set(DIAGRAMS) <= set(named)
    for diagram in DIAGRAMS:
        slide, shape = named[diagram]
        assert shape._element.nvPicPr.cNvPr.get("descr"), diagram  # the alt text
        assert shape.image.content_type == "image/png"
        pixels = shape.image.size[0]
        assert pixels >= 2 * shape.width / 9525 - 1, diagram  # twice the deck's pixels
        blip = shape._element.blipFill.find(qn("a:blip"))
        svg = blip.find(f".//{{{SVG}}}svgBlip")
        assert svg is not None, diagram
        part = slide.part.related_part(svg.get(qn("r:embed")))
        assert part.blob == (ROOT / "slides" / "img" / diagram).read_bytes()
    assert "QR-Code" in named  # the closing slide's QR code, as a picture too


def test_links_lead_to_the_published_site_or_where_the_deck_says(written: dict[str, Path]) -> None:
    presentation = Presentation(str(written["neue-medien-neue-chancen"]))
    links = [
        run.hyperlink.address
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.hyperlink.address
    ]
    assert len(links) > 30  # every slide's link into the guide
    assert all(link.startswith(PUBLISHED) for link in links), links
    assert f"{PUBLISHED}push-und-pull/" in links
    assert not [link for link in links if "127.0.0.1" in link]


def test_the_document_names_the_talk_and_not_a_placeholder_speaker(
    written: dict[str, Path],
) -> None:
    properties = Presentation(str(written["neue-medien-neue-chancen"])).core_properties
    deck = model("neue-medien-neue-chancen")
    assert properties.title.startswith(deck.title)
    assert properties.author == ""  # the deck still shows "Name der Referentin …"
    assert properties.language == "de-DE"


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_opens_it_and_prints_one_page_per_slide(
    written: dict[str, Path], tmp_path: Path
) -> None:
    office = libreoffice()
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-impress)")
    source = written["neue-medien-neue-chancen"]
    profile = (tmp_path / "profile").as_uri()  # its own profile: no lock shared with others
    command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    result = subprocess.run(
        [*command, "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    printed = tmp_path / f"{source.stem}.pdf"
    assert printed.is_file(), result.stdout + result.stderr
    reader = pypdf.PdfReader(printed)
    assert len(reader.pages) == len(model(source.stem).slides)
    first = reader.pages[0]
    ratio = float(first.mediabox.width) / float(first.mediabox.height)
    assert ratio == pytest.approx(16 / 9, rel=0.01)
    assert squashed("Der Kulturwandel: von Push zu Pull") in squashed(
        "".join(page.extract_text() for page in reader.pages)
    )
