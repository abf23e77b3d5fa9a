"""Findings: the one result type every check produces.

A finding always points at a source file and line (never at generated HTML),
because editors fix the Markdown, not the site.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: `path` relative to the project root, 1-based `line`."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Finding:
    """One problem, rendered as `path:line: error: CODE: message`."""

    location: Location
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.code}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.location.path, self.location.line, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form for `--format json`."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def error(location: Location, code: str, message: str) -> Finding:
    return Finding(location, ERROR, code, message)


def warning(location: Location, code: str, message: str) -> Finding:
    return Finding(location, WARNING, code, message)
