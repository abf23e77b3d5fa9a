"""The presenter's kit from one real `./scripts/build --offline`: deck PDFs, the deck list's
links to them, the QR code on the closing slide and the offline bundle opened from file://."""

from __future__ import annotations

import io
import math
import os
import re
import subprocess
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdf
import pytest
import zxingcpp
from browser_support import DECK as DECK_OBJECT
from browser_support import deck_call, open_speaker_view, wait_for_deck
from conftest import ROOT
from PIL import Image
from playwright.sync_api import Route

from talk_kit.decks.model import parse_deck
from talk_kit.presenter.exports import export_paths
from talk_kit.presenter.local_site import serve_site

# Every test here needs Chromium: the build prints the PDFs with it.
pytestmark = [pytest.mark.slow, pytest.mark.browser]

SITE_URL = "https://kammer.example/leitfaden/"
DECK = parse_deck(ROOT / "slides" / "neue-medien-neue-chancen.md", ROOT)
PDFS = export_paths("folien", DECK.name)
A4 = (595.92, 842.88)  # points


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`./scripts/build --offline` once for the module; returns the folder holding both."""
    folder = tmp_path_factory.mktemp("presenter")
    env = {**os.environ, "SITE_URL": SITE_URL}
    result = subprocess.run(
        [str(ROOT / "scripts" / "build"), "--offline", "-d", str(folder / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def site(build: Path) -> Path:
    return build / "site"


def pdf(site: Path, kind: str) -> pypdf.PdfReader:
    return pypdf.PdfReader(site / PDFS[kind])


def squashed(text: str) -> str:
    """Letters and digits only: PDF text has line breaks and spacing where the page had none."""
    return re.sub(r"\W+", "", text).lower()


class _NotesText(HTMLParser):
    """The text of every `<aside class="notes">` of a deck page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self._depth += tag == "aside"
        elif tag == "aside" and "notes" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.notes.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "aside":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.notes[-1] += data


def test_build_script_builds_the_project(site: Path) -> None:
    assert (site / "index.html").is_file()
    for deck in (ROOT / "slides").glob("*.md"):
        assert (site / "folien" / deck.stem / "index.html").is_file()
    assert (site / "assets/vendor/reveal.js/dist/reveal.js").is_file()


def test_slides_pdf_has_one_16_9_page_per_slide_with_every_title(site: Path) -> None:
    reader = pdf(site, "folien")
    assert len(reader.pages) == len(DECK.slides)
    for page in reader.pages:
        ratio = float(page.mediabox.width) / float(page.mediabox.height)
        assert ratio == pytest.approx(16 / 9, rel=0.01)
    for slide, page in zip(DECK.slides, reader.pages, strict=True):
        assert slide.title, slide.label
        assert squashed(slide.title) in squashed(page.extract_text()), slide.label


def test_no_link_in_any_pdf_points_anywhere_but_the_published_site(site: Path) -> None:
    links = []
    for path in sorted(site.rglob("*.pdf")):
        for page in pypdf.PdfReader(path).pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                if "/URI" in action:
                    links.append((path.name, str(action["/URI"])))
    assert any(name.endswith("-folien.pdf") for name, _ in links)
    wrong = [(name, url) for name, url in links if not url.startswith(SITE_URL)]
    assert wrong == []
    assert not [url for _, url in links if re.search(r"localhost|127\.0\.0\.1", url)]


def test_notes_pdf_has_every_slides_notes_on_an_a4_page(site: Path) -> None:
    page_html = (site / "folien" / DECK.name / "index.html").read_text(encoding="utf-8")
    parser = _NotesText()
    parser.feed(page_html)
    assert len(parser.notes) == sum(1 for slide in DECK.slides if slide.notes.strip())
    reader = pdf(site, "notizen")
    assert len(reader.pages) == len(DECK.slides)
    text = squashed("".join(page.extract_text() for page in reader.pages))
    for notes in parser.notes:
        assert squashed(notes) in text
    slides = pdf(site, "folien").pages
    for number, (slide, page) in enumerate(zip(slides, reader.pages, strict=True)):
        assert squashed(slide.extract_text()) in squashed(page.extract_text()), number
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1)


def test_handout_is_a4_with_three_slides_a_page(site: Path) -> None:
    reader = pdf(site, "handout")
    slides = pdf(site, "folien").pages
    assert len(reader.pages) == math.ceil(len(DECK.slides) / 3)
    for number, page in enumerate(reader.pages):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1)
        text = squashed(page.extract_text())
        for slide in slides[3 * number : 3 * number + 3]:  # all of each slide, images too
            assert squashed(slide.extract_text()) in text, number


def test_deck_list_links_the_three_pdfs_of_every_deck(site: Path) -> None:
    deck_list = (site / "folien" / "index.html").read_text(encoding="utf-8")
    for deck in sorted((ROOT / "slides").glob("*.md")):
        for kind, path in export_paths("folien", deck.stem).items():
            assert f'href="{path.removeprefix("folien/")}"' in deck_list, (deck.stem, kind)
            magic = b"PK" if path.endswith(".pptx") else b"%PDF-"  # a .pptx is a zip file
            assert (site / path).read_bytes().startswith(magic)


def test_deck_tab_names_the_talk_and_its_event(site: Path) -> None:
    page_html = (site / "folien" / DECK.name / "index.html").read_text(encoding="utf-8")
    event = f"{DECK.meta['event']} {DECK.meta['date'].year}"
    assert f"<title>{DECK.title} · {event}</title>" in page_html


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve_site(site) as base:
        yield base


