"""`python -m presenter`: every refusal is one line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SMALL_PROJECT

from talk_kit.presenter.exports import export_paths
from talk_kit.presenter.jobs import DeckJob, write_jobs
from talk_kit.presenter.local_site import find_chromium


def presenter(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "talk_kit.presenter", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def one_line_error(result: subprocess.CompletedProcess[str], start: str) -> None:
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"presenter: error: {start}"), result.stderr


def jobs_file(tmp_path: Path) -> Path:
    outputs = export_paths("folien", "talk")
    page = ("folien/talk/index.html", "folien/talk/", "https://x/")
    job = DeckJob("talk", "Talk", str(tmp_path / "talk.md"), *page, outputs)
    path = tmp_path / "jobs.json"
    write_jobs(path, [job])
    return path


def test_without_chromium_printing_says_how_to_install_it(tmp_path: Path) -> None:
    jobs = str(jobs_file(tmp_path))
    result = presenter("export", "--site-dir", str(tmp_path), "--jobs", jobs, CHROMIUM="nope")
    one_line_error(
        result, "no Chromium found to print the deck PDFs: apt-get install chromium-headless-shell"
    )


def test_an_unknown_deck_is_named(tmp_path: Path) -> None:
    jobs = str(jobs_file(tmp_path))
    result = presenter("export", "--site-dir", str(tmp_path), "--jobs", jobs, "vortrag")
    one_line_error(result, "no deck named vortrag (decks: talk)")


def test_a_missing_job_list_and_site_are_one_line_each(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.json")
    one_line_error(presenter("export", "--site-dir", ".", "--jobs", missing), f"{missing}: no deck")
    out = str(tmp_path / "x.zip")
    one_line_error(presenter("zip", "--site-dir", str(tmp_path), "--out", out), f"{tmp_path}:")


@pytest.mark.slow
def test_the_build_without_chromium_says_so_in_one_line_and_links_no_pdfs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [str(ROOT / "scripts" / "build"), "-f", str(SMALL_PROJECT), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROMIUM": "nope"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    said = [line for line in result.stderr.splitlines() if "Chromium" in line]
    assert said == [
        "build: no Chromium found to print the deck PDFs: apt-get install "
        "chromium-headless-shell (or chromium), or set CHROMIUM=/path/to/chrome; building "
        "without the deck PDFs"
    ]
    deck_list = (site / "index.html").read_text(encoding="utf-8")
    assert '<td><a href="folien/kurz/">' in deck_list and ".pdf" not in deck_list
    assert (site / "folien" / "kurz" / "index.html").is_file()
    assert not list(site.rglob("*.pdf"))


def test_publishing_without_chromium_stops_before_building(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(ROOT / "scripts" / "build"), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROMIUM": "nope", "REQUIRE_OPERATOR_DETAILS": "1"},
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith("publishing needs the deck PDFs")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_command_prints_one_deck(tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    result = subprocess.run(
        [str(ROOT / "scripts" / "pdf"), "-f", str(SMALL_PROJECT), "kurz", "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wanted = export_paths("folien", "kurz").values()
    assert sorted(path.name for path in out.iterdir()) == sorted(Path(p).name for p in wanted)
    magic = {".pdf": b"%PDF-", ".pptx": b"PK"}  # a .pptx is a zip file
    assert all(path.read_bytes().startswith(magic[path.suffix]) for path in out.iterdir())


def fake_binaries(folder: Path, *names: str) -> str:
    """A PATH with nothing but executables of these names."""
    folder.mkdir()
    for name in names:
        (folder / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (folder / name).chmod(0o755)
    return str(folder)


def test_the_headless_shell_is_preferred_to_the_full_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv(
        "PATH", fake_binaries(tmp_path / "both", "chromium", "chromium-headless-shell")
    )
    assert find_chromium() == str(tmp_path / "both" / "chromium-headless-shell")
    monkeypatch.setenv("PATH", fake_binaries(tmp_path / "full", "chromium"))
    assert find_chromium() == str(tmp_path / "full" / "chromium")
    monkeypatch.setenv("CHROMIUM", "chromium")
    monkeypatch.setenv(
        "PATH", fake_binaries(tmp_path / "chosen", "chromium", "chromium-headless-shell")
    )
    assert find_chromium() == str(tmp_path / "chosen" / "chromium")
