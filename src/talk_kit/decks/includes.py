"""Includes confined to the project's content folders.

An include (`--8<-- "file"` in a deck or a guide page) copies another file into a page that is
published. Unconfined, `--8<-- "/etc/passwd"` would publish that file, and so would a symlink in
`docs/_snippets/` that points elsewhere. Every include is therefore resolved with its symlinks
(`realpath`) and must land inside one of the allowed folders; a loop is a finding, not a crash.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

AnyPath = TypeVar("AnyPath", str, Path)


@dataclass(frozen=True)
class IncludeProblem:
    """Why an include was refused: a finding code and a message naming the file."""

    code: str
    message: str


def allowed_folders(*folders: Path | None) -> tuple[Path, ...]:
    """The real paths of the folders includes may read from (missing ones left out)."""
    real: list[Path] = []
    for folder in folders:
        if folder is None:
            continue
        try:
            real.append(folder.resolve(strict=True))
        except (OSError, RuntimeError):
            continue
    return tuple(real)


def behind_symlinks(paths: Iterable[AnyPath]) -> list[AnyPath]:
    """Those of `paths` that are a symlink or lie in a folder that is (or is below) one."""
    linked: dict[str, bool] = {}
    return [
        path
        for path in paths
        if os.path.islink(path) or _linked(os.path.dirname(os.path.abspath(path)), linked)
    ]


def _linked(folder: str, linked: dict[str, bool]) -> bool:
    """Whether `folder` (absolute) or a folder above it is a symlink; `linked` remembers
    the folders asked before, so a site's thousand files take a few dozen `lstat` calls."""
    known = linked.get(folder)
    if known is None:
        parent = os.path.dirname(folder)
        known = os.path.islink(folder) or (parent != folder and _linked(parent, linked))
        linked[folder] = known
    return known


def resolve_include(candidate: Path, allowed: Sequence[Path], shown: str) -> Path | IncludeProblem:
    """The real file behind `candidate`, or why it may not be read.

    Confinement is checked twice: on the path as written (so `../../x.md` is "outside",
    whether or not it exists) and on the real path (so a symlink cannot lead out).
    """
    if not _inside(Path(os.path.abspath(candidate)), allowed):
        return _outside(shown, allowed)
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        return IncludeProblem("missing-include", f"included file '{shown}' not found")
    except RuntimeError:
        return IncludeProblem("include-loop", f"'{shown}' is a symlink loop")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return IncludeProblem("include-loop", f"'{shown}' is a symlink loop")
        return IncludeProblem("read-error", f"cannot read '{shown}': {exc.strerror}")
    if not _inside(real, allowed):
        return _outside(shown, allowed)
    if not real.is_file():
        return IncludeProblem("missing-include", f"included path '{shown}' is not a file")
    return real


def _inside(path: Path, allowed: Sequence[Path]) -> bool:
    return any(path.is_relative_to(folder) for folder in allowed)


def _outside(shown: str, allowed: Sequence[Path]) -> IncludeProblem:
    names = ", ".join(f"{folder.name}/" for folder in allowed) or "none"
    message = f"'{shown}' is outside the content folders ({names}); includes may only read there"
    return IncludeProblem("include-outside", message)


def outside_files(paths: dict[str, Path], allowed: Sequence[Path]) -> dict[str, IncludeProblem]:
    """Of the files a site would publish (`shown` -> path), those that lead out of `allowed`.

    A symlink in `docs/` to `/etc/passwd` would be copied into the site like any image.
    """
    refused: dict[str, IncludeProblem] = {}
    linked = set(behind_symlinks(paths.values()))
    for shown, path in paths.items():
        if path not in linked:
            continue  # the common case, without resolving every file of the site
        problem = resolve_include(path, allowed, shown)
        if isinstance(problem, IncludeProblem):
            refused[shown] = IncludeProblem(
                problem.code.replace("include", "symlink"),
                problem.message.replace("includes may only read there", "it is not published"),
            )
    return refused
