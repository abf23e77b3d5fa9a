"""Checker settings from mkdocs.yml (`extra: sitecheck:` and `extra: decks:`).

mkdocs.yml is read with a YAML loader that accepts MkDocs' tags (`!ENV`,
`!relative`, `!!python/name:...`) without importing MkDocs or the named
objects: the checker must run on any MkDocs project, and later under tools
that are not MkDocs at all. Every threshold has a default, can be set in
mkdocs.yml and overridden per deck in its front matter (`check:`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .findings import Finding, Location, warning
from .mkdocs_files import moves_nothing, refused_folders

DEFAULT_GENERIC_LINK_TEXTS = (
    "hier",
    "klicken",
    "hier klicken",
    "klicken sie hier",
    "mehr",
    "mehr erfahren",
    "weiter",
    "weiterlesen",
    "link",
    "dieser link",
    "here",
    "click here",
    "more",
    "read more",
)


@dataclass(frozen=True)
class Rules:
    """Slide and link-text thresholds; see checker-notes.md for the sources."""

    max_bullets: int = 6
    max_words: int = 60  # about 350 characters of German text
    max_body_lines: int = 15
    max_code_lines: int = 10
    words_per_minute: int = 130  # German speaking rate
    duration_tolerance: float = 0.2  # notes may run 20 % over the slot before a warning
    short_tolerance: float = 0.5  # "far too short": notes fill less than half the slot
    require_notes: bool = True
    require_guide_link: bool = True  # content slides point attendees to the guide
    generic_link_texts: tuple[str, ...] = DEFAULT_GENERIC_LINK_TEXTS
    severity: tuple[tuple[str, str], ...] = ()  # per-code override: error, warning or off

    def merged(self, overrides: Any, where: Location) -> tuple[Rules, list[Finding]]:
        """These rules with `overrides` (a mapping) applied; bad keys become findings."""
        if overrides is None:
            return self, []
        if not isinstance(overrides, dict):
            return self, [warning(where, "config", "'check' must be a mapping of settings")]
        changes: dict[str, Any] = {}
        findings: list[Finding] = []
        fields = {f.name: f for f in dataclasses.fields(self)}
        for key, value in overrides.items():
            converted = _convert(fields.get(str(key)), getattr(self, str(key), None), value)
            if converted is _INVALID:
                findings.append(warning(where, "config", f"ignoring invalid setting {key!r}"))
            else:
                changes[str(key)] = converted
        return dataclasses.replace(self, **changes), findings

    def severity_of(self, code: str, default: str) -> str:
        return dict(self.severity).get(code, default)


_INVALID = object()


def _convert(spec: dataclasses.Field[Any] | None, current: Any, value: Any) -> Any:
    """Coerce a YAML value to the type of the field it overrides."""
    if spec is None:
        return _INVALID
    if isinstance(current, bool):
        return value if isinstance(value, bool) else _INVALID
    if isinstance(current, int | float) and not isinstance(value, bool):
        if isinstance(value, int | float) and value >= 0:
            return type(current)(value)
        return _INVALID
    if spec.name == "severity":
        if not isinstance(value, dict):
            return _INVALID
        levels = {str(k): "off" if v is False else v for k, v in value.items()}  # YAML: off = false
        if not all(level in ("error", "warning", "off") for level in levels.values()):
            return _INVALID
        return tuple(sorted({**dict(current), **levels}.items()))
    if isinstance(current, tuple) and isinstance(value, list):
        return tuple(str(item).strip().lower() for item in value)
    return _INVALID


@dataclass(frozen=True)
class ExternalSettings:
    """External link checking: opt-in, polite, cached."""

    enabled: bool = False
    exclude: tuple[str, ...] = ()  # regular expressions matched against the URL
    cache_dir: str = ".cache/sitecheck"
    max_age_hours: float = 24.0
    timeout: float = 10.0
    per_host: int = 2
    retries: int = 2
    max_retry_after: float = 30.0  # a longer Retry-After is not waited for
    workers: int = 8
    max_bytes: int = 1_000_000  # read from one response (headers; bodies are never read)
    max_redirects: int = 10
    url_deadline: float = 60.0  # seconds for one URL: requests, redirects, retries, waits
    run_deadline: float = 900.0  # seconds for all external links of one run


@dataclass
class Settings:
    """Everything the checks need to know about a project."""

    root: Path
    docs_dir: Path
    site_dir: Path
    use_directory_urls: bool = True
    site_path: str = "/"  # path part of site_url, to resolve root-absolute links
    site_host: str = ""  # host of site_url: a load from any other host is third-party
    decks_source: Path | None = None
    decks_path: str = "folien"
    rules: Rules = field(default_factory=Rules)
    external: ExternalSettings = field(default_factory=ExternalSettings)
    strict_warnings: bool = False
    nav: Any = None  # mkdocs.yml `nav:` (None: MkDocs lists every page itself)
    not_in_nav: str = ""  # mkdocs.yml `not_in_nav:`, gitignore-style patterns
    custom_dir: Path | None = None  # theme overrides (`theme: custom_dir:`), whose links count
    config_file: Path | None = None  # mkdocs.yml, for the CLI to ask MkDocs where files go
    plain_files: bool = False  # no plugin or hook moves files (mkdocs_files.moves_nothing)
    findings: list[Finding] = field(default_factory=list)


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads MkDocs' custom tags as plain values."""


