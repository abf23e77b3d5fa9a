"""Render a deck to reveal.js slides at build time, with the guide's Markdown extensions.

reveal.js can parse Markdown in the browser from a `<textarea>`, but then a `</textarea>` in a
code block ends the deck's source early, the checker and search see Markdown rather than what
is shown, and slides lack the guide's extensions. Here every slide is converted by
Python-Markdown (admonitions, tabs, abbreviations, Pygments highlighting), reveal.js's
attribute comments (`<!-- .slide: … -->`, `<!-- .element: … -->`) are applied as reveal.js
would, links written relative to the deck's source are rewritten to the deck page's URLs
(`slide_links`), and each slide's HTML is balanced so it cannot end or change another slide.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from talk_kit.decks.html_balance import balance_html
from talk_kit.decks.model import Deck, Slide, comment_attributes
from talk_kit.decks.slide_links import SLIDE_LINKS, Resolve, SlideLinks, SlideLinksExtension

# Attribute names an editor may set on a slide or element; values are always escaped.
ATTRIBUTE_NAME = re.compile(r"^[a-zA-Z_:][-a-zA-Z0-9_:.]*$")
COMMENT_BODY = re.compile(r"^<!--\s*\.(?P<kind>slide|element):(?P<attrs>.*)-->$", re.DOTALL)
# Slides have no table of contents; heading ids could also collide with slide ids (`#/x`).
NOT_FOR_SLIDES = frozenset({"toc", "markdown.extensions.toc"})


@dataclass(frozen=True)
class RenderedSlide:
    slide: Slide
    html: str  # the slide's content
    notes_html: str  # its speaker notes (empty if none)
    # URL in `html` or `notes_html` -> the target as written in the source (rewritten only)
    written: dict[str, str] = field(default_factory=dict)

    def section(self) -> str:
        notes = f'\n<aside class="notes">\n{self.notes_html}\n</aside>' if self.notes_html else ""
        return f"<section{section_attributes(self.slide)}>\n{self.html}{notes}\n</section>"


@dataclass(frozen=True)
class RenderedDeck:
    deck: Deck
    slides: list[RenderedSlide]

    def html(self) -> str:
        """The deck's `<section>` elements, vertical slides nested in a stack section."""
        parts: list[str] = []
        for stack in _stacks(self.slides):
            if len(stack) == 1:
                parts.append(stack[0].section())
            else:
                parts.append("<section>\n" + "\n".join(s.section() for s in stack) + "\n</section>")
        return "\n".join(parts)


def stack_sizes(slides: Sequence[Slide]) -> list[int]:
    """How many slides each stack holds, in order: a slide with `v == 0` starts one."""
    sizes: list[int] = []
    for slide in slides:
        if slide.v == 0 or not sizes:
            sizes.append(0)
        sizes[-1] += 1
    return sizes


def _stacks(slides: list[RenderedSlide]) -> list[list[RenderedSlide]]:
    stacks, start = [], 0
    for size in stack_sizes([rendered.slide for rendered in slides]):
        stacks.append(slides[start : start + size])
        start += size
    return stacks


def section_attributes(slide: Slide) -> str:
    """` id="x" class="y"` from the slide's `.slide:` comment, names checked, values escaped."""
    return "".join(
        f' {name}="{html.escape(value, quote=True)}"'
        for name, value in slide.attributes.items()
        if ATTRIBUTE_NAME.match(name) and not name.lower().startswith("on")
    )


class _AttributeComments(Treeprocessor):
    """Apply `<!-- .element: … -->` to the element before it, as reveal.js's Markdown plugin does.

    The target is the nearest element sibling before the comment or, if there is none, the
    element that contains it (`- Punkt <!-- .element: class="fragment" -->` builds up the list
    item). `.slide:` comments are removed here; their attributes are on the slide's section.
    """

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            self._apply_within(parent)

    def _apply_within(self, parent: etree.Element) -> None:
        if parent.text:
            parent.text = self._take(parent.text, parent)
        previous: etree.Element | None = None
        for child in list(parent):
            block = self._block_comment(child)
            if block is not None:
                self._set(previous if previous is not None else parent, block)
                parent.remove(child)
                continue
            if child.tail:
                child.tail = self._take(child.tail, child)
            if child.tag != "br":
                previous = child

    def _block_comment(self, element: etree.Element) -> dict[str, str] | None:
        """Attributes of a paragraph that holds nothing but one attribute comment."""
        if element.tag != "p" or len(element) or not element.text:
            return None
        match = HTML_PLACEHOLDER_RE.fullmatch(element.text.strip())
        comment = self._comment(match) if match else None
        if comment is None:
            return None
        kind, attrs = comment
        return attrs if kind == "element" else {}

    def _take(self, text: str, target: etree.Element) -> str:
        """Remove attribute comments from `text`, applying `.element:` ones to `target`."""

        def replace(match: re.Match[str]) -> str:
            comment = self._comment(match)
            if comment is None:
                return match.group(0)
            kind, attrs = comment
            if kind == "element":
                self._set(target, attrs)
            return ""

        return HTML_PLACEHOLDER_RE.sub(replace, text)

    def _comment(self, match: re.Match[str]) -> tuple[str, dict[str, str]] | None:
        index = int(match.group(1))
        blocks = self.md.htmlStash.rawHtmlBlocks
        raw = blocks[index] if index < len(blocks) else None
        found = COMMENT_BODY.match(raw.strip()) if isinstance(raw, str) else None
        if found is None:
            return None
        return found.group("kind"), comment_attributes(found.group("attrs"))

    @staticmethod
    def _set(element: etree.Element, attrs: dict[str, str]) -> None:
        for name, value in attrs.items():
            if not ATTRIBUTE_NAME.match(name) or name.lower().startswith("on"):
                continue
            if name == "class" and element.get("class"):
                value = f"{element.get('class')} {value}"
            element.set(name, value)


