"""Options: the checks plugin's typed options as MkDocs loads them, per-deck overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from talk_kit.decks.model import parse_deck
from talk_kit.sitecheck.config import Rules, Settings
from talk_kit.sitecheck.findings import Location
from talk_kit.sitecheck.mkdocs_project import ProjectError
from talk_kit.sitecheck.project import open_project
from talk_kit.sitecheck.slides import check_deck

CONFIG = """\
site_name: X
site_url: !ENV [SITECHECK_TEST_UNSET, "https://example.org/sub/"]
docs_dir: inhalt
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
  - pymdownx.snippets:
      base_path: !relative $config_dir
plugins:
  - revealjs
  - talk-kit/decks: {source: vortraege, path: talks, node_modules: NODE_MODULES}
  - talk-kit/checks:
      max_bullets: 3
      nonsense: 1
      severity: {missing-notes: error, missing-alt: off}
      external: {enabled: true, per_host: 1, exclude: ["example\\\\.com"]}
"""


def settings_of(config: Path) -> Settings:
    return open_project(config)[2]


def test_mkdocs_reads_the_options_with_its_tags(tmp_path: Path) -> None:
    (tmp_path / "inhalt").mkdir()
    config = CONFIG.replace("NODE_MODULES", str(ROOT / "node_modules"))
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    settings = settings_of(tmp_path / "mkdocs.yml")
    assert settings.site_path == "/sub/"
    assert settings.docs_dir == tmp_path / "inhalt"
    assert settings.decks_source == tmp_path / "vortraege"
    assert settings.decks_path == "talks"
    assert settings.rules.max_bullets == 3
    assert settings.rules.severity_of("missing-notes", "warning") == "error"
    assert settings.rules.severity_of("missing-alt", "error") == "off"  # YAML's bare off
    assert settings.external.enabled and settings.external.per_host == 1
    assert settings.external.exclude == (r"example\.com",)
    [unknown] = settings.findings  # MkDocs' own warning, as one finding at mkdocs.yml
    assert (unknown.location, unknown.severity, unknown.code) == (
        Location("mkdocs.yml", 1),
        "warning",
        "config",
    )
    assert "nonsense" in unknown.message


def test_the_project_config_loads_with_its_plugins() -> None:
    settings = settings_of(ROOT / "mkdocs.yml")
    assert settings.findings == []
    assert settings.decks_path == "folien"
    assert settings.strict_warnings


@pytest.mark.parametrize(
    ("option", "complaint"),
    [
        ("max_bullets: -1", "max_bullets"),
        ("severity: {missing-notes: loud}", "severity"),
        ("external: {timeout: -1}", "timeout"),
        ("browser: {phone_viewport: [390]}", "phone_viewport"),
    ],
)
def test_a_bad_option_is_one_line_naming_it(tmp_path: Path, option: str, complaint: str) -> None:
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: X\nplugins:\n  - talk-kit/checks:\n      {option}\n", "utf-8")
    with pytest.raises(ProjectError, match=complaint):
        open_project(config)


def test_defaults_serve_a_project_without_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: X\n", encoding="utf-8")
    settings = settings_of(tmp_path / "mkdocs.yml")
    assert settings.rules == Rules()
    assert settings.decks_source is None  # no decks plugin: no decks


def test_deck_front_matter_overrides_thresholds(tmp_path: Path) -> None:
    bullets = "\n".join(f"- {n}" for n in range(5))
    text = (
        "---\ntitle: T\ncheck:\n  max_bullets: 4\n  severity: {missing-notes: off}\n"
        f"  bogus: 1\n---\n\n# T\n\n---\n\n## A\n\n{bullets}\n"
    )
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "t.md").write_text(text, encoding="utf-8")
    deck = parse_deck(tmp_path / "slides" / "t.md", tmp_path)
    found = [
        (f.location.line, f.code)
        for f in check_deck(deck, Rules(max_bullets=6, require_guide_link=False))
    ]
    assert found == [(3, "config"), (13, "too-many-bullets")]
    # The deck's own settings win over mkdocs.yml, severity included.
    strict = Rules(max_bullets=10, require_guide_link=False, severity=(("missing-notes", "error"),))
    assert [(f.severity, f.code) for f in check_deck(deck, strict)] == [
        ("warning", "config"),
        ("warning", "too-many-bullets"),
    ]


def test_words_per_minute_is_configurable(tmp_path: Path) -> None:
    notes = " ".join(["Wort"] * 200)
    text = f"---\ntitle: T\nduration: 2\n---\n\n# T\n\nNote:\n{notes}\n"
    (tmp_path / "t.md").write_text(text, encoding="utf-8")
    deck = parse_deck(tmp_path / "t.md", tmp_path)
    assert [f.code for f in check_deck(deck, Rules())] == []  # 200 / 130 = 1.5 min
    assert [f.code for f in check_deck(deck, Rules(words_per_minute=60))] == ["talk-too-long"]
