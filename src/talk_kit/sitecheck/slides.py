"""Slide structure checks: what makes a slide readable from the back row.

Thresholds come from `Rules` (mkdocs.yml, then the deck's `check:` front
matter). Findings point at the source line of the slide, also when the slide
comes from an included file.

Links and images are read from each slide as rendered (`fragment_links`, one parse each; a
slide read back from its deck page brings those of the page's tree, `BuiltSlide`), so a link
in code or a comment is none; each is then found in the slide's source lines by its
target as written. Bullets, words, lines and code blocks are counted on the source lines,
with the deck model's fence-aware line classification (`scan_code`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from talk_kit.decks.fences import FENCE_RE, LIST_ITEM_RE, scan_code
from talk_kit.decks.model import Deck, Slide, blank_comments, without_comments
from talk_kit.decks.render import RenderedDeck, RenderedSlide, SlideConverter
from talk_kit.sitecheck.built_decks import BuiltSlide
from talk_kit.sitecheck.config import Rules, apply_severity
from talk_kit.sitecheck.content import EMPTY_ALT_RE, check_link_texts, is_followed, is_image
from talk_kit.sitecheck.findings import Finding, Location, error, warning
from talk_kit.sitecheck.rendered import HtmlLink, fragment_links
from talk_kit.sitecheck.sources import split_lines

HEADING_LINE_RE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
# Bracket and parenthesis classes exclude their own opening character, so that runs of `[` or
# `](` cost linear time: a search never re-reads what the previous one has read.
LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
IMAGE_RE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
WORD_CHAR_RE = re.compile(r"\w")
TAG_RE = re.compile(r"<[^<>]*>")  # no `<` inside: a run of `<` is not scanned again and again
WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
BACKTICKS_RE = re.compile(r"`+")
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# What a deck is rendered with when the caller has no rendered deck (the project's own
# extensions are better: the build passes the decks plugin's slides).
DEFAULT_EXTENSIONS = (
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
)


def check_deck(deck: Deck, base: Rules, rendered: RenderedDeck | None = None) -> list[Finding]:
    """All slide findings of one deck, with the deck's own `check:` overrides applied.

    `rendered` is the deck as the build rendered it (the decks plugin's `library.rendered`);
    without it the deck is rendered here with `DEFAULT_EXTENSIONS`.
    """
    where = Location(deck.path, deck.meta_lines.get("check", 1))
    rules, findings = base.merged(deck.meta.get("check"), where)
    if rendered is None or len(rendered.slides) != len(deck.slides):
        rendered = _slide_bodies(deck)
    titles: dict[str, Slide] = {}
    for slide, shown in zip(deck.slides, rendered.slides, strict=True):
        findings.extend(_check_slide(slide, shown, rules))
        if slide.title:
            first = titles.setdefault(slide.title, slide)
            if first is not slide and slide.title_line is not None:
                message = f"title '{slide.title}' already used by {first.label}"
                findings.append(warning(slide.title_line, "duplicate-title", message))
    findings.extend(_check_duration(deck, rules))
    return apply_severity(findings, rules)


@dataclass
class SlideText:
    """One slide as the rules read it, worked out once for all of them."""

    slide: Slide
    lines: list[str]  # the slide's body lines
    code: list[bool]  # which of them are code
    text_lines: list[str]  # lines of text a viewer reads (no code, headings or bare tags)
    links: list[HtmlLink]  # from the rendered slide, each `url` as written in the source
    link_lines: list[int | None]  # the 0-based body line that writes each of `links`
    where: Location  # the slide's first content line: where slide-wide findings go

    def line_of(self, link: HtmlLink) -> int | None:
        """The 0-based body line that writes `link`, None if no line writes it as rendered."""
        for candidate, line in zip(self.links, self.link_lines, strict=True):
            if candidate is link:
                return line
        return None

    def location(self, link: HtmlLink) -> Location:
        """Where `link` is written; the slide's first line if no line writes it as rendered."""
        line = self.line_of(link)
        return self.where if line is None else self.slide.body_location(line + 1)

    def writes_empty_alt(self, link: HtmlLink) -> bool:
        """Whether image `link`'s line says `alt=""`: a decorative image on purpose."""
        line = self.line_of(link)
        return line is not None and EMPTY_ALT_RE.search(self.lines[line]) is not None

    @property
    def name(self) -> str:
        return self.slide.label


SlideRule = Callable[[SlideText, Rules], list[Finding]]


def missing_title(text: SlideText, rules: Rules) -> list[Finding]:
    if text.slide.title is not None:
        return []
    message = f"{text.name} has no title; start it with a '#', '##' or '###' heading"
    return [error(text.where, "missing-title", message)]


def too_many_bullets(text: SlideText, rules: Rules) -> list[Finding]:
    bullets = sum(1 for line in text.text_lines if LIST_ITEM_RE.match(line))
    if bullets <= rules.max_bullets:
        return []
    message = f"{text.name} has {bullets} bullets (at most {rules.max_bullets}); split the slide"
    return [warning(text.where, "too-many-bullets", message)]


def too_many_words(text: SlideText, rules: Rules) -> list[Finding]:
    words = _count_words("\n".join(text.text_lines))
    if words <= rules.max_words:
        return []
    message = f"{text.name} has {words} words (at most {rules.max_words}); move detail to the notes"
    return [warning(text.where, "too-many-words", message)]


def too_many_lines(text: SlideText, rules: Rules) -> list[Finding]:
    count = len(text.text_lines)
    if count <= rules.max_body_lines:
        return []
    message = f"{text.name} has {count} lines of text (at most {rules.max_body_lines})"
    return [warning(text.where, "too-many-lines", message)]


def code_too_long(text: SlideText, rules: Rules) -> list[Finding]:
    return _check_code_blocks(text.slide, text.lines, text.code, rules, text.name)


def missing_notes(text: SlideText, rules: Rules) -> list[Finding]:
    slide = text.slide
    if not rules.require_notes or not slide.is_content or slide.notes.strip():
        return []
    message = f"{text.name} has no speaker notes; add 'Note:' and what you want to say"
    return [warning(text.where, "missing-notes", message)]


def missing_guide_link(text: SlideText, rules: Rules) -> list[Finding]:
    if not rules.require_guide_link or not text.slide.is_content:
        return []
    if any(map(_is_guide_link, text.links)):
        return []
    message = f"{text.name} links to no guide page; add one (e.g. '../thema.md') for attendees"
    return [warning(text.where, "missing-guide-link", message)]


def generic_link_text(text: SlideText, rules: Rules) -> list[Finding]:
    """Link texts and alt texts; an image whose line writes `alt=""` is decorative on purpose."""
    links = [
        link
        for link in text.links
        if not (is_image(link) and link.text == "" and text.writes_empty_alt(link))
    ]
    return check_link_texts(links, text.location, rules)


# Adding a slide rule: a function above, `(SlideText, Rules) -> findings`, listed here; a
# threshold it needs is an option of `RulesConfig` in sitecheck/config.py (and a field of
# `Rules`). Its code goes into the README's table of rule codes.
SLIDE_RULES: tuple[SlideRule, ...] = (
    missing_title,
    too_many_bullets,
    too_many_words,
    too_many_lines,
    code_too_long,
    missing_notes,
    missing_guide_link,
    generic_link_text,
)


_CONVERTER: list[SlideConverter] = []


def _slide_bodies(deck: Deck) -> RenderedDeck:
    """The slides' content rendered here, as written (the rules read no notes)."""
    converter = _default_converter()
    bodies = [
        RenderedSlide(slide, converter.render(slide.body, None)[0], "") for slide in deck.slides
    ]
    return RenderedDeck(deck, bodies)


def _default_converter() -> SlideConverter:
    if not _CONVERTER:
        _CONVERTER.append(SlideConverter(DEFAULT_EXTENSIONS, {}))
    return _CONVERTER[0]


def _check_slide(slide: Slide, shown: RenderedSlide, rules: Rules) -> list[Finding]:
    lines = split_lines(slide.body)
    visible = [line for line in split_lines(without_comments(slide.body)) if line.strip()]
    if not visible:
        where = next(
            (slide.body_location(n) for n, line in enumerate(lines, 1) if line.strip()), slide.start
        )
        return [error(where, "empty-slide", f"{slide.label} is empty")]
    text = _slide_text(slide, shown, lines)
    return [finding for rule in SLIDE_RULES for finding in rule(text, rules)]


def _slide_text(slide: Slide, shown: RenderedSlide, lines: list[str]) -> SlideText:
    code = scan_code(lines).is_code
    masked = _masked_lines(lines, code)
    text_lines = [
        masked[i]
        for i in range(len(lines))
        if not code[i] and _shows_text(masked[i]) and not HEADING_LINE_RE.match(lines[i])
    ]
    where = _first_content_location(slide, lines)
    links = written_links(shown)
    return SlideText(slide, lines, code, text_lines, links, link_lines(links, masked), where)


def written_links(shown: RenderedSlide) -> list[HtmlLink]:
    """The links and images of a rendered slide (not its notes), in order, each `url` the
    target as the source writes it (before the decks plugin made it a page URL)."""
    links = shown.links if isinstance(shown, BuiltSlide) else fragment_links(shown.html)
    return [replace(link, url=shown.written.get(link.url, link.url)) for link in links]


def _is_guide_link(link: HtmlLink) -> bool:
    """Slides sit at the virtual `folien/<name>.md`: guide pages are reached through `../`."""
    return is_followed(link) and link.url.startswith("../")


def link_lines(links: list[HtmlLink], lines: list[str]) -> list[int | None]:
    """The 0-based line of `lines` (masked: no code, comments or code spans) that writes each
    of `links`, in order: each link's target (else its text or alt) is searched from where the
    last link with the same target was found. None where no line writes it."""
    after: dict[str, tuple[int, int]] = {}  # needle -> (line, column) to search on from

    def find(needle: str) -> int | None:
        line, column = after.get(needle, (0, 0))
        while line < len(lines):
            found = lines[line].find(needle, column)
            if found != -1:
                after[needle] = (line, found + len(needle))
                return line
            line, column = line + 1, 0
        return None

    found: list[int | None] = []
    for link in links:
        needles = [needle for needle in (link.url, link.text) if needle and needle.strip()]
        found.append(next((n for n in map(find, needles) if n is not None), None))
    return found


def _first_content_location(slide: Slide, lines: list[str]) -> Location:
    for number, line in enumerate(lines, start=1):
        if without_comments(line).strip():
            return slide.body_location(number)
    return slide.start


def _masked_lines(lines: list[str], code: list[bool]) -> list[str]:
    """The slide's lines with code blocks, comments and inline code spans blanked."""
    shown = (
        " " * len(line) if is_code else line for line, is_code in zip(lines, code, strict=True)
    )
    text = "\n".join(shown)
    return _blank_code_spans(blank_comments(text)).split("\n")


def _blank_code_spans(text: str) -> str:
    """`text` with its inline code spans blanked, newlines kept (CommonMark): a run of n
    backticks, not after a backslash, opens a span that the next run of exactly n backticks
    in the same paragraph closes."""
    if "`" not in text:
        return text
    chars = list(text)
    start = 0
    for end in [*(match.start() for match in BLANK_LINE_RE.finditer(text)), len(text)]:
        runs = [match.span() for match in BACKTICKS_RE.finditer(text, start, end)]
        by_length: dict[int, list[int]] = {}
        for number, (run_start, run_end) in enumerate(runs):
            by_length.setdefault(run_end - run_start, []).append(number)
        pointer = dict.fromkeys(by_length, 0)
        number = 0
        while number < len(runs):
            run_start, run_end = runs[number]
            same = by_length[run_end - run_start]
            position = pointer[run_end - run_start]
            while position < len(same) and same[position] <= number:
                position += 1
            pointer[run_end - run_start] = position
            escaped = run_start > 0 and text[run_start - 1] == "\\"
            if escaped or position == len(same):
                number += 1
                continue
            closer = same[position]
            for index in range(run_start, runs[closer][1]):
                if chars[index] != "\n":
                    chars[index] = " "
            number = closer + 1
        start = end
    return "".join(chars)


def _shows_text(line: str) -> bool:
    """A line of text on the slide, not only tags (`<div class="columns">`) or an image."""
    return WORD_CHAR_RE.search(TAG_RE.sub(" ", IMAGE_RE.sub(" ", line))) is not None


def _count_words(text: str) -> int:
    text = LINK_RE.sub(r"\1", text)
    return len(WORD_RE.findall(TAG_RE.sub(" ", text)))


def _check_code_blocks(
    slide: Slide, lines: list[str], code: list[bool], rules: Rules, name: str
) -> list[Finding]:
    findings: list[Finding] = []
    index = 0
    while index < len(lines):
        if not code[index]:
            index += 1
            continue
        start = index
        while index < len(lines) and code[index]:
            index += 1
        block = lines[start:index]
        fenced = FENCE_RE.match(block[0]) is not None
        length = max(0, len(block) - 2) if fenced else len(block)
        if length > rules.max_code_lines:
            message = f"code block on {name} has {length} lines (at most {rules.max_code_lines})"
            findings.append(warning(slide.body_location(start + 1), "code-too-long", message))
    return findings


def _check_duration(deck: Deck, rules: Rules) -> list[Finding]:
    """Compare the spoken notes with the slot: too long or far too short is a warning."""
    duration = deck.duration  # an invalid value is the parser's finding
    if duration is None or not deck.slides:
        return []
    where = Location(deck.path, deck.meta_lines.get("duration", 1))
    words = sum(len(WORD_RE.findall(slide.notes)) for slide in deck.slides)
    minutes = words / max(rules.words_per_minute, 1)
    spoken = f"{words} words of notes ≈ {minutes:.1f} min at {rules.words_per_minute} words/min"
    if minutes > duration * (1 + rules.duration_tolerance):
        message = f"talk too long: {spoken}, slot is {duration:g} min"
        return [warning(where, "talk-too-long", message)]
    if minutes < duration * (1 - rules.short_tolerance):
        message = f"talk far too short: {spoken}, slot is {duration:g} min"
        return [warning(where, "talk-too-short", message)]
    return []
