"""Parse a deck (`slides/<name>.md`) into slides, the way reveal.js will show it.

The parser is the contract between the deck hook (which hands `Deck.markdown`
to reveal.js) and the checks (which need titles, notes, routes and the source
line of every slide line, also for included files). It never raises: every
problem in the input becomes a `Finding`, so a broken deck gives an editor a
`path:line` message instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from talk_kit.decks.fences import scan_code
from talk_kit.decks.includes import IncludeProblem, outside_files, resolve_include
from talk_kit.decks.routes import slide_label
from talk_kit.sitecheck.findings import Finding, Location, error, warning
from talk_kit.sitecheck.sources import read_text, relative, split_front_matter, split_lines

MAX_INCLUDE_DEPTH = 20
GERMAN_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]

INCLUDE_RE = re.compile(r"""^--8<--[ \t]+(["'])(?P<path>[^"']+)\1[ \t]*$""")
PLACEHOLDER_RE = re.compile(r"\{\{\s*(?P<key>[A-Za-z_][\w-]*)\s*\}\}")
NOTES_RE = re.compile(r"^\s*notes?:", re.IGNORECASE)
CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
# Characters with a meaning anywhere in a line, and what a line may not start with as text.
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]{}<>|~])")
MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_\[\]{}<>|~#+\-=.)!])")
FRAGMENT_RE = re.compile(r"""class\s*=\s*["'][^"'\n]*\bfragment\b|\{[^{}\n]*\.fragment\b""")
ELEMENT_ID_RE = re.compile(r"""\bid\s*=\s*["']([^"'\n]+)["']|\{[^{}\n]*#([\w-]+)""")
UNSUPPORTED_KEYS = {
    "separator": "slides are separated by '---' lines (vertical: '----'), with blank lines around",
    "verticalSeparator": "vertical slides are separated by '----' lines, with blank lines around",
    "notesSeparator": "speaker notes start with a line 'Note:'",
}
HEADING_RE = re.compile(r"^ {0,3}(?P<hashes>#{1,3})(?:[ \t]+(?P<text>.*))?$")
ATTR_RE = re.compile(
    r"""(?P<name>[\w-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))"""
)
KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
HORIZONTAL = "---"
VERTICAL = "----"


@dataclass
class Slide:
    """One reveal.js slide; `h`/`v` are its route `#/h/v`, `index` its linear position."""

    index: int
    h: int
    v: int
    title: str | None
    title_line: Location | None
    body: str
    notes: str
    start: Location
    slide_id: str | None
    classes: tuple[str, ...]
    is_content: bool
    attributes: dict[str, str] = field(default_factory=dict)  # from `<!-- .slide: … -->`
    body_lines: list[Location] = field(default_factory=list)
    notes_lines: list[Location] = field(default_factory=list)
    fragments: int = 0  # build-up steps: elements with the class `fragment`
    element_ids: frozenset[str] = frozenset()  # ids on the slide, which `#/id` routes also reach

    @property
    def label(self) -> str:
        """`slide 35 (#/34)`: the number the deck shows, and its route."""
        return slide_label(self)

    def body_location(self, line: int) -> Location:
        """Source location of 1-based `line` of `body` (clamped, for safety)."""
        return _pick(self.body_lines, line, self.start)


@dataclass
class Deck:
    """A parsed deck: `markdown` is exactly what reveal.js receives."""

    name: str
    path: str
    meta: dict[str, Any]
    slides: list[Slide]
    findings: list[Finding]
    markdown: str
    markdown_locations: list[Location]
    front_matter_end: int = 0
    meta_lines: dict[str, int] = field(default_factory=dict)  # front matter key -> file line
    sources: tuple[Path, ...] = ()  # the deck file and every file it includes (real paths)
    allow_external_assets: bool = False

    def reveal_options(self) -> dict[str, Any]:
        """The deck's `revealjs:` options, without asset options unless they are allowed."""
        options = self.meta.get("revealjs")
        if not isinstance(options, dict):
            return {}
        return {
            str(key): value
            for key, value in options.items()
            if self.allow_external_assets or not _loads_assets(str(key), value)
        }

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.name)

    @property
    def duration(self) -> float | None:
        """The slot in minutes (`duration:`); None if missing or invalid (that is a finding)."""
        return duration_minutes(self.meta.get("duration"))

    def slide_with_element(self, element_id: str) -> Slide | None:
        """The slide a `#/name` route opens: the one with that id, or an element with it."""
        return self._by_id.get(element_id) or self._by_element.get(element_id)

    def slide_at(self, h: int, v: int = 0) -> Slide | None:
        return self._by_position.get((h, v))

    # Lookups by id and position, built once: a site may link to a deck's slides many times.
    @cached_property
    def _by_id(self) -> dict[str, Slide]:
        by_id: dict[str, Slide] = {}
        for slide in self.slides:
            if slide.slide_id:
                by_id.setdefault(slide.slide_id, slide)
        return by_id

    @cached_property
    def _by_element(self) -> dict[str, Slide]:
        return {element: slide for slide in reversed(self.slides) for element in slide.element_ids}

    @cached_property
    def _by_position(self) -> dict[tuple[int, int], Slide]:
        return {(slide.h, slide.v): slide for slide in self.slides}


