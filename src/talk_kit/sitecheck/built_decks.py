"""The decks as the build rendered them, read back from their built pages (`--site-dir`).

`sitecheck check --site-dir` has no build in its process to take the rendered slides from.
Rendering them again would cost a third of the run, and with the checker's default
extensions instead of the project's it could read a slide differently from the build. Each
deck page holds its slides as `<section>` elements in order (a vertical stack nests its
slides in one more `<section>`), each with its notes in `<aside class="notes">`.

The build rewrote each slide link to the deck page's URL; the rules quote a link as the
editor wrote it. So each URL is mapped back to the word of the slide's source that the decks
plugin resolves to it (`pages.resolved_url`); where several words do, to the path from the
deck's source to the source of the file it serves, if the source writes that one. A URL that
no word of the source spells (an extension wrote it) becomes that path, if it resolves to it;
any other URL stays as it is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree
from mkdocs.structure.files import File, Files

from talk_kit.decks.model import Deck, Slide
from talk_kit.decks.pages import resolved_url
from talk_kit.decks.render import RenderedDeck, RenderedSlide, stack_sizes
from talk_kit.sitecheck.rendered import HTML_PARSER, HtmlLink, subtree_links
from talk_kit.sitecheck.site_index import SiteIndex

# A word of the source that may be a link target: no blank, bracket or quote in it, and a
# `.`, `/` or `#` (a file, a folder or an anchor). Tried only where a word starts: from every
# character, a long word without one would cost its length squared.
_WORD_EDGE = r"\s" + re.escape("()<>[]\"'`")
TARGET_WORD_RE = re.compile(f"(?<![^{_WORD_EDGE}])[^{_WORD_EDGE}]*[./#][^{_WORD_EDGE}]*")
_SLIDES = etree.XPath(
    "(//div[contains(concat(' ', normalize-space(@class), ' '), ' slides ')])[1]/section"
)


def built_decks(
    index: SiteIndex, decks: Sequence[tuple[Deck, File]], files: Files
) -> dict[str, RenderedDeck]:
    """The decks whose built page holds their slides as the deck model has them, by name."""
    found: dict[str, RenderedDeck] = {}
    source_of = {output: src for src, output in index.sources.items()}
    for deck, deck_file in decks:
        sections = _slide_sections(index, deck_file.dest_uri, deck)
        if sections is None:
            continue  # built from other sources: the checks render the deck themselves
        built = _BuiltDeck(deck_file, files, index, source_of)
        slides = [
            built.slide(slide, section)
            for slide, section in zip(deck.slides, sections, strict=True)
        ]
        found[deck.name] = RenderedDeck(deck, slides)
    return found


def _slide_sections(index: SiteIndex, output: str, deck: Deck) -> list[etree._Element] | None:
    """Each slide's `<section>`: a slide that starts a stack (`v == 0`) and has no vertical
    slides below it is a `<section>` of the deck; a stack is one that holds its slides'.
    (A slide may hold sections of its own, so the model says which is which.)"""
    if index.site_dir is None:
        return None
    try:
        page = (index.site_dir / output).read_bytes()
        root = etree.fromstring(page, parser=HTML_PARSER)
    except (OSError, etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    stacks = stack_sizes(deck.slides)
    tops = _SLIDES(root)
    if len(tops) != len(stacks):
        return None
    sections: list[etree._Element] = []
    for top, size in zip(tops, stacks, strict=True):
        inner = top.findall("section") if size > 1 else [top]
        if len(inner) != size:
            return None
        sections.extend(inner)
    return sections


@dataclass(frozen=True)
class BuiltSlide(RenderedSlide):
    """A slide read back from its deck page, with the links read from that page's tree."""

    links: tuple[HtmlLink, ...] = ()


@dataclass(frozen=True)
class _BuiltDeck:
    deck_file: File
    files: Files
    index: SiteIndex
    source_of: dict[str, str]  # output file -> source, as MkDocs listed them
    resolved: dict[str, str | None] = field(default_factory=dict)  # path -> URL, per deck

    def slide(self, slide: Slide, section: etree._Element) -> BuiltSlide:
        """The slide's content (its notes left out), its links and the URL -> written map."""
        children = list(section)
        if slide.notes.strip() and children and _is_notes(children[-1]):
            children.pop()  # the notes the renderer appended (a slide's own <aside> stays)
        parts = [section.text or ""]
        parts.extend(etree.tostring(child, method="html", encoding="unicode") for child in children)
        links = subtree_links(children)
        urls = {link.url for link in links}
        spellings = self.spellings(urls, slide.body)
        written: dict[str, str] = {}
        for url in urls:
            words = spellings.get(url, [])
            if len(words) == 1:  # the path to the target's source or not, it is the one
                written[url] = words[0]
                continue
            path = self.source_path(url)
            if path is not None and (path == url or self.resolve(path) != url):
                path = None
            if words:
                written[url] = path if path in words else words[0]
            elif path is not None:
                written[url] = path
        return BuiltSlide(slide, "".join(parts), "", written, links)

    def resolve(self, target: str) -> str | None:
        """`resolved_url` of `target`, once per file it names: slides repeat their words,
        and their links name one file with many anchors (`talk.md#/1`, `talk.md#/2`)."""
        path, hash_sign, fragment = target.partition("#")
        if path not in self.resolved:
            self.resolved[path] = resolved_url(path, self.deck_file, self.files)
        url = self.resolved[path]
        return url + hash_sign + fragment if url is not None else None

    def spellings(self, urls: set[str], source: str) -> dict[str, list[str]]:
        """URL -> the words of `source` that resolve to it, in order, each once."""
        found: dict[str, list[str]] = {}
        for word in dict.fromkeys(TARGET_WORD_RE.findall(source)):
            url = self.resolve(word)
            if url in urls and url != word:
                found.setdefault(url, []).append(word)
        return found

    def source_path(self, url: str) -> str | None:
        """The path from the deck's source to the source of the file `url` serves."""
        path, hash_sign, fragment = url.partition("#")
        site_path = posixpath.normpath(posixpath.join(self.deck_file.url, path))
        src = self.source_of.get(self.index.find_output(site_path) or "")
        if src is None:
            return None
        from_deck = posixpath.relpath(src, posixpath.dirname(self.deck_file.src_uri))
        return from_deck + hash_sign + fragment


def _is_notes(element: etree._Element) -> bool:
    return element.tag == "aside" and "notes" in element.get("class", "").split()
