"""Output: one line per finding for people and editors, JSON for tools."""

from __future__ import annotations

import json

from talk_kit.sitecheck.checker import Result


def summary(result: Result) -> str:
    files = len({finding.location.path for finding in result.findings})
    return (
        f"sitecheck: {result.errors} error(s), {result.warnings} warning(s) in {files} file(s); "
        f"checked {result.pages} page(s) and {result.decks} deck(s)"
    )


def as_text(result: Result) -> str:
    lines = [str(finding) for finding in result.findings]
    lines.append(summary(result))
    return "\n".join(lines)


def as_json(result: Result) -> str:
    data = {
        "findings": [finding.as_dict() for finding in result.findings],
        "summary": {
            "errors": result.errors,
            "warnings": result.warnings,
            "pages": result.pages,
            "decks": result.decks,
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
