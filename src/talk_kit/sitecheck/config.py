"""The checker's options: `plugins: - talk-kit/checks: …` in mkdocs.yml, typed and validated
by MkDocs (`config_options`), the same for the build and for `sitecheck check`.

A deck's `check:` front matter overrides the slide thresholds for that deck; it is validated
with the same options (`Rules.merged`). `Rules` and `ExternalSettings` are the validated
values as frozen records, with the options' defaults.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from talk_kit.sitecheck.findings import Finding, Location, warning

DEFAULT_GENERIC_LINK_TEXTS = [
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
]
SEVERITIES = ("error", "warning", "off")
# This project's policies rather than broken links: on a site that has not switched them on
# (`house_rules: true`), each is at most a warning. `severity:` per code still wins.
HOUSE_RULES = frozenset(
    (
        "third-party-load",
        "missing-alt",
        "generic-link-text",
        "missing-title",
        "duplicate-title",
        "too-many-bullets",
        "too-many-words",
        "too-many-lines",
        "code-too-long",
        "missing-notes",
        "missing-guide-link",
        "talk-too-long",
        "talk-too-short",
    )
)


class Severity(c.Choice):
    """error, warning or off; YAML reads a bare `off` as false."""

    def __init__(self) -> None:
        super().__init__(SEVERITIES)

    def run_validation(self, value: object) -> Any:
        return super().run_validation("off" if value is False else value)


class NonNegative(c.Type):
    """A number of at least 0, converted to the option's type (`30` for a float option)."""

    def __init__(self, kind: type, default: float) -> None:
        super().__init__(kind, default=default)
        self.kind = kind

    def run_validation(self, value: object) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise c.ValidationError(f"expected a number, not {value!r}")
        if value < 0:
            raise c.ValidationError(f"expected a number of at least 0, not {value!r}")
        return self.kind(value)


class Size(c.ListOfItems):
    """`[width, height]` in CSS pixels."""

    def __init__(self, default: list[int]) -> None:
        super().__init__(c.Type(int), default=default)

    def run_validation(self, value: object) -> Any:
        size = super().run_validation(value)
        if len(size) != 2 or min(size) <= 0:
            raise c.ValidationError(f"expected [width, height], not {value!r}")
        return size


class RulesConfig(base.Config):
    """Slide and link-text thresholds; the sources of the rules are in the README."""

    max_bullets = NonNegative(int, 6)  # the "6×6" rule of thumb
    max_words = NonNegative(int, 60)  # about 350 characters of German text (Mayer 2008)
    max_body_lines = NonNegative(int, 15)
    max_code_lines = NonNegative(int, 10)
    words_per_minute = NonNegative(int, 130)  # German speaking rate
    duration_tolerance = NonNegative(float, 0.2)  # notes may run 20 % over the slot
    short_tolerance = NonNegative(float, 0.5)  # "far too short": under half the slot
    require_notes = c.Type(bool, default=True)
    require_guide_link = c.Type(bool, default=True)  # content slides point into the guide
    generic_link_texts = c.ListOfItems(c.Type(str), default=DEFAULT_GENERIC_LINK_TEXTS)
    severity = c.DictOfItems(Severity(), default={})  # per code: error, warning or off
    house_rules = c.Type(bool, default=False)  # HOUSE_RULES at their own severity, not warnings


class ExternalConfig(base.Config):
    """External link checking: opt-in, polite, cached."""

    enabled = c.Type(bool, default=False)
    exclude = c.ListOfItems(c.Type(str), default=[])  # regular expressions matched on the URL
    cache_dir = c.Optional(c.Type(str))  # default: the user's cache folder (`cache_folder`)
    max_age_hours = NonNegative(float, 24.0)
    timeout = NonNegative(float, 10.0)
    per_host = NonNegative(int, 2)
    retries = NonNegative(int, 2)
    max_retry_after = NonNegative(float, 30.0)  # a longer Retry-After is not waited for
    workers = NonNegative(int, 8)
    max_bytes = NonNegative(int, 1_000_000)  # read from one response (bodies are never read)
    max_redirects = NonNegative(int, 10)
    url_deadline = NonNegative(float, 60.0)  # seconds for one URL: requests, retries, waits
    run_deadline = NonNegative(float, 900.0)  # seconds for all external links of one run


class BrowserConfig(base.Config):
    """The browser check (`python -m talk_kit.browsercheck`): screens and first-load budgets."""

    deck_viewports = c.ListOfItems(Size([0, 0]), default=[[1280, 720], [1920, 1080]])
    page_viewport = Size([1280, 800])
    phone_viewport = Size([390, 844])
    deck_budget = NonNegative(int, 450 * 1024)  # bytes on first load, uncompressed
    page_budget = NonNegative(int, 0)  # bytes on first load of a guide page; 0: none
    overflow_tolerance = NonNegative(float, 1.0)  # px, subpixel rounding of the canvas
    workers = NonNegative(int, 2)  # pages loaded at the same time (one per core)