def _pick(locations: list[Location], line: int, default: Location) -> Location:
    if not locations:
        return default
    return locations[max(0, min(line, len(locations)) - 1)]


def german_date(value: dt.date) -> str:
    """`2026-11-16` -> `16. November 2026`, independent of the machine's locale."""
    return f"{value.day}. {GERMAN_MONTHS[value.month - 1]} {value.year}"


def _loads_assets(key: str, value: Any) -> bool:
    """True for a `revealjs:` option that makes the page load code or styles from a URL.

    `cdn`, `js` and `mermaid` always do; `theme` and `highlight` only when they name a URL
    rather than one of the bundled themes (`white`, `atom-one-light`).
    """
    if key in ("cdn", "js", "mermaid"):
        return True
    if key in ("theme", "highlight"):
        return any(":" in text or "/" in text for text in _strings(value))
    return False


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def duration_minutes(value: Any) -> float | None:
    """`duration:` as minutes: a positive number (`30`, `30.5`, `"30"`); None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if isinstance(value, int | float) and 0 < value < 24 * 60:
        return float(value)
    return None


def markdown_text(value: str, line_start: bool = True) -> str:
    """`value` as literal text in Markdown: no tags, no emphasis, no links.

    At the start of a line (`line_start`) a leading `#`, `-` or `1.` is escaped too.
    """
    escaped = MARKDOWN_INLINE.sub(r"\\\1", html.escape(value, quote=False))
    if not line_start:
        return escaped
    return MARKDOWN_LINE_START.sub(
        lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}", escaped
    )


class _Expander:
    """Expands include lines recursively, remembering each line's source."""

    def __init__(self, root: Path, allowed: Sequence[Path], findings: list[Finding]) -> None:
        self.root = root
        self.allowed = allowed
        self.findings = findings
        self.sources: list[Path] = []

    def expand(
        self, lines: list[str], first: int, path: Path, stack: tuple[Path, ...]
    ) -> list[tuple[str, Location]]:
        rel = relative(path, self.root)
        out: list[tuple[str, Location]] = []
        in_fence = scan_code(lines).in_fence
        for index in range(first, len(lines)):
            line = lines[index]
            location = Location(rel, index + 1)
            match = None if in_fence[index] else INCLUDE_RE.match(line)
            if match is None:
                out.append((line, location))
                continue
            out.extend(self._include(path.parent, match.group("path"), location, stack))
        return out

    def _include(
        self, folder: Path, written: str, location: Location, stack: tuple[Path, ...]
    ) -> list[tuple[str, Location]]:
        target = folder / written
        resolved = resolve_include(target, self.allowed, written)
        if isinstance(resolved, IncludeProblem):
            self.findings.append(error(location, resolved.code, resolved.message))
            return []
        shown = relative(resolved, self.root)
        if resolved in stack:
            self.findings.append(error(location, "include-cycle", f"'{shown}' includes itself"))
            return []
        if len(stack) > MAX_INCLUDE_DEPTH:
            self.findings.append(error(location, "include-depth", "includes nested too deeply"))
            return []
        self.sources.append(resolved)
        text = read_text(resolved, shown, self.findings)
        if text is None:
            return []
        lines = split_lines(text)
        _, first = split_front_matter(lines, shown, self.findings)
        return self.expand(lines, first, resolved, (*stack, resolved))


def _substitute(
    lines: list[tuple[str, Location]], meta: dict[str, Any] | None, findings: list[Finding]
) -> list[str]:
    """Replace `{{ key }}` by the front matter value, as text; code keeps its placeholders.

    With broken front matter (`meta` None) placeholders stay as written: that one error is
    reported at the front matter, not once more at every placeholder.
    """

    def value(match: re.Match[str], location: Location, line_start: bool) -> str:
        key = match.group("key")
        if meta is None:
            return match.group(0)
        if key not in meta:
            message = f"'{{{{ {key} }}}}' has no front matter key '{key}'"
            findings.append(error(location, "unknown-placeholder", message))
            return match.group(0)
        return markdown_text(_display(meta[key]), line_start)

    code = scan_code([text for text, _ in lines]).is_code
    return [
        text
        if is_code or "{{" not in text
        else _substitute_line(text, lambda m, start, loc=loc: value(m, loc, start))
        for (text, loc), is_code in zip(lines, code, strict=True)
    ]


