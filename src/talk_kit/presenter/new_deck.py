"""`./scripts/new-deck NAME`: a deck for another event, made from the reuse pattern.

The pattern (`slides/neue-medien-neue-chancen-ihre-veranstaltung.md`) is front matter and one
include line: the new deck shows the talk's slides with its own event, date and venue. Values
are written as quoted YAML strings, so whatever an organiser's event is called stays text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

PATTERN = "neue-medien-neue-chancen-ihre-veranstaltung.md"
# A deck's name is its address (`/folien/<name>/`): lower-case letters, digits, single hyphens.
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 80
FRONT_MATTER_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")


class DeckRefused(Exception):
    """The deck was not created; the message says why in one line."""


def check_name(name: str) -> None:
    if len(name) > MAX_NAME or not NAME.match(name):
        raise DeckRefused(
            f"invalid-name: {name!r} is no deck name: use lower-case letters, digits and single "
            f"hyphens (at most {MAX_NAME} characters), e.g. gruendungswoche-2027"
        )


def check_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DeckRefused(f"invalid-date: {text!r} is no date like 2027-11-16") from None


def new_front_matter(pattern: str, values: dict[str, str]) -> str:
    """The pattern with `values` in place of its own (one line each), its comments left out."""
    lines = pattern.splitlines()
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        raise DeckRefused("bad-pattern: the pattern deck has no front matter")
    end = lines.index("---", 1)
    written = ["---", "# Made by ./scripts/new-deck from the reuse pattern " + PATTERN]
    for line in lines[1:end]:
        if line.lstrip().startswith("#"):
            continue
        match = FRONT_MATTER_KEY.match(line)
        key = match.group("key") if match else None
        if key in values:
            written.append(f"{key}: {values[key]}")
        else:
            written.append(line)
    return "\n".join([*written, *lines[end:]]) + "\n"


def create_deck(
    slides: Path,
    name: str,
    event: str | None = None,
    date: str | None = None,
    venue: str | None = None,
) -> Path:
    """Write `slides/<name>.md` from the pattern; never overwrites a file."""
    check_name(name)
    values = {
        key: json.dumps(value.strip(), ensure_ascii=False)
        for key, value in (("event", event), ("venue", venue))
        if value is not None
    }
    if any(not json.loads(value) for value in values.values()):
        raise DeckRefused("empty-value: --event and --venue need some text")
    if date is not None:
        values["date"] = check_date(date).isoformat()
    pattern = slides / PATTERN
    try:
        text = new_front_matter(pattern.read_text(encoding="utf-8"), values)
    except OSError as problem:
        raise DeckRefused(f"no-pattern: {pattern}: {problem.strerror}") from None
    target = slides / f"{name}.md"
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise DeckRefused(f"exists: {target} is there already; choose another name") from None
    return target