class ChecksConfig(RulesConfig):
    """The options of the `talk-kit/checks` plugin."""

    enabled = c.Type(bool, default=True)
    strict_warnings = c.Type(bool, default=False)  # warnings fail strict builds too
    external = c.SubConfig(ExternalConfig)
    browser = c.SubConfig(BrowserConfig)


def _defaults(config_class: type[base.Config]) -> dict[str, Any]:
    return {name: option.default for name, option in config_class._schema}


_RULE_DEFAULTS = _defaults(RulesConfig)
_EXTERNAL_DEFAULTS = _defaults(ExternalConfig)


@dataclass(frozen=True)
class Rules:
    """Validated slide and link-text thresholds (defaults: `RulesConfig`)."""

    max_bullets: int = _RULE_DEFAULTS["max_bullets"]
    max_words: int = _RULE_DEFAULTS["max_words"]
    max_body_lines: int = _RULE_DEFAULTS["max_body_lines"]
    max_code_lines: int = _RULE_DEFAULTS["max_code_lines"]
    words_per_minute: int = _RULE_DEFAULTS["words_per_minute"]
    duration_tolerance: float = _RULE_DEFAULTS["duration_tolerance"]
    short_tolerance: float = _RULE_DEFAULTS["short_tolerance"]
    require_notes: bool = _RULE_DEFAULTS["require_notes"]
    require_guide_link: bool = _RULE_DEFAULTS["require_guide_link"]
    generic_link_texts: tuple[str, ...] = tuple(_RULE_DEFAULTS["generic_link_texts"])
    severity: tuple[tuple[str, str], ...] = ()  # per-code override: error, warning or off
    house_rules: bool = _RULE_DEFAULTS["house_rules"]

    @classmethod
    def from_config(cls, config: base.Config) -> Rules:
        values = {name: config[name] for name in _RULE_DEFAULTS}
        values["generic_link_texts"] = tuple(
            text.strip().lower() for text in values["generic_link_texts"]
        )
        values["severity"] = tuple(sorted(values["severity"].items()))
        return cls(**values)

    def as_options(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["generic_link_texts"] = list(self.generic_link_texts)
        values["severity"] = dict(self.severity)
        return values

    def merged(self, overrides: Any, where: Location) -> tuple[Rules, list[Finding]]:
        """These rules with `overrides` (a deck's `check:`) applied; bad keys become findings
        and keep this rule's value."""
        if overrides is None:
            return self, []
        if not isinstance(overrides, dict):
            return self, [warning(where, "config", "'check' must be a mapping of settings")]
        findings: list[Finding] = []
        values = self.as_options()
        for key, value in overrides.items():
            if str(key) not in values:
                findings.append(warning(where, "config", f"ignoring unknown setting {key!r}"))
            elif key == "severity" and isinstance(value, dict):
                values["severity"] = {**values["severity"], **value}
            else:
                values[str(key)] = value
        config, failed = _validated_rules(values)
        if failed:
            for key, problem in failed:
                message = f"ignoring invalid setting {key!r}: {problem}"
                findings.append(warning(where, "config", message))
                values[key] = self.as_options()[key]
            config, _ = _validated_rules(values)
        return Rules.from_config(config), findings

    def severity_of(self, code: str, default: str) -> str:
        """`severity:` for the code if set; else a house rule is at most a warning unless the
        project switched house rules on; else the check's own."""
        configured = dict(self.severity).get(code)
        if configured is not None:
            return configured
        if code in HOUSE_RULES and not self.house_rules and default == "error":
            return "warning"
        return default


def apply_severity(findings: list[Finding], rules: Rules) -> list[Finding]:
    """Each finding at the severity `rules` give its code; `off` leaves it out."""
    adjusted: list[Finding] = []
    for finding in findings:
        severity = rules.severity_of(finding.code, finding.severity)
        if severity != "off":
            finding.severity = severity
            adjusted.append(finding)
    return adjusted


def _validated_rules(values: dict[str, Any]) -> tuple[RulesConfig, list[tuple[str, Any]]]:
    config = RulesConfig()
    config.load_dict(values)
    failed, _ = config.validate()
    return config, list(failed)


@dataclass(frozen=True)
class ExternalSettings:
    """Validated options of external link checking (defaults: `ExternalConfig`)."""

    enabled: bool = _EXTERNAL_DEFAULTS["enabled"]
    exclude: tuple[str, ...] = ()
    cache_dir: str | None = None
    max_age_hours: float = _EXTERNAL_DEFAULTS["max_age_hours"]
    timeout: float = _EXTERNAL_DEFAULTS["timeout"]
    per_host: int = _EXTERNAL_DEFAULTS["per_host"]
    retries: int = _EXTERNAL_DEFAULTS["retries"]
    max_retry_after: float = _EXTERNAL_DEFAULTS["max_retry_after"]
    workers: int = _EXTERNAL_DEFAULTS["workers"]
    max_bytes: int = _EXTERNAL_DEFAULTS["max_bytes"]
    max_redirects: int = _EXTERNAL_DEFAULTS["max_redirects"]
    url_deadline: float = _EXTERNAL_DEFAULTS["url_deadline"]
    run_deadline: float = _EXTERNAL_DEFAULTS["run_deadline"]

    @classmethod
    def from_config(cls, config: base.Config) -> ExternalSettings:
        values = {name: config[name] for name in _EXTERNAL_DEFAULTS}
        values["exclude"] = tuple(values["exclude"])
        return cls(**values)


@dataclass(frozen=True)
class SnippetOptions:
    """What `pymdownx.snippets` may include, as the project configures it."""

    base_paths: tuple[Path, ...]
    auto_append: tuple[str, ...] = ()
    restrict_base_path: bool = True


@dataclass
class Settings:
    """Everything the checks need to know about a project."""

    root: Path
    docs_dir: Path
    site_dir: Path
    use_directory_urls: bool = True
    site_path: str = "/"  # path part of site_url, to resolve root-absolute links
    site_host: str = ""  # host of site_url: a load from any other host is third-party
    decks_source: Path | None = None  # None: the project has no decks plugin
    decks_path: str = "slides"
    rules: Rules = field(default_factory=Rules)
    external: ExternalSettings = field(default_factory=ExternalSettings)
    strict_warnings: bool = False
    nav: Any = None  # mkdocs.yml `nav:` (None: MkDocs lists every page itself)
    custom_dir: Path | None = None  # theme overrides (`theme: custom_dir:`), whose links count
    config_file: Path = Path("mkdocs.yml")
    snippets: SnippetOptions | None = None  # None: the project does not use pymdownx.snippets
    language: str = "en"  # theme.language: hints that quote content use it
    findings: list[Finding] = field(default_factory=list)


def checks_config(config: MkDocsConfig) -> ChecksConfig:
    """The project's `talk-kit/checks` options, or the defaults where it lists no such plugin."""
    from talk_kit.sitecheck.plugin import ChecksPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, ChecksPlugin):
            return plugin.config
    defaults = ChecksConfig(config_file_path=config.config_file_path)
    defaults.load_dict({})
    defaults.validate()
    return defaults