class SlideAttributes(Extension):
    """Python-Markdown extension with the treeprocessor above (after inline processing)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_AttributeComments(md), "reveal_attributes", 15)


def slide_markdown(
    extensions: Sequence[Any], configs: dict[str, dict[str, Any]]
) -> markdown.Markdown:
    """A Markdown converter with the site's extensions, fit for slides."""
    wanted = [name for name in extensions if name not in NOT_FOR_SLIDES]
    settings = {name: value for name, value in configs.items() if name not in NOT_FOR_SLIDES}
    return markdown.Markdown(
        extensions=[*wanted, SlideAttributes(), SlideLinksExtension()], extension_configs=settings
    )


class SlideConverter:
    """Converts a deck's slides and notes one at a time, each on its own.

    Snippets the site appends to every page (pymdownx.snippets' `auto_append`, here the
    glossary of abbreviations) would be read and parsed again for every slide and every
    note: nine tenths of a deck's rendering time. If the appended text only defines
    abbreviations, they are read once and given to each slide as the abbr extension's
    glossary instead. A slide that defines abbreviations itself is converted with the
    appended text as before, so that the glossary's definition wins there as it does on a
    guide page; so is a slide that includes a snippet, which may define some.
    """

    def __init__(self, extensions: Sequence[Any], configs: dict[str, dict[str, Any]]) -> None:
        self.extensions = extensions
        self.configs = configs
        self.appending = slide_markdown(extensions, configs)

    @cached_property
    def glossary_only(self) -> markdown.Markdown | None:
        """A converter that appends nothing but knows the glossary; None if there is none.

        Made at the first slide, not before: the snippets read for it are then reported
        (a missing glossary, say) as the deck page's, like those of every other slide.
        """
        glossary = _appended_glossary(self.appending)
        if glossary is None:
            return None
        converter = slide_markdown(self.extensions, self.configs)
        converter.preprocessors[SNIPPETS].auto_append = []  # type: ignore[attr-defined]
        abbreviations = _extension(converter, AbbrExtension)
        assert abbreviations is not None  # the same extensions as `appending`
        abbreviations.load_glossary(glossary)
        converter.reset()
        return converter

    def convert(self, text: str, resolve: Resolve | None = None) -> str:
        """`text` (Markdown) as HTML; empty for empty text."""
        return self.render(text, resolve)[0]

    def render(self, text: str, resolve: Resolve | None = None) -> tuple[str, dict[str, str]]:
        """`text` as HTML, its link targets rewritten by `resolve` (None: as written), and
        which URL it wrote for which written target."""
        if not text.strip():
            return "", {}
        converter = self.glossary_only
        if converter is None or any(mark in text for mark in MAY_DEFINE_ABBREVIATIONS):
            converter = self.appending
        links = converter.treeprocessors[SLIDE_LINKS]
        assert isinstance(links, SlideLinks)
        links.resolve, links.written = resolve, {}
        try:
            converter.reset()
            return converter.convert(text), links.written
        finally:
            links.resolve = None


# An abbreviation definition (`*[IHK]: …`) and a snippet include (`--8<--`, `;--8<--`).
MAY_DEFINE_ABBREVIATIONS = ("*[", "8<")
SNIPPETS = "snippet"  # pymdownx.snippets' preprocessor, which does the appending
_PROBE = "x"

ExtensionType = TypeVar("ExtensionType", bound=Extension)


def _extension(converter: markdown.Markdown, kind: type[ExtensionType]) -> ExtensionType | None:
    return next((e for e in converter.registeredExtensions if isinstance(e, kind)), None)


def _appended_glossary(converter: markdown.Markdown) -> dict[str, str] | None:
    """The abbreviations the auto-appended snippets define; None if nothing is appended or
    the appended text does more (shows text, defines links or footnotes a slide could use)."""
    abbreviations = _extension(converter, AbbrExtension)
    appending = SNIPPETS in converter.preprocessors and getattr(
        converter.preprocessors[SNIPPETS], "auto_append", None
    )
    if abbreviations is None or not appending:
        return None
    footnotes = _extension(converter, FootnoteExtension)
    converter.reset()
    shown = converter.convert(_PROBE)
    defined = dict(abbreviations.abbrs)
    quiet = (
        shown == f"<p>{_PROBE}</p>"
        and not converter.references  # type: ignore[attr-defined]
        and (footnotes is None or not footnotes.footnotes)
    )
    converter.reset()
    return defined if quiet and defined else None


def render_deck(deck: Deck, converter: SlideConverter, resolve: Resolve | None) -> RenderedDeck:
    """Every slide of `deck` as HTML; `resolve` turns a link target written relative to the
    deck's source into the URL relative to the deck's page (None, or the target itself: keep)."""

    def rendered(slide: Slide) -> RenderedSlide:
        body, written = converter.render(slide.body, resolve)
        notes, written_in_notes = converter.render(slide.notes, resolve)
        written = {**written_in_notes, **written}
        return RenderedSlide(slide, balance_html(body), balance_html(notes), written)

    return RenderedDeck(deck, [rendered(slide) for slide in deck.slides])
