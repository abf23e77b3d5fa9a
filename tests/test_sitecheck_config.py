"""Settings: mkdocs.yml with MkDocs' tags, thresholds, per-deck overrides."""

from __future__ import annotations

from pathlib import Path

from sitecheck.config import Rules, load_settings
from sitecheck.deck import parse_deck
from sitecheck.findings import Location
from sitecheck.slides import check_deck

CONFIG = """\
site_name: X
site_url: !ENV [SITECHECK_TEST_UNSET, "https://example.org/sub/"]
docs_dir: !relative $config_dir/inhalt
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  decks: {source: vortraege, path: talks}
  sitecheck:
    max_bullets: 3
    severity: {missing-notes: error}
    nonsense: 1
    external: {enabled: true, per_host: 1, exclude: ["example\\\\.com"]}
"""


def test_tolerant_loader_reads_mkdocs_tags(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    settings = load_settings(tmp_path / "mkdocs.yml")
    assert settings.site_path == "/sub/"
    assert settings.decks_source == tmp_path / "vortraege"
    assert settings.decks_path == "talks"
    assert settings.rules.max_bullets == 3
    assert settings.rules.severity_of("missing-notes", "warning") == "error"
    assert settings.external.enabled and settings.external.per_host == 1
    assert settings.external.exclude == (r"example\.com",)
    assert [(f.location, f.code) for f in settings.findings] == [
        (Location("mkdocs.yml", 1), "config")
    ]


def test_project_config_loads_without_mkdocs_objects() -> None:
    root = Path(__file__).resolve().parents[1]
    settings = load_settings(root / "mkdocs.yml")
    assert settings.findings == []
    assert settings.decks_path == "folien"


def test_broken_config_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: [\n", encoding="utf-8")
    settings = load_settings(tmp_path / "mkdocs.yml")
    assert [f.code for f in settings.findings] == ["config"]
    assert settings.rules == Rules()


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