def test_closing_slide_qr_code_decodes_to_the_guide(served: str, tab) -> None:
    tab.page.goto(f"{served}folien/{DECK.name}/#/{len(DECK.slides) - 1}")
    wait_for_deck(tab.page)
    figure = tab.page.locator(".reveal section.present .deck-qr")
    assert figure.locator("figcaption").inner_text() == "kammer.example/leitfaden"
    image = Image.open(io.BytesIO(figure.locator("[role=img]").screenshot()))
    decoded = zxingcpp.read_barcodes(image)
    assert [code.text for code in decoded] == [SITE_URL]
    assert tab.errors == []


@pytest.fixture(scope="module")
def unzipped(build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("stick")
    with zipfile.ZipFile(build / "site-offline.zip") as bundle:
        bundle.extractall(target)
    return target / "site-offline"


def offline(tab) -> list[str]:
    """Block every request that is not a file of the bundle; returns what was blocked."""
    blocked: list[str] = []

    def route(request: Route) -> None:
        if request.request.url.startswith("file://"):
            request.continue_()
        else:
            blocked.append(request.request.url)
            request.abort()

    tab.page.context.route("**/*", route)
    return blocked


def test_offline_bundle_guide_renders_and_search_finds_german_words(unzipped: Path, tab) -> None:
    blocked = offline(tab)
    tab.page.goto((unzipped / "push-und-pull.html").as_uri())
    assert tab.page.locator("article h1").inner_text().startswith("Push")
    tab.page.locator("input[data-md-component=search-query]").press_sequentially("Impressum")
    results = tab.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    first = urlsplit(results.first.locator("a").first.get_attribute("href") or "")
    assert first.scheme == "file" and first.path.endswith(".html")  # a page, not a folder
    assert Path(unquote(first.path)).is_file()
    assert blocked == []
    assert tab.errors == []


def test_offline_bundle_deck_runs_and_links_to_guide_pages(unzipped: Path, tab) -> None:
    blocked = offline(tab)
    tab.page.goto((unzipped / "folien" / f"{DECK.name}.html").as_uri())
    wait_for_deck(tab.page)
    assert deck_call(tab.page, "getTotalSlides()") == len(DECK.slides)
    tab.page.evaluate(f"() => location.hash = '#/{len(DECK.slides) - 1}'")
    link = tab.page.locator(".reveal section.present a", has_text="Antworten auf häufige Fragen")
    with tab.page.expect_navigation():
        link.click()
    assert tab.page.url == (unzipped / "faq.html").as_uri()
    assert tab.page.locator("article h1").is_visible()
    assert blocked == []


def test_offline_bundle_deck_list_opens_the_deck_and_its_speaker_view(unzipped: Path, tab) -> None:
    blocked = offline(tab)
    tab.page.goto((unzipped / "folien" / "index.html").as_uri())
    with tab.page.expect_navigation():
        tab.page.locator(f"article a[href='{DECK.name}.html']").click()
    wait_for_deck(tab.page)
    assert tab.page.url.split("#")[0] == (unzipped / "folien" / f"{DECK.name}.html").as_uri()
    speaker = open_speaker_view(tab.page)
    first_words = " ".join(DECK.slides[0].notes.split()[:3])
    speaker.locator(".speaker-controls-notes .value", has_text=first_words).wait_for()
    speaker.wait_for_function("() => document.querySelectorAll('#current-slide iframe').length")
    assert blocked == []
    assert tab.errors == []


def test_speaker_view_speaks_german(served: str, tab) -> None:
    tab.page.goto(f"{served}folien/{DECK.name}/")
    wait_for_deck(tab.page)
    speaker = open_speaker_view(tab.page)
    blocked: list[str] = []
    speaker.on("console", lambda message: blocked.append(message.text))
    notes = speaker.locator(".speaker-controls-notes .value")
    notes.filter(has_text=" ".join(DECK.slides[0].notes.split()[:3])).wait_for()
    assert speaker.title() == "Referentenansicht"
    assert speaker.locator("#upcoming-slide .label").inner_text() == "Nächste Folie"
    assert speaker.locator(".speaker-controls-notes h4").text_content() == "Notizen"
    assert speaker.locator(".speaker-controls-time .reset-button").text_content() == (
        "Klicken setzt zurück"
    )
    assert [text for text in blocked if "Content Security Policy" in text] == []
    assert tab.errors == []


def test_slides_pdf_shows_every_build_up_step(site: Path, served: str, tab) -> None:
    """Fragments print in their final state: each page has the text of all of its steps."""
    tab.page.goto(f"{served}folien/{DECK.name}/")
    wait_for_deck(tab.page)
    steps = tab.page.evaluate(
        f"() => {DECK_OBJECT}.getSlides().map(slide =>"
        " [...slide.querySelectorAll('.fragment')].map(step => step.textContent))"
    )
    assert any(steps)
    for texts, page in zip(steps, pdf(site, "folien").pages, strict=True):
        shown = squashed(page.extract_text())
        assert all(squashed(text) in shown for text in texts), texts


def test_offline_bundle_carries_the_printed_pdfs(site: Path, unzipped: Path) -> None:
    deck_list = (unzipped / "folien" / "index.html").read_text(encoding="utf-8")
    for path in PDFS.values():
        assert f'href="{path.removeprefix("folien/")}"' in deck_list
        assert (unzipped / path).read_bytes() == (site / path).read_bytes()
