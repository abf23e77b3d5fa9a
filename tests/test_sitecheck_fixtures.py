"""Fixture projects: each broken page or deck reports exactly its file, line and code.

Both fixture sites are built once with MkDocs and the `checks.py` hook; the CLI
then checks the same built site. Hook and CLI must report the same lines.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from talk_kit.sitecheck.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "sitecheck"
LOG_PREFIXES = ("ERROR   -  ", "WARNING -  ", "INFO    -  ")

EXPECTED: dict[str, list[tuple[int, str]]] = {
    "docs/anchors.md": [
        (14, "broken-anchor"),  # heading only inside a code fence makes no id
        (15, "broken-anchor"),  # ... also on another page
        (16, "fragile-anchor"),  # `_1` id of a repeated heading
        (17, "broken-anchor"),  # ids are case-sensitive
        (18, "broken-anchor"),  # raw <a href="#nowhere">
        (19, "broken-anchor"),  # file.html#nope
        (20, "broken-anchor"),  # deck/#nope: not a slide id
    ],
    "docs/decks.md": [
        (3, "broken-route"),  # #/2/1 beyond the deck
        (4, "broken-route"),  # #/nope: no such slide id
        (4, "broken-route"),  # URL form ../folien/talk/#/3
        (5, "broken-route"),  # #/0 with hashOneBasedIndex
        (6, "generic-link-text"),
        (6, "missing-alt"),
    ],
    "docs/pages.md": [
        (3, "broken-link"),
        (4, "case-mismatch"),
        (6, "case-mismatch"),
        (7, "broken-link"),
        (8, "broken-link"),
    ],
    "docs/raw-html.md": [
        (3, "unrewritten-md-link"),
        (4, "broken-link"),
        (6, "broken-link"),  # img src resolves from the page URL, not the source
    ],
    "slides/alt.md": [(11, "missing-alt"), (12, "missing-alt")],
    "slides/bullets.md": [(9, "too-many-bullets")],
    "slides/code.md": [(11, "code-too-long")],
    "slides/dup-title.md": [(18, "duplicate-title")],
    "slides/empty.md": [(9, "empty-slide")],
    "slides/encoding.md": [(7, "encoding")],
    "slides/event.md": [(8, "missing-include")],
    "slides/fence.md": [(10, "separator-in-fence")],
    "slides/guide-link.md": [(11, "missing-guide-link")],  # switched on by the deck's `check:`
    "slides/frontmatter.md": [(2, "front-matter")],  # not also "needs a title"
    "slides/lines.md": [(9, "too-many-lines")],
    "slides/links.md": [
        (8, "broken-anchor"),  # deck -> guide page anchor
        (9, "broken-link"),  # deck image
        (11, "broken-route"),  # deck -> other deck route
        (13, "broken-anchor"),  # plain #id on a deck is a slide id
    ],
    "slides/linktext.md": [(11, "generic-link-text"), (11, "generic-link-text")],
    "slides/long.md": [(3, "talk-too-long")],
    "slides/no-title.md": [(9, "missing-title")],
    "slides/notes.md": [(9, "missing-notes")],
    "slides/parts/body.md": [(3, "broken-link")],  # reported in the included file
    "slides/placeholder.md": [(7, "unknown-placeholder")],
    "slides/short.md": [(3, "talk-too-short")],
    "slides/words.md": [(9, "too-many-words")],
}


def build(project: str, site: Path) -> subprocess.CompletedProcess[str]:
    config = FIXTURES / project / "mkdocs.yml"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def hook_lines(stderr: str) -> list[str]:
    lines = []
    for line in stderr.splitlines():
        for prefix in LOG_PREFIXES:
            if line.startswith(prefix) and (": error: " in line or ": warning: " in line):
                lines.append(line[len(prefix) :])
    return lines


@pytest.fixture(scope="module")
def broken(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    site = tmp_path_factory.mktemp("broken") / "site"
    return site, build("broken", site)


@pytest.fixture(scope="module")
def clean(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    site = tmp_path_factory.mktemp("clean") / "site"
    return site, build("clean", site)


def run_cli(
    project: str, site: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    config = str(FIXTURES / project / "mkdocs.yml")
    status = main(["check", "--site-dir", str(site), *extra, config])
    return status, capsys.readouterr().out


def cli_findings(project: str, site: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    _, out = run_cli(project, site, capsys, "--format", "json")
    return json.loads(out)["findings"]


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_broken_file_reports_exact_lines_and_codes(
    path: str, broken: tuple[Path, object], capsys: pytest.CaptureFixture[str]
) -> None:
    found = [
        (f["line"], f["code"])
        for f in cli_findings("broken", broken[0], capsys)
        if f["path"] == path
    ]
    assert sorted(found) == sorted(EXPECTED[path])


@pytest.mark.slow
def test_no_unexpected_findings(
    broken: tuple[Path, object], capsys: pytest.CaptureFixture[str]
) -> None:
    paths = defaultdict(list)
    for finding in cli_findings("broken", broken[0], capsys):
        paths[finding["path"]].append(finding["code"])
    assert sorted(paths) == sorted(EXPECTED)


@pytest.mark.slow
def test_text_report_exit_status_and_summary(
    broken: tuple[Path, object], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run_cli("broken", broken[0], capsys)
    lines = out.splitlines()
    assert status == 1
    assert "docs/pages.md:3: error: broken-link: 'missing.md': page 'missing.md' not found" in lines
    assert lines[-1].startswith("sitecheck: 29 error(s), 17 warning(s) in 24 file(s)")


@pytest.mark.slow
def test_hook_reports_the_same_errors_and_fails_the_build(
    broken: tuple[Path, subprocess.CompletedProcess[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    site, completed = broken
    assert completed.returncode == 1
    assert "sitecheck found 29 error(s)" in completed.stdout + completed.stderr
    _, out = run_cli("broken", site, capsys)
    cli_lines = out.splitlines()[:-1]
    assert sorted(hook_lines(completed.stderr)) == sorted(cli_lines)


@pytest.mark.slow
def test_clean_project_reports_nothing(
    clean: tuple[Path, subprocess.CompletedProcess[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    site, completed = clean
    assert completed.returncode == 0, completed.stderr
    assert hook_lines(completed.stderr) == []
    status, out = run_cli("clean", site, capsys)
    assert status == 0
    assert out.splitlines() == [
        "sitecheck: 0 error(s), 0 warning(s) in 0 file(s); checked 3 page(s) and 1 deck(s)"
    ]


@pytest.mark.slow
def test_clean_project_passes_strict_build(tmp_path: Path) -> None:
    config = FIXTURES / "clean" / "mkdocs.yml"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    completed = subprocess.run([*command, "-d", str(tmp_path)], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


def test_missing_site_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_cli("clean", tmp_path / "nowhere", capsys)
    assert status == 1
    assert out.startswith("mkdocs.yml:1: error: no-site: ")


# The table in checker-notes.md: each row with the browser's answer.
BROWSER_TABLE = [
    ("#%C3%BCber-uns (id über-uns)", "docs/anchors.md", 13, None),
    ("page.md#x, x only inside a code fence", "docs/anchors.md", 15, "broken-anchor"),
    ("deck/#nope", "docs/anchors.md", 20, "broken-anchor"),
    ("file.html#nope", "docs/anchors.md", 19, "broken-anchor"),
    ("deck/#/2/1 beyond the slides", "docs/decks.md", 3, "broken-route"),
    ("#top", "docs/anchors.md", 13, None),
    ('raw <a href="missing.md">', "docs/raw-html.md", 4, "broken-link"),
    ('raw <a href="#nowhere">', "docs/anchors.md", 18, "broken-anchor"),
    ("image inside a deck", "slides/links.md", 9, "broken-link"),
    ("link inside a deck to a guide anchor", "slides/links.md", 8, "broken-anchor"),
    ("deck link that works once rewritten", "slides/links.md", 12, None),
]


@pytest.mark.parametrize(
    ("row", "path", "line", "code"), BROWSER_TABLE, ids=[r[0] for r in BROWSER_TABLE]
)
@pytest.mark.slow
def test_checker_notes_table(
    row: str,
    path: str,
    line: int,
    code: str | None,
    broken: tuple[Path, object],
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = [
        f["code"]
        for f in cli_findings("broken", broken[0], capsys)
        if (f["path"], f["line"]) == (path, line)
    ]
    assert found == ([] if code is None else [code])


@pytest.mark.slow
def test_deck_route_that_exists_is_fine(
    broken: tuple[Path, object], capsys: pytest.CaptureFixture[str]
) -> None:
    text = (FIXTURES / "broken" / "docs" / "decks.md").read_text(encoding="utf-8")
    assert "[gut](folien/talk.md#/1/1)" in text.splitlines()[2]
    codes = [
        f["message"]
        for f in cli_findings("broken", broken[0], capsys)
        if f["path"] == "docs/decks.md"
    ]
    assert not any("#/1/1" in message for message in codes)


@pytest.mark.parametrize(
    ("config", "fails"), [("mkdocs.yml", False), ("mkdocs-strict-warnings.yml", True)]
)
@pytest.mark.slow
def test_warnings_fail_strict_builds_only_when_configured(
    config: str, fails: bool, tmp_path: Path
) -> None:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(FIXTURES / "warn" / config),
    ]
    completed = subprocess.run([*command, "-d", str(tmp_path)], capture_output=True, text=True)
    assert (completed.returncode != 0) is fails
    message = "slide 2 (#/1) has 7 bullets (at most 6); split the slide"  # as the deck shows it
    assert hook_lines(completed.stderr) == [
        f"slides/talk.md:9: warning: too-many-bullets: {message}"
    ]


@pytest.mark.slow
def test_module_entry_point(broken: tuple[Path, object]) -> None:
    config = FIXTURES / "broken" / "mkdocs.yml"
    command = [
        sys.executable,
        "-m",
        "talk_kit.sitecheck",
        "check",
        "--site-dir",
        str(broken[0]),
        str(config),
    ]
    completed = subprocess.run(command, capture_output=True, text=True)
    assert completed.returncode == 1
    assert completed.stderr == ""
    assert completed.stdout.splitlines()[-1].startswith("sitecheck: 29 error(s)")


@pytest.mark.slow
@pytest.mark.parametrize("project", ["broken", "clean", "warn", "ids"])
def test_the_cli_builds_and_reports_the_builds_lines(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sitecheck check` without --site-dir builds the project itself: line for line what
    `mkdocs build` with the checks plugin logs."""
    completed = build(project, tmp_path / "site")
    main(["check", str(FIXTURES / project / "mkdocs.yml")])
    cli_lines = capsys.readouterr().out.splitlines()[:-1]
    assert sorted(cli_lines) == sorted(hook_lines(completed.stderr))
    assert (completed.returncode != 0) is any(": error: " in line for line in cli_lines)
