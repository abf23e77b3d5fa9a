"""Reading what editors wrote: one size limit, UTF-8, front matter, for every caller.

Guide pages, decks, snippets and includes are all read here, by the MkDocs hooks and the CLI
alike, so that a huge file, a file that is not UTF-8 or front matter that is not YAML gives
the same `path:line` finding wherever it is read, and never a traceback.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from talk_kit.sitecheck.findings import Finding, Location, error

# Far above any real page or deck (the whole guide is about 150 KB), far below what makes
# Python-Markdown's inline processing take minutes.
MAX_BYTES = 512_000


LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Split on CR/LF only: `str.splitlines` also splits on form feeds and
    Unicode separators, which would shift every reported line number."""
    lines = LINE_BREAK_RE.split(text) if "\r" in text else text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def relative(path: str | Path, root: Path) -> str:
    """Project-relative POSIX path for reports, as written (a symlink keeps its own name);
    absolute if outside the project."""
    for where in (os.path.abspath, os.path.realpath):  # links resolved only if needed
        candidate, base = where(path), where(root)
        if candidate.startswith(base + os.sep):
            return Path(candidate[len(base) + 1 :]).as_posix()
    return Path(path).as_posix()


def tree(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """(POSIX path relative to `folder`, entry) of everything below it, as `folder.rglob("*")`
    lists it (linked folders listed, not entered; unreadable ones skipped), without making a
    `Path` of every file: on a built site that is most of the cost of listing it."""
    if not folder.is_dir():
        return []
    found: list[tuple[str, os.DirEntry[str]]] = []
    pending = [(str(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except PermissionError:
            continue
        for entry in entries:
            found.append((prefix + entry.name, entry))
            if _is_real_folder(entry):
                pending.append((entry.path, f"{prefix}{entry.name}/"))
    return found


def _is_real_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def is_file(entry: os.DirEntry[str]) -> bool:
    """`Path.is_file` of an entry: links followed, errors mean no."""
    try:
        return entry.is_file()
    except OSError:
        return False


def decode_source(data: bytes, shown: str, findings: list[Finding]) -> str | None:
    """Text of a file's bytes; too large or not UTF-8 becomes a finding at the file."""
    if len(data) > MAX_BYTES:
        message = (
            f"file is {len(data):,} bytes, more than the limit of {MAX_BYTES:,}; "
            "split it into several pages"
        )
        findings.append(error(Location(shown, 1), "file-too-large", message))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        findings.append(error(Location(shown, line), "encoding", message))
        return data.decode("utf-8-sig", errors="replace")


def read_text(path: Path, shown: str, findings: list[Finding]) -> str | None:
    """Read a UTF-8 source file; unreadable, huge or non-UTF-8 input becomes a finding."""
    try:
        data = path.read_bytes()
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        findings.append(error(Location(shown, 1), "read-error", f"cannot read file: {reason}"))
        return None
    return decode_source(data, shown, findings)


def front_matter_end(lines: list[str]) -> int | None:
    """Index of the line closing the front matter, or None if there is none (or it never ends)."""
    if not lines or lines[0].rstrip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)


def split_front_matter(
    lines: list[str], shown: str, findings: list[Finding]
) -> tuple[dict[str, Any] | None, int]:
    """Return (front matter, index of the first body line); None when the YAML is broken.

    A YAML error is reported at the line where the broken construct starts (PyYAML's
    context mark), not where the parser gave up, which can be many lines further down.
    """
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    end = front_matter_end(lines)
    if end is None:
        findings.append(
            error(Location(shown, 1), "front-matter", "front matter is never closed by '---'")
        )
        return None, 0
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        findings.append(error(Location(shown, _yaml_line(exc)), "front-matter", _yaml_text(exc)))
        return None, end + 1
    if data is None:
        return {}, end + 1
    if not isinstance(data, dict):
        message = "front matter must be a mapping of keys to values"
        findings.append(error(Location(shown, 2), "front-matter", message))
        return None, end + 1
    return {str(key): value for key, value in data.items()}, end + 1


def _yaml_line(exc: yaml.YAMLError) -> int:
    """File line of a front matter error: the YAML starts on the file's line 2."""
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    return mark.line + 2 if mark is not None else 1


def _yaml_text(exc: yaml.YAMLError) -> str:
    context = getattr(exc, "context", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    where = f" ({context})" if context else ""
    return f"invalid YAML{where}: {problem}; check quotes, brackets and the indentation"


def front_matter_findings(text: str, shown: str) -> list[Finding]:
    """Problems in a guide page's front matter (MkDocs itself ignores broken YAML silently)."""
    findings: list[Finding] = []
    if text.startswith("---"):  # else the first line is no front matter opener
        split_front_matter(split_lines(text), shown, findings)
    return findings
