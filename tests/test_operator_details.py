"""The operator-details hook: Impressum/Datenschutz data from mkdocs.yml, never invented.

Unit tests call the hook functions; the build tests run MkDocs on a tiny fixture project,
because the contract is about what editors and the publishing workflow see: an INFO notice
and a passing strict build locally, one ERROR line and a failed build with
REQUIRE_OPERATOR_DETAILS=1, the details on the page once they are filled in.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from mkdocs.exceptions import PluginError

from talk_kit.guide import operator as hook

COMPLETE = {
    "name": "Bäckerei Beispiel GmbH",
    "address": ["Hauptstraße 1", "88250 Weingarten"],
    "email": "info@example.org",
    "phone": "0751 000000",
    "responsible": "Erika Beispiel, Hauptstraße 1, 88250 Weingarten",
}


def test_empty_config_misses_every_required_field() -> None:
    details, problems = hook.read_operator({})
    assert problems == []
    assert hook.missing_fields(details) == list(hook.REQUIRED)


def test_empty_strings_and_lists_count_as_missing() -> None:
    details, _ = hook.read_operator({"operator": {**COMPLETE, "email": " ", "address": []}})
    assert hook.missing_fields(details) == ["address", "email"]


def test_notice_names_the_missing_fields_and_invents_nothing() -> None:
    notice = hook.render({"name": "Muster"})
    assert notice.startswith('!!! warning "Angaben zum Betreiber fehlen noch"')
    assert "Anschrift" in notice and "E-Mail" in notice and "extra.operator" in notice
    assert "Name bzw. Firma" not in notice
    assert "@" not in notice


def test_complete_details_are_rendered() -> None:
    details, _ = hook.read_operator({"operator": {**COMPLETE, "vat_id": "DE000000000"}})
    text = hook.render(details)
    assert "**Bäckerei Beispiel GmbH**  \nHauptstraße 1  \n88250 Weingarten" in text
    assert "[info@example.org](mailto:info@example.org)" in text
    assert "§ 18 Abs. 2 MStV: Erika Beispiel" in text
    assert "Umsatzsteuer-Identifikationsnummer: DE000000000" in text
    assert "Registereintrag" not in text


def test_markdown_in_values_is_escaped() -> None:
    details, _ = hook.read_operator({"operator": {**COMPLETE, "name": "A*B <script>"}})
    assert "A\\*B \\<script\\>" in hook.render(details)


@pytest.mark.parametrize(
    "operator",
    [["not", "a", "mapping"], {**COMPLETE, "phone": 7510}, {**COMPLETE, "fax": "1"}],
    ids=["list", "number", "unknown-key"],
)
def test_invalid_data_is_an_error(operator: object) -> None:
    with pytest.raises(PluginError, match=r"error: operator-details-invalid"):
        hook.check({"extra": {"operator": operator}}, require=False)


def test_unset_details_log_info_locally(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.talk_kit.operator"):
        hook.check({"extra": {"operator": {}}}, require=False)
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert "operator-details-missing" in record.getMessage()


def test_unset_details_fail_when_required() -> None:
    with pytest.raises(PluginError, match=r"error: operator-details-missing: .*name"):
        hook.check({"extra": {"operator": {"name": ""}}}, require=True)


def test_complete_details_pass_when_required(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        hook.check({"extra": {"operator": COMPLETE}}, require=True)
    assert caplog.records == []


def test_marker_must_stand_on_its_own_line() -> None:
    config = {"extra": {"operator": COMPLETE}}
    page = "# Impressum\n\n<!-- operator-details -->\n\nText `<!-- operator-details -->`\n"
    out = hook.with_details(page, config)
    assert out.count("Bäckerei Beispiel GmbH") == 1
    assert "`<!-- operator-details -->`" in out


def test_project_config_has_the_hook_and_the_keys() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - talk-kit/operator\n" in config
    operator = yaml.safe_load(config[config.index("  operator:") :].split("\n  generator:")[0])
    assert set(operator["operator"]) <= set(hook.REQUIRED) | set(hook.OPTIONAL)


def make_project(tmp_path: Path, operator: dict) -> Path:
    """A tiny MkDocs project using the hook, with an Impressum page."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Start\n\n[Impressum](impressum.md)\n")
    (tmp_path / "docs" / "impressum.md").write_text(
        "# Impressum\n\n<!-- operator-details -->\n\n[Start](index.md)\n"
    )
    config = {
        "site_name": "Test",
        "theme": {"name": "mkdocs"},
        "markdown_extensions": ["admonition"],
        "plugins": ["talk-kit/operator"],
        "extra": {"operator": operator},
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    return tmp_path


def build(project: Path, require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "REQUIRE_OPERATOR_DETAILS"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if require:
        env["REQUIRE_OPERATOR_DETAILS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_build_without_details_shows_notice_and_passes_strict(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"name": "", "address": []})
    result = build(project, require=False)
    assert result.returncode == 0, result.stderr
    assert "INFO" in result.stderr and "operator-details-missing" in result.stderr
    html = (project / "site" / "impressum" / "index.html").read_text(encoding="utf-8")
    assert "Angaben zum Betreiber fehlen noch" in html
    assert "<!-- operator-details -->" not in html


@pytest.mark.slow
def test_publishing_build_without_details_fails_with_one_line(tmp_path: Path) -> None:
    result = build(make_project(tmp_path, {}), require=True)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "mkdocs.yml" in errors[0], result.stderr
    assert "error: operator-details-missing" in errors[0]
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_publishing_build_with_details_renders_them(tmp_path: Path) -> None:
    project = make_project(tmp_path, COMPLETE)
    result = build(project, require=True)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "impressum" / "index.html").read_text(encoding="utf-8")
    assert "Bäckerei Beispiel GmbH" in html and 'href="mailto:info@example.org"' in html
    assert "fehlen noch" not in html