def settings_for(config: MkDocsConfig, checks: ChecksConfig) -> Settings:
    """The checks' view of a loaded MkDocs configuration: the build and the CLI both use it."""
    from talk_kit.decks.plugin import decks_plugin

    root = Path(config.config_file_path).parent
    decks = decks_plugin(config)
    site_url = config.site_url or ""
    custom_dir = config.theme.custom_dir
    return Settings(
        root=root,
        docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir),
        use_directory_urls=config.use_directory_urls,
        site_path=urlsplit(site_url).path or "/",
        site_host=(urlsplit(site_url).hostname or "").lower(),
        decks_source=root / decks.config.source if decks is not None else None,
        decks_path=decks.config.path.strip("/") if decks is not None else "slides",
        rules=Rules.from_config(checks),
        external=ExternalSettings.from_config(checks.external),
        strict_warnings=checks.strict_warnings,
        nav=config.nav,
        custom_dir=Path(custom_dir) if custom_dir else None,
        config_file=Path(config.config_file_path),
        snippets=snippet_options(config, root),
        language=str(config.theme.get("language") or "en"),
    )


SNIPPETS_NAMES = ("pymdownx.snippets", "pymdownx.snippets:SnippetExtension")


def snippet_options(config: MkDocsConfig, root: Path) -> SnippetOptions | None:
    """pymdownx.snippets' options; its relative `base_path`s are taken from the project's
    folder, where its authors run MkDocs."""
    from pymdownx.snippets import SnippetExtension

    extensions = config.markdown_extensions
    names = [name for name in extensions if isinstance(name, str) and name in SNIPPETS_NAMES]
    if not names and not any(isinstance(e, SnippetExtension) for e in extensions):
        return None  # (the checks plugin replaces the name by its confined extension)
    name = next((name for name in SNIPPETS_NAMES if name in config.mdx_configs), "")
    options = config.mdx_configs.get(name, {})
    base = options.get("base_path", ["."])
    bases = list(base) if isinstance(base, list | tuple) else [base]  # a path, `!relative`
    appended = options.get("auto_append", [])
    return SnippetOptions(
        tuple((root / os.fspath(path)).resolve() for path in bases),
        tuple(str(item) for item in appended),
        bool(options.get("restrict_base_path", True)),
    )


def cache_folder(settings: Settings) -> Path:
    """Where the external-link cache lives: `cache_dir` (from the project's folder) if set,
    else the user's cache folder (`$XDG_CACHE_HOME` or `~/.cache`), one folder per project,
    so nothing is written into the repository."""
    import hashlib

    if settings.external.cache_dir:
        return settings.root / settings.external.cache_dir
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    project = hashlib.sha256(str(settings.root.resolve()).encode()).hexdigest()[:16]
    return Path(home) / "sitecheck" / project
