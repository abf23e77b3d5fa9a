"""A deck's three PDFs, printed from the built site with headless Chromium (through Playwright).

The deck page's own print view (`?print-pdf`, one page per slide, fragments built up) is the
source of all three, so the PDFs show exactly what the deck shows, with selectable text:

- slides: the print view as it is (16:9 pages, backgrounds on);
- notes: A4, each slide scaled down with its speaker notes below, for rehearsal;
- handout: A4, three slides a page, each beside ruled space for the audience's notes.

Links are made absolute against the published address before printing: the page is served
from a loopback port here, and a PDF that points to `http://127.0.0.1:…` helps nobody.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from talk_kit.presenter.exports.output import write_whole

if TYPE_CHECKING:  # Playwright is imported when printing, so a missing one is one clear line
    from playwright.sync_api import Page

    from talk_kit.presenter.jobs import DeckJob
    from talk_kit.presenter.session import ExportSession

LOAD_TIMEOUT_MS = 60_000
A4_MARGINS = {side: "12mm" for side in ("top", "right", "bottom", "left")}

# Counts reveal.js's `pdf-ready` events: the print layout is done (it runs after page load).
_COUNT_PDF_READY = """window.__presenterPdfReady = 0;
window.addEventListener('pdf-ready', () => { window.__presenterPdfReady += 1; });"""
# Waits until reveal.js has laid out one print page per slide and every font and image is in.
_PRINT_READY = """() => {
  const root = document.querySelector('.reveal');
  const deck = root && root._mkdocsRevealDeck;
  if (!deck || !deck.isReady() || !window.__presenterPdfReady) return false;
  const pages = document.querySelectorAll('.pdf-page').length;
  const images = [...document.images].every(image => image.complete);
  return pages === deck.getTotalSlides() && images && document.fonts.status === 'loaded';
}"""

# Every link in the deck, made absolute against the published page (routes like `#/3` too).
_PUBLISH_LINKS = """(published) => {
  for (const link of document.querySelectorAll('a[href]'))
    link.href = new URL(link.getAttribute('href'), published).href;
}"""

# A4 sheets built from reveal.js's print pages, each page scaled with `zoom` into a frame of
# its scaled size (with a transform, the page's unscaled box would still reach across the
# paper's edge, and Chromium would print what lies beyond it on no page at all). Notes
# sheets: one slide, then its notes. Handout sheets: three rows of a slide beside lines.
_SHEET_STYLE = """
.presenter-sheet { width: 186mm; break-after: page; text-align: left; }
.presenter-sheet:last-child { break-after: auto; }
.presenter-frame { position: relative; overflow: hidden; flex: none; border: 1px solid #999; }
.presenter-row { break-inside: avoid; }
.presenter-frame .pdf-page {
  position: relative !important; break-after: auto !important; page-break-after: auto !important;
}
.presenter-notes .presenter-text { margin-top: 6mm; font: 11pt/1.45 sans-serif; color: #111; }
.presenter-notes .presenter-text p { margin: 0 0 0.6em; }
.presenter-handout .presenter-row { display: flex; gap: 6mm; margin-bottom: 10mm; }
.presenter-handout .presenter-lines {
  flex: 1; background: repeating-linear-gradient(#fff 0 7mm, #aaa 7mm calc(7mm + 1px));
}
"""

_BUILD_SHEETS = """([layout, perSheet, width]) => {
  const pages = [...document.querySelectorAll('.pdf-page')];
  const host = document.querySelector('.reveal .slides');
  const pageWidth = pages[0].offsetWidth, pageHeight = pages[0].offsetHeight;
  const scale = width / pageWidth;
  let sheet = null;
  pages.forEach((page, index) => {
    if (index % perSheet === 0) {
      sheet = document.createElement('div');
      sheet.className = 'presenter-sheet presenter-' + layout;
      host.appendChild(sheet);
    }
    const row = document.createElement('div');
    row.className = 'presenter-row';
    const frame = document.createElement('div');
    frame.className = 'presenter-frame';
    frame.style.width = `${pageWidth * scale}px`;
    frame.style.height = `${pageHeight * scale}px`;
    page.style.width = `${pageWidth}px`;
    page.style.height = `${pageHeight}px`;
    page.style.zoom = scale;
    frame.appendChild(page);
    row.appendChild(frame);
    const beside = document.createElement('div');
    if (layout === 'notes') {
      beside.className = 'presenter-text';
      const notes = page.querySelector('aside.notes');
      if (notes) for (const node of notes.childNodes) beside.appendChild(node.cloneNode(true));
    } else {
      beside.className = 'presenter-lines';
    }
    row.appendChild(beside);
    sheet.appendChild(row);
  });
  // reveal.js sized the page and the paper to the slide; these sheets are A4 (set when
  // printing), and anything wider would make Chromium shrink the whole sheet to fit.
  document.body.style.width = document.body.style.height = 'auto';
  const wrapper = document.querySelector('.mkdocs-revealjs-wrapper');
  if (wrapper) wrapper.style.cssText = 'width: auto; height: auto; margin: 0;';
  for (const style of document.querySelectorAll('style'))
    if (style.textContent.startsWith('@page')) style.remove();
}"""
A4_SLIDE_WIDTH = {"notes": 700, "handout": 420}  # CSS pixels of A4 less margins (about 700)


def write_slides(session: ExportSession, job: DeckJob, target: Path) -> None:
    """16:9 pages, one per slide, build-ups complete, backgrounds on."""
    page = print_view(session, job)
    write_whole(target, page.pdf(prefer_css_page_size=True, print_background=True))


def write_notes(session: ExportSession, job: DeckJob, target: Path) -> None:
    """A4, each slide scaled down with its speaker notes below, for rehearsal."""
    _write_sheets(session, job, target, "notes", 1)


def write_handout(session: ExportSession, job: DeckJob, target: Path) -> None:
    """A4, three slides a page, each beside ruled space for the audience's notes."""
    _write_sheets(session, job, target, "handout", 3)


def _write_sheets(
    session: ExportSession, job: DeckJob, target: Path, layout: str, per_sheet: int
) -> None:
    page = print_view(session, job)
    page.add_style_tag(content=_SHEET_STYLE)
    page.evaluate(_BUILD_SHEETS, [layout, per_sheet, A4_SLIDE_WIDTH[layout]])
    # A4 from here, not reveal.js's `@page` rule (the slide size) in the page.
    write_whole(target, page.pdf(format="A4", margin=A4_MARGINS, print_background=True))


def print_view(session: ExportSession, job: DeckJob) -> Page:
    """The deck's print view, laid out, with its links pointing at the published site."""
    page = session.page()
    page.add_init_script(_COUNT_PDF_READY)
    page.goto(f"{session.base}{job.page_url}?print-pdf", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(_PRINT_READY, timeout=LOAD_TIMEOUT_MS)
    page.evaluate(_PUBLISH_LINKS, job.published_url)
    return page
