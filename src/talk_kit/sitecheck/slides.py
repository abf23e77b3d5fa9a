"""Slide structure checks: what makes a slide readable from the back row.

Thresholds come from `Rules` (mkdocs.yml, then the deck's `check:` front
matter). Findings point at the source line of the slide, also when the slide
comes from an included file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from talk_kit.decks.model import Deck, Slide
from talk_kit.sitecheck.config import Rules, apply_severity
from talk_kit.sitecheck.fences import FENCE_RE, LIST_ITEM_RE, scan_code, split_lines
from talk_kit.sitecheck.findings import Finding, Location, error, warning
from talk_kit.sitecheck.markdown_links import HTML_SRC, MD_IMAGE


def check_link_texts(text, links, locate, rules):  # type: ignore[no-untyped-def]  # TEMP until the decks branch lands
    findings = []
    generic = set(rules.generic_link_texts)
    for link in links:
        location = locate(link.line)
        image = link.kind == MD_IMAGE or (link.kind == HTML_SRC and link.tag == "img")
        if image and not link.text.strip():
            message = f"image '{link.target}' has no alt text; describe what it shows"
            findings.append(error(location, "missing-alt", message))
        elif (
            link.kind in (MD_LINK, HTML_HREF)
            and " ".join(re.sub(r"[^\w\s]", " ", link.text.lower()).split()) in generic
        ):
            message = f"link text '{link.text}' says nothing about '{link.target}'; name the target"
            findings.append(warning(location, "generic-link-text", message))
    return findings


from talk_kit.sitecheck.markdown_links import (
    COMMENT_RE,
    HTML_HREF,
    MD_LINK,
    Link,
    extract_links,
    mask_code,
    strip_comments,
)

HEADING_LINE_RE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
# Bracket and parenthesis classes exclude their own opening character, so that runs of `[` or
# `](` cost linear time: a search never re-reads what the previous one has read.
LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
IMAGE_RE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
WORD_CHAR_RE = re.compile(r"\w")
TAG_RE = re.compile(r"<[^<>]*>")  # no `<` inside: a run of `<` is not scanned again and again
WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")


def check_deck(deck: Deck, base: Rules) -> list[Finding]:
    """All slide findings of one deck, with the deck's own `check:` overrides applied."""
    where = Location(deck.path, deck.meta_lines.get("check", 1))
    rules, findings = base.merged(deck.meta.get("check"), where)
    titles: dict[str, Slide] = {}
    for slide in deck.slides:
        findings.extend(_check_slide(slide, rules))
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
    links: list[Link]
    where: Location  # the slide's first content line: where slide-wide findings go

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
    return check_link_texts(text.slide.body, text.links, text.slide.body_location, rules)


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


def _check_slide(slide: Slide, rules: Rules) -> list[Finding]:
    lines = split_lines(slide.body)
    visible = [line for line in split_lines(strip_comments(slide.body)) if line.strip()]
    if not visible:
        where = next(
            (slide.body_location(n) for n, line in enumerate(lines, 1) if line.strip()), slide.start
        )
        return [error(where, "empty-slide", f"{slide.label} is empty")]
    text = _slide_text(slide, lines)
    return [finding for rule in SLIDE_RULES for finding in rule(text, rules)]


def _slide_text(slide: Slide, lines: list[str]) -> SlideText:
    code = scan_code(lines).is_code
    masked = split_lines(mask_code(slide.body))
    text_lines = [
        masked[i]
        for i in range(len(lines))
        if not code[i] and _shows_text(masked[i]) and not HEADING_LINE_RE.match(lines[i])
    ]
    where = _first_content_location(slide, lines)
    return SlideText(slide, lines, code, text_lines, extract_links(slide.body), where)


def _is_guide_link(link: Link) -> bool:
    """Slides sit at the virtual `folien/<name>.md`: guide pages are reached through `../`."""
    return link.kind in (MD_LINK, HTML_HREF) and link.target.startswith("../")


def _first_content_location(slide: Slide, lines: list[str]) -> Location:
    for number, line in enumerate(lines, start=1):
        if line.strip() and not COMMENT_RE.fullmatch(line.strip()):
            return slide.body_location(number)
    return slide.start


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
