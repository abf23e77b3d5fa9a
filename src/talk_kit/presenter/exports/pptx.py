"""A deck as an editable PowerPoint file (`<name>.pptx`), for organisers who collect the talks.

Made from the built deck page, the slides exactly as the site shows them
(`pptx_slides`), on a 16:9 master in the deck's colours and font (`pptx_master`):

- one PowerPoint slide per reveal.js slide, vertical ones included, in the deck's order;
- the heading in the title placeholder, bullets as text with their levels in the body
  placeholder, tables as tables, code as monospaced text, build-up steps complete;
- pictures: raster images as they are; SVG diagrams as PNG at twice the deck's pixels (2560
  across a slide: a full-HD projector shows 1920, the rest is room for zooming and larger
  screens), drawn by the session's Chromium as the deck shows them, with the SVG kept beside
  it for Office 2016 and later;
- links as hyperlinks to the published site (relative ones resolved against `site_url`);
- the speaker notes in the notes pane; the document's title (with the event), author (the
  speaker, unless still the placeholder), subject (the subtitle), keywords (event, organizer,
  venue) and language from the deck's front matter and page.

python-pptx writes it: the one maintained library for real PowerPoint files in Python, with
placeholders, tables, notes and hyperlinks (other routes give pictures of slides).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from talk_kit.presenter.exports.output import ExportFailed, write_whole

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from talk_kit.presenter.exports.pptx_slides import Picture
    from talk_kit.presenter.jobs import DeckJob
    from talk_kit.presenter.session import ExportSession

# What python-pptx embeds as it is; other raster formats are converted to PNG first.
EMBEDDED = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}
# SVG pictures drawn in this process, by content and size: a run exports several decks.
_DRAWN: dict[tuple[str, int, int], bytes] = {}
MAX_DRAWN = 64
_LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"", re.I)
_VIEWBOX = re.compile(r"view[bB]ox=\"([\d.\s,-]+)\"")


def language_tag(page_html: str) -> str:
    """The deck page's language as Office writes it: `de` -> `de-DE`."""
    from talk_kit.cards.tags import locale_for

    found = _LANG.search(page_html)
    return locale_for(found.group(1) if found else "de").replace("_", "-")


class ChromiumPictures:
    """Pictures of a built deck page: sizes from the files, pixels from Chromium."""

    def __init__(self, session: ExportSession, job: DeckJob) -> None:
        self.session = session
        self.job = job
        self._page: Page | None = None
        self._sizes: dict[str, tuple[float, float]] = {}

    def file(self, picture: Picture) -> Path:
        """The picture's file in the built site (its `src` is relative to the deck page)."""
        path = unquote(urlsplit(urljoin("/" + self.job.page_url, picture.source)).path)
        target = (self.session.site / path.lstrip("/")).resolve()
        site = self.session.site.resolve()
        if not target.is_relative_to(site) or not target.is_file():
            raise ExportFailed(f"{self.job.page}: pptx: picture {picture.source} not in the site")
        return target

    def natural_size(self, picture: Picture) -> tuple[float, float]:
        key = picture.source or picture.svg or ""
        if key not in self._sizes:
            self._sizes[key] = self._measure(picture)
        return self._sizes[key]

    def _measure(self, picture: Picture) -> tuple[float, float]:
        if picture.svg is not None:
            return svg_size(picture.svg)
        path = self.file(picture)
        if path.suffix.lower() == ".svg":
            return svg_size(path.read_text(encoding="utf-8", errors="replace"))
        from PIL import Image

        with Image.open(path) as image:
            return float(image.width), float(image.height)

    def svg(self, picture: Picture) -> bytes | None:
        if picture.svg is None and picture.source.lower().split("?")[0].endswith(".svg"):
            return self.file(picture).read_bytes()
        return None

    def png(self, picture: Picture, width: int, height: int) -> bytes:
        if picture.svg is None and not picture.source.lower().split("?")[0].endswith(".svg"):
            return raster(self.file(picture))
        if picture.svg is not None:
            markup, key = picture.svg, (digest(picture.svg.encode("utf-8")), width, height)
        else:
            path = self.file(picture)
            relative = path.relative_to(self.session.site.resolve()).as_posix()
            markup = f'<img src="{html.escape(self.session.base + relative, quote=True)}" alt="">'
            key = (digest(path.read_bytes()), width, height)
        if key not in _DRAWN:  # decks that share a diagram (an included deck) draw it once
            if len(_DRAWN) >= MAX_DRAWN:
                _DRAWN.pop(next(iter(_DRAWN)))
            _DRAWN[key] = self._screenshot(markup, width, height)
        return _DRAWN[key]

    def _screenshot(self, markup: str, width: int, height: int) -> bytes:
        if self._page is None:
            self._page = self.session.page()
        page = self._page
        page.set_viewport_size({"width": width, "height": height})
        page.set_content(
            '<!doctype html><meta charset="utf-8"><style>html,body{margin:0;background:#fff}'
            f"img,svg{{display:block;width:{width}px;height:{height}px}}</style>{markup}",
            wait_until="load",
        )
        clip = {"x": 0, "y": 0, "width": width, "height": height}
        return page.screenshot(type="png", clip=clip)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def svg_size(markup: str) -> tuple[float, float]:
    """An SVG's size in CSS pixels: `width`/`height`, else its `viewBox`, else 300×150."""
    head = markup[: markup.find(">") + 1]
    sizes = [re.search(rf'\s{name}="([\d.]+)(?:px)?"', head) for name in ("width", "height")]
    if all(sizes):
        return float(sizes[0].group(1)), float(sizes[1].group(1))  # type: ignore[union-attr]
    box = _VIEWBOX.search(head)
    if box:
        numbers = [float(n) for n in re.split(r"[\s,]+", box.group(1).strip())]
        if len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0:
            return numbers[2], numbers[3]
    return 300.0, 150.0


def raster(path: Path) -> bytes:
    """A raster image's bytes, converted to PNG if PowerPoint cannot take it as it is."""
    from PIL import Image

    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        if image.format in EMBEDDED:
            return data
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return buffer.getvalue()


def write(session: ExportSession, job: DeckJob, target: Path) -> None:
    """The deck's `.pptx`, from its built page and its front matter."""
    from talk_kit.presenter.exports.pptx_build import build_presentation

    page_file = session.site / job.page
    try:
        page_html = page_file.read_text(encoding="utf-8")
    except OSError as problem:
        raise ExportFailed(f"{job.page}: pptx: {problem.strerror or problem}") from None
    pictures = ChromiumPictures(session, job)

    def link(href: str) -> str:
        return urljoin(job.published_url, href)

    presentation = build_presentation(page_html, Path(job.source), pictures, link, job.page)
    buffer = io.BytesIO()
    presentation.save(buffer)
    write_whole(target, buffer.getvalue())
