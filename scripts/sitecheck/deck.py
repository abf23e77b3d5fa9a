"""Parse a deck (`slides/<name>.md`) into slides, the way reveal.js will show it.

The parser is the contract between the deck hook (which hands `Deck.markdown`
to reveal.js) and the checks (which need titles, notes, routes and the source
line of every slide line, also for included files). It never raises: every
problem in the input becomes a `Finding`, so a broken deck gives an editor a
`path:line` message instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .fences import scan_code, split_lines
from .findings import Finding, Location, error

MAX_BYTES = 2_000_000
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
HEADING_RE = re.compile(r"^ {0,3}(?P<hashes>#{1,3})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
SLIDE_ATTRS_RE = re.compile(r"<!--\s*\.slide:(?P<attrs>.*?)-->", re.DOTALL)
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
    body_lines: list[Location] = field(default_factory=list)
    notes_lines: list[Location] = field(default_factory=list)

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

    def slide_by_id(self, slide_id: str) -> Slide | None:
        return next((s for s in self.slides if s.slide_id == slide_id), None)

    def has_route(self, h: int, v: int = 0) -> bool:
        return any(s.h == h and s.v == v for s in self.slides)


def _pick(locations: list[Location], line: int, default: Location) -> Location:
    if not locations:
        return default
    return locations[max(0, min(line, len(locations)) - 1)]


def german_date(value: dt.date) -> str:
    """`2026-11-16` -> `16. November 2026`, independent of the machine's locale."""
    return f"{value.day}. {GERMAN_MONTHS[value.month - 1]} {value.year}"


def relative(path: Path, root: Path) -> str:
    """Project-relative POSIX path for reports; absolute if outside the project."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, rel: str, findings: list[Finding]) -> str | None:
    """Read a UTF-8 file; unreadable, huge or non-UTF-8 input becomes a finding."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        findings.append(error(Location(rel, 1), "read-error", f"cannot read file: {exc.strerror}"))
        return None
    if len(data) > MAX_BYTES:
        message = f"file is {len(data)} bytes, more than the limit of {MAX_BYTES}; not checked"
        findings.append(error(Location(rel, 1), "file-too-large", message))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        findings.append(error(Location(rel, line), "encoding", message))
        return data.decode("utf-8-sig", errors="replace")


def split_front_matter(
    lines: list[str], rel: str, findings: list[Finding]
) -> tuple[dict[str, Any], int]:
    """Return (front matter, index of the first body line)."""
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        findings.append(
            error(Location(rel, 1), "front-matter", "front matter is never closed by '---'")
        )
        return {}, 0
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        findings.append(error(Location(rel, line), "front-matter", f"invalid YAML: {problem}"))
        return {}, end + 1
    except Exception as exc:
        findings.append(error(Location(rel, 1), "front-matter", f"invalid YAML: {exc}"))
        return {}, end + 1
    if data is None:
        return {}, end + 1
    if not isinstance(data, dict):
        findings.append(
            error(
                Location(rel, 2), "front-matter", "front matter must be a mapping of keys to values"
            )
        )
        return {}, end + 1
    return {str(k): v for k, v in data.items()}, end + 1


class _Expander:
    """Expands include lines recursively, remembering each line's source."""

    def __init__(self, root: Path, findings: list[Finding]) -> None:
        self.root = root
        self.findings = findings

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
            out.extend(self._include(path.parent / match.group("path"), location, stack))
        return out

    def _include(
        self, target: Path, location: Location, stack: tuple[Path, ...]
    ) -> list[tuple[str, Location]]:
        resolved = target.resolve()
        shown = relative(target, self.root)
        if resolved in stack:
            self.findings.append(error(location, "include-cycle", f"'{shown}' includes itself"))
            return []
        if len(stack) > MAX_INCLUDE_DEPTH:
            self.findings.append(error(location, "include-depth", "includes nested too deeply"))
            return []
        if not resolved.is_file():
            self.findings.append(
                error(location, "missing-include", f"included file '{shown}' not found")
            )
            return []
        text = read_text(resolved, shown, self.findings)
        if text is None:
            return []
        lines = split_lines(text)
        _, first = split_front_matter(lines, shown, self.findings)
        return self.expand(lines, first, resolved, (*stack, resolved))


def _substitute(
    lines: list[tuple[str, Location]], meta: dict[str, Any], findings: list[Finding]
) -> list[str]:
    def value(match: re.Match[str], location: Location) -> str:
        key = match.group("key")
        if key not in meta:
            findings.append(
                error(
                    location,
                    "unknown-placeholder",
                    f"'{{{{ {key} }}}}' has no front matter key '{key}'",
                )
            )
            return match.group(0)
        return _display(meta[key])

    return [
        PLACEHOLDER_RE.sub(lambda m, loc=loc: value(m, loc), text) if "{{" in text else text
        for text, loc in lines
    ]


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
    lines: list[str], locations: list[Location], deck_rel: str, findings: list[Finding]
) -> list[tuple[str, list[int]]]:
    """Split line indices into slides; returns (separator before, line indices)."""
    scan = scan_code(lines)
    if scan.unclosed is not None:
        findings.append(
            error(
                locations[scan.unclosed],
                "unclosed-fence",
                "code fence is never closed; the rest of the deck is code",
            )
        )
    chunks: list[tuple[str, list[int]]] = [(HORIZONTAL, [])]
    for index, line in enumerate(lines):
        separator = _is_separator(lines, index, scan.is_code)
        if separator is not None:
            chunks.append((separator, []))
            continue
        if scan.in_fence[index] and line.rstrip() in (HORIZONTAL, VERTICAL):
            blank_around = (index == 0 or not lines[index - 1].strip()) and (
                index == len(lines) - 1 or not lines[index + 1].strip()
            )
            if blank_around:
                message = (
                    "slide separator inside a code fence; reveal.js would split the slide here"
                )
                findings.append(error(locations[index], "separator-in-fence", message))
        chunks[-1][1].append(index)
    return chunks