def _construct_any(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        value: Any = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:
        value = loader.construct_scalar(node)
    if node.tag == "!ENV":
        names = value if isinstance(value, list) else [value]
        for name in names[:-1] if len(names) > 1 else names:
            if isinstance(name, str) and name in os.environ:
                return os.environ[name]
        return names[-1] if len(names) > 1 else None
    return value


_TolerantLoader.add_multi_constructor("!", _construct_any)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_any)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_TolerantLoader)  # a SafeLoader subclass


def load_settings(config_file: Path) -> Settings:
    """Read mkdocs.yml; a broken file gives a finding and defaults, never an exception."""
    config_file = config_file.resolve()
    root = config_file.parent
    findings: list[Finding] = []
    where = Location(config_file.name, 1)
    try:
        data = load_yaml(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        findings.append(warning(where, "config", f"cannot read {config_file.name}: {exc}"))
        data = None
    readable = isinstance(data, dict)
    if not isinstance(data, dict):
        data = {}
    settings = settings_from_dict(data, root, where, findings)
    settings.config_file = config_file
    settings.plain_files = (
        readable
        and moves_nothing(data)
        and not refused_folders(root, settings.docs_dir, settings.site_dir)
    )
    return settings


def settings_from_dict(
    data: dict[str, Any], root: Path, where: Location, findings: list[Finding] | None = None
) -> Settings:
    """Build settings from a loaded mkdocs.yml (the hook passes MkDocs' own config)."""
    findings = [] if findings is None else findings
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    decks_source, decks_path = deck_folders(extra, root)
    check = extra.get("sitecheck") if isinstance(extra.get("sitecheck"), dict) else {}
    rule_values = {k: v for k, v in check.items() if k not in ("external", "strict_warnings")}
    rules, problems = Rules().merged(rule_values, where)
    findings.extend(problems)
    site_url = data.get("site_url") or ""
    return Settings(
        root=root,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        site_dir=root / str(data.get("site_dir") or "site"),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        site_path=urlsplit(str(site_url)).path or "/",
        site_host=(urlsplit(str(site_url)).hostname or "").lower(),
        decks_source=decks_source,
        decks_path=decks_path,
        rules=rules,
        external=_external(check.get("external"), where, findings),
        strict_warnings=check.get("strict_warnings") is True,
        nav=data.get("nav"),
        not_in_nav=str(data.get("not_in_nav") or ""),
        custom_dir=_custom_dir(data.get("theme"), root),
        findings=findings,
    )


def _custom_dir(theme: Any, root: Path) -> Path | None:
    folder = theme.get("custom_dir") if isinstance(theme, dict) else None
    return root / str(folder) if folder else None


def deck_folders(extra: dict[str, Any], root: Path) -> tuple[Path | None, str]:
    """(deck source folder, URL folder of the deck pages) from `extra: decks:`.

    Shared with the deck hook, so that the build and the checker agree where decks live.
    """
    decks = extra.get("decks") if isinstance(extra.get("decks"), dict) else {}
    source = decks.get("source", "slides")
    return (root / str(source) if source else None), str(decks.get("path", "folien")).strip("/")


def _external(value: Any, where: Location, findings: list[Finding]) -> ExternalSettings:
    if value is None:
        return ExternalSettings()
    if not isinstance(value, dict):
        findings.append(warning(where, "config", "'external' must be a mapping"))
        return ExternalSettings()
    defaults = ExternalSettings()
    changes: dict[str, Any] = {}
    for key, item in value.items():
        current = getattr(defaults, str(key), _INVALID)
        if current is _INVALID:
            findings.append(warning(where, "config", f"unknown external setting {key!r}"))
        elif isinstance(current, tuple) and isinstance(item, list):
            changes[str(key)] = tuple(str(x) for x in item)
        elif isinstance(current, bool) and isinstance(item, bool):
            changes[str(key)] = item
        elif (
            isinstance(current, int | float)
            and isinstance(item, int | float)
            and not isinstance(item, bool)
            and item >= 0
        ):
            changes[str(key)] = type(current)(item)
        elif isinstance(current, str) and isinstance(item, str):
            changes[str(key)] = item
        else:
            findings.append(warning(where, "config", f"ignoring invalid external setting {key!r}"))
    return dataclasses.replace(defaults, **changes)