def _substitute_line(text: str, replace: Any) -> str:
    """Substitute outside inline code spans (`` `{{ title }}` `` teaches the syntax).

    `replace(match, line_start)` learns whether the placeholder begins the line, where a
    value such as `1. Platz` or `# 1` would otherwise start a list or a heading.
    """

    def substitute(segment: str, first: bool) -> str:
        return PLACEHOLDER_RE.sub(
            lambda m: replace(m, first and not segment[: m.start()].strip()), segment
        )

    parts: list[str] = []
    position = 0
    for span in CODE_SPAN_RE.finditer(text):
        parts += [substitute(text[position : span.start()], position == 0), span.group(0)]
        position = span.end()
    parts.append(substitute(text[position:], position == 0))
    return "".join(parts)


def _display(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return german_date(value.date())
    if isinstance(value, dt.date):
        return german_date(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return german_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return "" if value is None else str(value)


def _is_separator(lines: list[str], index: int, code: list[bool]) -> str | None:
    stripped = lines[index].rstrip()
    if stripped not in (HORIZONTAL, VERTICAL):
        return None
    before = index == 0 or not lines[index - 1].strip()
    after = index == len(lines) - 1 or not lines[index + 1].strip()
    return stripped if before and after and not code[index] else None


def _chunks(
    lines: list[str], locations: list[Location], findings: list[Finding]
) -> list[tuple[str, int | None, list[int]]]:
    """Split line indices into slides: (separator before, its line index, line indices)."""
    scan = scan_code(lines)
    if scan.unclosed is not None:
        findings.append(
            error(
                locations[scan.unclosed],
                "unclosed-fence",
                "code fence is never closed; the rest of the deck is code",
            )
        )
    chunks: list[tuple[str, int | None, list[int]]] = [(HORIZONTAL, None, [])]
    in_notes = False
    for index, line in enumerate(lines):
        separator = _is_separator(lines, index, scan.is_code)
        if separator is not None:
            chunks.append((separator, index, []))
            in_notes = False
            continue
        if not scan.is_code[index] and NOTES_RE.match(line):
            in_notes = True
        elif in_notes and not scan.is_code[index] and line.rstrip() in (HORIZONTAL, VERTICAL):
            message = (
                f"'{line.rstrip()}' in the speaker notes is no slide separator without a blank "
                "line before and after it; the next slide becomes part of these notes"
            )
            findings.append(warning(locations[index], "separator-in-notes", message))
        if scan.in_fence[index] and line.rstrip() in (HORIZONTAL, VERTICAL):
            blank_around = (index == 0 or not lines[index - 1].strip()) and (
                index == len(lines) - 1 or not lines[index + 1].strip()
            )
            if blank_around:
                message = (
                    "slide separator inside a code fence; reveal.js would split the slide here"
                )
                findings.append(error(locations[index], "separator-in-fence", message))
        chunks[-1][2].append(index)
    return chunks


def _slide(
    number: int,
    h: int,
    v: int,
    indices: list[int],
    lines: list[str],
    locations: list[Location],
    fallback: Location,
    findings: list[Finding],
) -> Slide:
    body_idx: list[int] = []
    notes_idx: list[int] = []
    code = scan_code([lines[i] for i in indices]).is_code
    for position, index in enumerate(indices):
        if notes_idx or (not code[position] and NOTES_RE.match(lines[index])):
            notes_idx.append(index)
        else:
            body_idx.append(index)
    body_lines = [lines[i] for i in body_idx]
    body = "\n".join(body_lines)
    notes_lines = [lines[i] for i in notes_idx]
    if notes_lines:
        notes_lines[0] = NOTES_RE.sub("", notes_lines[0], count=1)
    body_code = scan_code(body_lines).is_code
    title, title_index = _title(body_lines, body_code)
    prose_idx = [i for i, is_code in zip(body_idx, body_code, strict=True) if not is_code]
    prose = "\n".join(lines[i] for i in prose_idx)
    comments = slide_attribute_comments(prose)
    attributes = comments[0][1] if comments else {}
    classes = tuple(attributes.get("class", "").split())
    start = locations[indices[0]] if indices else fallback
    slide = Slide(
        index=number,
        h=h,
        v=v,
        title=title,
        title_line=locations[body_idx[title_index]] if title_index is not None else None,
        body=body,
        notes="\n".join(notes_lines).strip(),
        start=start,
        slide_id=attributes.get("id") or None,
        classes=classes,
        is_content=number != 0 and not {"title", "section"} & set(classes),
        attributes=attributes,
        body_lines=[locations[i] for i in body_idx],
        notes_lines=[locations[i] for i in notes_idx],
        fragments=len(FRAGMENT_RE.findall(prose)),
        element_ids=frozenset(a or b for a, b in ELEMENT_ID_RE.findall(prose)),
    )
    where = [locations[prose_idx[prose.count("\n", 0, offset)]] for offset, _ in comments]
    for location, (_, lost) in zip(where[1:], comments[1:], strict=True):
        findings.append(_duplicate_attributes(slide, location, lost, where[0]))
    return slide


def _duplicate_attributes(
    slide: Slide, location: Location, lost: dict[str, str], first: Location
) -> Finding:
    """A second `.slide:` comment: the renderer applies only a slide's first one."""
    first_at = f"line {first.line}" if first.path == location.path else str(first)
    names = ", ".join(f'{name}="{value}"' for name, value in lost.items()) or "nothing"
    message = (
        f"{slide.label} has a second '<!-- .slide: ... -->' comment; only the first one "
        f"({first_at}) sets the slide's attributes, so this one's {names} "
        f"{'is' if len(lost) == 1 else 'are'} lost; merge them into the first comment"
    )
    return warning(location, "duplicate-slide-attributes", message)


def _title(body_lines: list[str], code: list[bool]) -> tuple[str | None, int | None]:
    for index, line in enumerate(body_lines):
        if code[index]:
            continue
        match = HEADING_RE.match(line)
        if match:
            return heading_text(match.group("text") or ""), index
    return None, None


def heading_text(text: str) -> str:
    """A heading's plain text: no closing hashes, `{attr_list}`, comments or emphasis marks.

    Written with string methods, not regular expressions, so that no input (long runs of
    spaces or braces) makes it slower than linear.
    """
    text = without_comments(text).rstrip()
    if text.endswith("}"):
        opening = text.rfind("{")
        if opening != -1:
            text = text[:opening].rstrip()
    without_hashes = text.rstrip("#")
    if without_hashes != text and (not without_hashes or without_hashes[-1] in " \t"):
        text = without_hashes
    text = html.unescape(MARKDOWN_ESCAPE.sub(r"\1", text))
    return " ".join(text.translate(str.maketrans("", "", "*_`")).split())


def html_comments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each complete `<!-- … -->`, in one left-to-right pass."""
    comments: list[tuple[int, int, str]] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break  # no comment closes after here, so none starting later does either
        comments.append((start, end + 3, text[start + 4 : end]))
        position = end + 3
    return comments


def without_comments(text: str) -> str:
    """`text` without its complete HTML comments (an unclosed `<!--` stays text)."""
    pieces: list[str] = []
    position = 0
    for start, end, _ in html_comments(text):
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def blank_comments(text: str) -> str:
    """`text` with its complete HTML comments blanked, every offset and newline kept."""
    pieces: list[str] = []
    position = 0
    for start, end, _ in html_comments(text):
        comment = text[start:end]
        pieces += [text[position:start], "".join(c if c == "\n" else " " for c in comment)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def slide_attributes(prose: str) -> dict[str, str]:
    """Attributes of the first `<!-- .slide: id="x" class="y" -->` (names lower-cased)."""
    comments = slide_attribute_comments(prose)
    return comments[0][1] if comments else {}


def slide_attribute_comments(prose: str) -> list[tuple[int, dict[str, str]]]:
    """(offset, attributes) of every `<!-- .slide: … -->` comment in `prose`, in order."""
    found: list[tuple[int, dict[str, str]]] = []
    for start, _, inner in html_comments(prose):
        stripped = inner.lstrip()
        if stripped.startswith(".slide:"):
            found.append((start, comment_attributes(stripped[len(".slide:") :])))
    return found


def comment_attributes(text: str) -> dict[str, str]:
    """`name="value"` pairs of a reveal.js attribute comment (`.slide:` or `.element:`)."""
    attrs: dict[str, str] = {}
    for attr in ATTR_RE.finditer(text):
        value = next(attr.group(g) for g in ("dq", "sq", "bare") if attr.group(g) is not None)
        attrs[attr.group("name").lower()] = value
    return attrs


def parse_deck(
    path: Path,
    root: Path,
    allowed: Sequence[Path] | None = None,
    allow_external_assets: bool = False,
) -> Deck:
    """Parse `path`; never raises, all problems end up in `Deck.findings`.

    Includes may only read inside `allowed` (real paths; by default the deck's own folder).
    """
    rel = relative(path, root)
    findings: list[Finding] = []
    folders = tuple(allowed) if allowed is not None else (path.parent.resolve(),)
    try:
        deck = _parse(path, root, rel, folders, findings)
        deck.allow_external_assets = allow_external_assets
        if not allow_external_assets:
            findings.extend(_asset_findings(deck))
        return deck
    except Exception as exc:
        findings.append(error(Location(rel, 1), "internal-error", f"deck parser failed: {exc!r}"))
        return Deck(path.stem, rel, {}, [], findings, "", [], sources=(path,))


def _asset_findings(deck: Deck) -> list[Finding]:
    options = deck.meta.get("revealjs")
    if not isinstance(options, dict):
        return []
    where = Location(deck.path, deck.meta_lines.get("revealjs", 1))
    return [
        error(
            where,
            "external-asset",
            f"'revealjs: {key}:' would make the deck load code or styles from another host, "
            "which the page leaves out; remove it, or allow it for the whole site with "
            "'extra: decks: allow_external_assets: true' in mkdocs.yml",
        )
        for key, value in options.items()
        if _loads_assets(str(key), value)
    ]


def _parse(
    path: Path, root: Path, rel: str, allowed: tuple[Path, ...], findings: list[Finding]
) -> Deck:
    for problem in outside_files({rel: path}, allowed).values():  # a symlink to elsewhere
        findings.append(error(Location(rel, 1), problem.code, problem.message))
        return Deck(path.stem, rel, {}, [], findings, "", [], sources=(path,))
    text = read_text(path, rel, findings)
    if text is None:
        return Deck(path.stem, rel, {}, [], findings, "", [], sources=(path,))
    return _parse_text(text, path, root, rel, allowed, findings)


def _key_lines(lines: list[str], first: int) -> dict[str, int]:
    """Line of each top-level front matter key, to report e.g. a too long `duration`."""
    keys: dict[str, int] = {}
    for index in range(1, max(first - 1, 1)):
        match = KEY_RE.match(lines[index])
        if match:
            keys.setdefault(match.group(1), index + 1)
    return keys


def _check_meta(meta: dict[str, Any], rel: str, meta_lines: dict[str, int]) -> list[Finding]:
    """Front matter the deck cannot work with: no title, a bad `duration`, foreign options."""
    findings: list[Finding] = []
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        findings.append(error(Location(rel, 1), "front-matter", "front matter needs a 'title'"))
    if "duration" in meta and duration_minutes(meta["duration"]) is None:
        where = Location(rel, meta_lines.get("duration", 1))
        message = f"'duration' must be the talk's minutes, e.g. 30 (found {meta['duration']!r})"
        findings.append(error(where, "front-matter", message))
    for key, advice in UNSUPPORTED_KEYS.items():
        if key in meta:
            where = Location(rel, meta_lines.get(key, 1))
            findings.append(error(where, "front-matter", f"'{key}' is not supported: {advice}"))
    return findings


def _parse_text(
    text: str, path: Path, root: Path, rel: str, allowed: tuple[Path, ...], findings: list[Finding]
) -> Deck:
    lines = split_lines(text)
    parsed_meta, first = split_front_matter(lines, rel, findings)
    meta = parsed_meta or {}
    meta_lines = _key_lines(lines, first)
    real = path.resolve()
    if not text.strip():
        findings.append(error(Location(rel, 1), "empty-file", "the deck is empty"))
        return Deck(path.stem, rel, meta, [], findings, "", [], first, sources=(real,))
    if parsed_meta is not None:
        findings.extend(_check_meta(meta, rel, meta_lines))
    expander = _Expander(root, allowed, findings)
    expanded = expander.expand(lines, first, real, (real,))
    locations = [loc for _, loc in expanded]
    body_lines = _substitute(expanded, parsed_meta, findings)
    fallback = Location(rel, max(first, 1))
    slides: list[Slide] = []
    h, v = -1, 0
    for separator, at, indices in _chunks(body_lines, locations, findings):
        h, v = (h + 1, 0) if separator == HORIZONTAL else (h, v + 1)
        start = locations[at] if at is not None else fallback
        slides.append(_slide(len(slides), h, v, indices, body_lines, locations, start, findings))
    markdown = "\n".join(body_lines)
    sources = (real, *expander.sources)
    return Deck(
        path.stem, rel, meta, slides, findings, markdown, locations, first, meta_lines, sources
    )
