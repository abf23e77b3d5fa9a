"""Slide structure checks: what makes a slide readable from the back row.

Thresholds come from `Rules` (mkdocs.yml, then the deck's `check:` front
matter). Findings point at the source line of the slide, also when the slide
comes from an included file.
"""

from __future__ import annotations

import re

from talk_kit.decks.model import Deck, Slide
from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.content import check_link_texts
from talk_kit.sitecheck.fences import FENCE_RE, LIST_ITEM_RE, scan_code, split_lines
from talk_kit.sitecheck.findings import Finding, Location, error, warning
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
        findings.extend(_check_slide(slide, rules, deck.name))
        if slide.title:
            first = titles.setdefault(slide.title, slide)
            if first is not slide and slide.title_line is not None:
                message = f"title '{slide.title}' already used by {first.label}"
                findings.append(warning(slide.title_line, "duplicate-title", message))
    findings.extend(_check_duration(deck, rules))
    return apply_severity(findings, rules)


def apply_severity(findings: list[Finding], rules: Rules) -> list[Finding]:
    """Apply `severity:` overrides: a code can become error, warning or off."""
    if not rules.severity:
        return findings
    adjusted: list[Finding] = []
    for finding in findings:
        severity = rules.severity_of(finding.code, finding.severity)
        if severity != "off":
            finding.severity = severity
            adjusted.append(finding)
    return adjusted


def _check_slide(slide: Slide, rules: Rules, deck_name: str) -> list[Finding]:
    lines = split_lines(slide.body)
    visible = [line for line in split_lines(strip_comments(slide.body)) if line.strip()]
    name = slide.label
    if not visible:
        where = next(
            (slide.body_location(n) for n, line in enumerate(lines, 1) if line.strip()), slide.start
        )
        return [error(where, "empty-slide", f"{name} is empty")]
    findings: list[Finding] = []
    first_line = _first_content_location(slide, lines)
    if slide.title is None:
        message = f"{name} has no title; start it with a '#', '##' or '###' heading"
        findings.append(error(first_line, "missing-title", message))
    findings.extend(_check_body(slide, lines, rules, name, first_line))
    if rules.require_notes and slide.is_content and not slide.notes.strip():
        message = f"{name} has no speaker notes; add 'Note:' and what you want to say"
        findings.append(warning(first_line, "missing-notes", message))
    links = extract_links(slide.body)
    if rules.require_guide_link and slide.is_content and not any(map(_is_guide_link, links)):
        message = f"{name} links to no guide page; add one (e.g. '../thema.md') for attendees"
        findings.append(warning(first_line, "missing-guide-link", message))
    findings.extend(check_link_texts(slide.body, links, slide.body_location, rules))
    return findings


def _is_guide_link(link: Link) -> bool:
    """Slides sit at the virtual `folien/<name>.md`: guide pages are reached through `../`."""
    return link.kind in (MD_LINK, HTML_HREF) and link.target.startswith("../")


def _first_content_location(slide: Slide, lines: list[str]) -> Location:
    for number, line in enumerate(lines, start=1):
        if line.strip() and not COMMENT_RE.fullmatch(line.strip()):
            return slide.body_location(number)
    return slide.start


def _check_body(
    slide: Slide, lines: list[str], rules: Rules, name: str, where: Location
) -> list[Finding]:
    findings: list[Finding] = []
    code = scan_code(lines).is_code
    masked = split_lines(mask_code(slide.body))
    text_lines = [
        masked[i]
        for i in range(len(lines))
        if not code[i] and _shows_text(masked[i]) and not HEADING_LINE_RE.match(lines[i])
    ]
    bullets = sum(1 for line in text_lines if LIST_ITEM_RE.match(line))
    if bullets > rules.max_bullets:
        message = f"{name} has {bullets} bullets (at most {rules.max_bullets}); split the slide"
        findings.append(warning(where, "too-many-bullets", message))
    words = _count_words("\n".join(text_lines))
    if words > rules.max_words:
        message = f"{name} has {words} words (at most {rules.max_words}); move detail to the notes"
        findings.append(warning(where, "too-many-words", message))
    if len(text_lines) > rules.max_body_lines:
        message = f"{name} has {len(text_lines)} lines of text (at most {rules.max_body_lines})"
        findings.append(warning(where, "too-many-lines", message))
    findings.extend(_check_code_blocks(slide, lines, code, rules, name))
    return findings


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
