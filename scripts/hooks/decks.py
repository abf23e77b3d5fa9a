"""Turn every `slides/<name>.md` into a full-screen deck page at `folien/<name>/`.

mkdocs-revealjs renders a deck inside a normal page and hands the slide Markdown to the
browser untouched. This hook fills the gaps so that a deck works as a speaker expects:

- each deck file becomes a generated page (virtual source `folien/<name>.md`) rendered through
  mkdocs-revealjs with the `deck.html` template, which fills the window;
- includes and `{{ placeholders }}` are expanded (by `sitecheck.deck`, the same parser the
  checker uses), so one talk can be given at several events by changing the front matter;
- links and images inside slides are rewritten from source paths (`../recht/impressum.md`,
  `img/x.svg`) to URLs relative to the deck page: the browser, not MkDocs, resolves them;
- other files under `slides/` (images) are published under `folien/`;
- `<!-- deck-list -->` in a guide page becomes a table of all decks;
- `mkdocs serve` reloads when a deck changes.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from sitecheck.config import deck_folders
from sitecheck.deck import Deck, german_date, parse_deck
from sitecheck.markdown_links import extract_links

DECK_LIST_MARKER = "<!-- deck-list -->"
REVEAL_BASE = "assets/vendor/reveal.js"
# Presentation defaults: a 16:9 canvas scaled to the window, keys work without a click,
# one URL per slide (`#/3`), slide numbers. A deck's `revealjs:` front matter overrides them.
REVEAL_OPTIONS: dict[str, Any] = {
    "mode": "diapo",
    "embedded": False,
    "keyboardCondition": None,
    "width": 1280,
    "height": 720,
    "margin": 0.04,
    "hash": True,
    "slideNumber": "c/t",
    "controls": True,
    "progress": True,
    "center": True,
    "transition": "slide",
    "pdfSeparateFragments": False,  # a handout shows each slide once, fully built up
}
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/)")

_decks: list[tuple[Deck, File]] = []


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add deck pages and the files beside them (images) to the build."""
    root = Path(config.config_file_path).parent
    source, url_dir = deck_folders(dict(config.extra), root)
    _decks.clear()
    if source is None or not source.is_dir():
        return files
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.suffix != ".md":
            uri = f"{url_dir}/{path.relative_to(source).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    for path in sorted(source.glob("*.md")):
        deck_file = File.generated(config, f"{url_dir}/{path.name}", content="")
        files.append(deck_file)
        _decks.append((parse_deck(path, root), deck_file))
    for deck, deck_file in _decks:
        deck_file.content_string = deck_page(deck, deck_file, files)
    return files


def deck_page(deck: Deck, deck_file: File, files: Files) -> str:
    """The generated page: front matter for mkdocs-revealjs, then the deck's slides."""
    reveal = dict(REVEAL_OPTIONS)
    reveal["cdn"] = get_relative_url(REVEAL_BASE, deck_file.url)
    if isinstance(deck.meta.get("duration"), int):
        reveal["totalTime"] = deck.meta["duration"] * 60  # the speaker view paces against it
    if isinstance(deck.meta.get("revealjs"), dict):
        reveal.update(deck.meta["revealjs"])
    meta = {
        "title": str(deck.meta.get("title") or deck.name),
        "template": "deck.html",
        "search": {"exclude": True},  # deck_search.py adds one entry per slide instead
        "deck_source": deck.path,
        "revealjs": reveal,
    }
    body = rewrite_links(deck.markdown, deck_file, files)
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{body}\n"


def rewrite_links(markdown: str, deck_file: File, files: Files) -> str:
    """Replace source paths in links and images by URLs relative to the deck page."""
    parts: list[str] = []
    position = 0
    for link in sorted(extract_links(markdown), key=lambda link: link.start):
        url = resolved_url(link.target, deck_file, files)
        if url is not None:
            parts += [markdown[position : link.start], url]
            position = link.end
    parts.append(markdown[position:])
    return "".join(parts)


def resolved_url(target: str, deck_file: File, files: Files) -> str | None:
    """URL for a link target written relative to the deck's source; None to keep it as is."""
    if _EXTERNAL.match(target):
        return None
    path, hash_sign, fragment = target.partition("#")
    path = path.split("?", 1)[0]
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(deck_file.src_uri), unquote(path)))
    target_file = files.get_file_from_path(uri.rstrip("/"))
    if target_file is None:
        return None  # the checker reports it with file and line
    return get_relative_url(target_file.url, deck_file.url) + hash_sign + fragment


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill `<!-- deck-list -->` with a table of the decks and their front matter."""
    if DECK_LIST_MARKER not in markdown:
        return markdown
    return markdown.replace(DECK_LIST_MARKER, deck_table(page.file))


def deck_table(page_file: File) -> str:
    rows = [
        "| Vortrag | Veranstaltung | Datum | Dauer |",
        "| --- | --- | --- | --- |",
    ]
    for deck, deck_file in _decks:
        meta = deck.meta
        link = posixpath.relpath(deck_file.src_uri, posixpath.dirname(page_file.src_uri))
        event = " – ".join(str(meta[key]) for key in ("event", "organizer") if meta.get(key))
        date = meta.get("date")
        date_text = german_date(date) if hasattr(date, "year") else str(date or "")
        duration = f"{meta['duration']} Minuten" if meta.get("duration") else ""
        title = str(meta.get("title") or deck.name).replace("|", "\\|")
        rows.append(f"| [{title}]({link}) | {event} | {date_text} | {duration} |")
    return "\n".join(rows)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Rebuild when a deck or a deck image changes: slides/ lies outside docs_dir."""
    source, _ = deck_folders(dict(config.extra), Path(config.config_file_path).parent)
    if source is not None and source.is_dir():
        server.watch(str(source))
    return server