def _slide(
    number: int,
    h: int,
    v: int,
    indices: list[int],
    lines: list[str],
    locations: list[Location],
    fallback: Location,
) -> Slide:
    body_idx: list[int] = []
    notes_idx: list[int] = []
    code = scan_code([lines[i] for i in indices]).is_code
    for position, index in enumerate(indices):
        if notes_idx or (not code[position] and NOTES_RE.match(lines[index])):
            notes_idx.append(index)
        else:
            body_idx.append(index)
    body = "\n".join(lines[i] for i in body_idx)
    notes_lines = [lines[i] for i in notes_idx]
    if notes_lines:
        notes_lines[0] = NOTES_RE.sub("", notes_lines[0], count=1)
    title, title_index = _title([lines[i] for i in body_idx])
    slide_id, classes = _attributes(body)
    start = locations[indices[0]] if indices else fallback
    return Slide(
        index=number,
        h=h,
        v=v,
        title=title,
        title_line=locations[body_idx[title_index]] if title_index is not None else None,
        body=body,
        notes="\n".join(notes_lines).strip(),
        start=start,
        slide_id=slide_id,
        classes=classes,
        is_content=number != 0 and not {"title", "section"} & set(classes),
        body_lines=[locations[i] for i in body_idx],
        notes_lines=[locations[i] for i in notes_idx],
    )


def _title(body_lines: list[str]) -> tuple[str | None, int | None]:
    code = scan_code(body_lines).is_code
    for index, line in enumerate(body_lines):
        if code[index]:
            continue
        match = HEADING_RE.match(line)
        if match:
            text = re.sub(r"\s+#+$", "", match.group("text") or "")
            text = re.sub(r"\s*\{[^}]*\}$", "", text)  # attr_list
            text = re.sub(r"<!--.*?-->", "", text)
            return " ".join(re.sub(r"[*_`]", "", text).split()), index
    return None, None


def _attributes(body: str) -> tuple[str | None, tuple[str, ...]]:
    match = SLIDE_ATTRS_RE.search(body)
    if match is None:
        return None, ()
    attrs: dict[str, str] = {}
    for attr in ATTR_RE.finditer(match.group("attrs")):
        value = next(attr.group(g) for g in ("dq", "sq", "bare") if attr.group(g) is not None)
        attrs[attr.group("name").lower()] = value
    return attrs.get("id") or None, tuple(attrs.get("class", "").split())


def parse_deck(path: Path, root: Path) -> Deck:
    """Parse `path`; never raises, all problems end up in `Deck.findings`."""
    rel = relative(path, root)
    findings: list[Finding] = []
    try:
        return _parse(path, root, rel, findings)
    except Exception as exc:
        findings.append(error(Location(rel, 1), "internal-error", f"deck parser failed: {exc!r}"))
        return Deck(path.stem, rel, {}, [], findings, "", [])


def _parse(path: Path, root: Path, rel: str, findings: list[Finding]) -> Deck:
    text = read_text(path, rel, findings)
    if text is None:
        return Deck(path.stem, rel, {}, [], findings, "", [])
    return _parse_text(text, path, root, rel, findings)


def _key_lines(lines: list[str], first: int) -> dict[str, int]:
    """Line of each top-level front matter key, to report e.g. a too long `duration`."""
    keys: dict[str, int] = {}
    for index in range(1, max(first - 1, 1)):
        match = KEY_RE.match(lines[index])
        if match:
            keys.setdefault(match.group(1), index + 1)
    return keys


def _parse_text(text: str, path: Path, root: Path, rel: str, findings: list[Finding]) -> Deck:
    lines = split_lines(text)
    meta, first = split_front_matter(lines, rel, findings)
    meta_lines = _key_lines(lines, first)
    if not text.strip():
        findings.append(error(Location(rel, 1), "empty-file", "the deck is empty"))
        return Deck(path.stem, rel, meta, [], findings, "", [], first)
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        findings.append(error(Location(rel, 1), "front-matter", "front matter needs a 'title'"))
    expanded = _Expander(root, findings).expand(lines, first, path.resolve(), (path.resolve(),))
    locations = [loc for _, loc in expanded]
    body_lines = _substitute(expanded, meta, findings)
    fallback = Location(rel, max(first, 1))
    slides: list[Slide] = []
    h, v = -1, 0
    for separator, indices in _chunks(body_lines, locations, rel, findings):
        h, v = (h + 1, 0) if separator == HORIZONTAL else (h, v + 1)
        slides.append(_slide(len(slides), h, v, indices, body_lines, locations, fallback))
    markdown = "\n".join(body_lines)
    return Deck(path.stem, rel, meta, slides, findings, markdown, locations, first, meta_lines)
