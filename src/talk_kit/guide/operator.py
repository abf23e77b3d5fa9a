"""`talk-kit/operator`: fill the Impressum and Datenschutz pages from `extra.operator`.

Why: a German business site must name its operator (§ 5 DDG, § 18 MStV) and the controller
under the DSGVO. Those details belong in one place (mkdocs.yml), not copied into two pages
where they drift apart. Invented placeholder data on a live legal page would be worse than
none, so while the details are unset the pages say plainly that they are missing, every local
build prints an INFO notice (so `mkdocs build --strict` still passes for editors), and the
publishing workflow, which sets REQUIRE_OPERATOR_DETAILS=1, refuses to build.

Pages opt in with a line consisting only of `<!-- operator-details -->`. The details stay in
`extra`, not in the plugin's options: they are the site's data, which templates may show too.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.talk_kit.operator")

MARKER = re.compile(r"^[ \t]*<!--\s*operator-details\s*-->[ \t]*$", re.MULTILINE)
REQUIRE_ENV = "REQUIRE_OPERATOR_DETAILS"

# key -> German label; the order is the order on the page.
REQUIRED: dict[str, str] = {
    "name": "Name bzw. Firma mit Rechtsform",
    "address": "Anschrift",
    "email": "E-Mail",
    "phone": "Telefon",
    "responsible": "Verantwortlich nach § 18 Abs. 2 MStV",
}
OPTIONAL: dict[str, str] = {
    "register": "Registereintrag",
    "vat_id": "Umsatzsteuer-Identifikationsnummer",
}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def _escape(text: str) -> str:
    """Escape Markdown syntax so operator data is shown literally, never interpreted."""
    return _MD_SPECIAL.sub(r"\\\1", text.strip())


def _config_line(config_path: str | None) -> str:
    """`mkdocs.yml:<line>` of the `operator:` key, so error messages point at what to edit."""
    if not config_path:
        return "mkdocs.yml:1"
    path = Path(config_path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return f"{path.name}:1"
    for number, line in enumerate(lines, start=1):
        if re.match(r"^\s+operator\s*:", line):
            return f"{path.name}:{number}"
    return f"{path.name}:1"


def read_operator(extra: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Return (details, problems) for `extra.operator`; problems are type errors in the data."""
    raw = extra.get("operator") or {}
    if not isinstance(raw, Mapping):
        return {}, ["extra.operator must be a mapping of keys to values"]
    details: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        if key not in REQUIRED and key not in OPTIONAL:
            problems.append(f"unknown key extra.operator.{key}")
        elif key == "address" and isinstance(value, list):
            if not all(isinstance(line, str) for line in value):
                problems.append("extra.operator.address must be a list of text lines")
            details[key] = [line for line in value if isinstance(line, str) and line.strip()]
        elif value is None or isinstance(value, str):
            details[key] = (value or "").strip()
        else:
            problems.append(f"extra.operator.{key} must be text")
    return details, problems


def missing_fields(details: Mapping[str, Any]) -> list[str]:
    """The required keys that are absent or empty."""
    return [key for key in REQUIRED if not details.get(key)]


def render_details(details: Mapping[str, Any]) -> str:
    """The operator block as Markdown (lines joined by hard breaks)."""
    address = details["address"]
    address_lines = address if isinstance(address, list) else [address]
    email = details["email"].strip()
    lines = [f"**{_escape(details['name'])}**", *(_escape(line) for line in address_lines)]
    contact = [
        f"E-Mail: [{_escape(email)}](mailto:{email.replace(' ', '')})",
        f"Telefon: {_escape(details['phone'])}",
    ]
    extra = [f"{REQUIRED['responsible']}: {_escape(details['responsible'])}"]
    extra += [
        f"{label}: {_escape(details[key])}" for key, label in OPTIONAL.items() if details.get(key)
    ]
    return "\n\n".join("  \n".join(block) for block in (lines, contact, extra))


def render_notice(missing: list[str]) -> str:
    """A German notice shown instead of the details while they are not filled in."""
    labels = ", ".join(REQUIRED[key] for key in missing)
    return (
        '!!! warning "Angaben zum Betreiber fehlen noch"\n'
        "    Die Angaben zum Betreiber dieser Website sind noch nicht eingetragen. "
        f"Es fehlen: {labels}.\n\n"
        "    Für die Redaktion: Tragen Sie die Angaben in `mkdocs.yml` unter "
        "`extra.operator` ein. Ohne sie wird die Website nicht veröffentlicht."
    )


def render(details: Mapping[str, Any]) -> str:
    """Details when complete, otherwise the notice."""
    missing = missing_fields(details)
    return render_notice(missing) if missing else render_details(details)


def check(config: Mapping[str, Any], require: bool) -> None:
    """Log the state of the operator details; raise PluginError when they must be complete."""
    details, problems = read_operator(config.get("extra") or {})
    where = _config_line(config.get("config_file_path"))
    if problems:
        raise PluginError(f"{where}: error: operator-details-invalid: {'; '.join(problems)}")
    missing = missing_fields(details)
    if not missing:
        return
    lacking = ", ".join(missing)
    if require:
        # MkDocs logs a PluginError as one ERROR line and aborts without a traceback.
        raise PluginError(
            f"{where}: error: operator-details-missing: extra.operator lacks {lacking}; "
            f"{REQUIRE_ENV}=1 forbids publishing a site without operator details"
        )
    log.info(
        f"{where}: operator-details-missing: extra.operator lacks {lacking}; "
        "Impressum and Datenschutz show a notice (publishing will refuse to deploy)"
    )


class OperatorPlugin(BasePlugin):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check once per build, before any page is rendered."""
        check(config, require=os.environ.get(REQUIRE_ENV, "") == "1")
        return config

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return with_details(markdown, config)


def with_details(markdown: str, config: Mapping[str, Any]) -> str:
    """Replace the marker line with the operator details (or the notice)."""
    if not MARKER.search(markdown):
        return markdown
    details, _ = read_operator(config.get("extra") or {})
    block = render(details)
    return MARKER.sub(lambda _match: block, markdown)
