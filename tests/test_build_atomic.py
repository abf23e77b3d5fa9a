"""`./scripts/build` is atomic: a failed or interrupted build leaves the previous site as it was,
the build script never replaces a folder that is no site, and `sitecheck check` builds elsewhere."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ROOT, SMALL_PROJECT, as_in_a_terminal

from talk_kit.sitecheck.cli import main
from talk_kit.sitecheck.site_dir import site_dir_problem

pytestmark = pytest.mark.slow

BUILD = str(ROOT / "scripts" / "build")
MARKER = "the previous site"


def previous_site(folder: Path) -> Path:
    """A site as an earlier build left it."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{MARKER}</p>", "utf-8")
    (folder / "sitemap.xml").write_text("<urlset/>", "utf-8")
    return folder


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def intact(site: Path) -> bool:
    return (site / "index.html").read_text("utf-8") == f"<p>{MARKER}</p>" and sorted(
        p.name for p in site.iterdir()
    ) == ["index.html", "sitemap.xml"]


def test_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    site = previous_site(tmp_path / "site")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# A\n", "utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: X\ndocs_dir: {tmp_path / 'docs'}\ntheme:\n  name: no-such-theme\n", "utf-8"
    )
    result = subprocess.run(
        [BUILD, "-f", str(config), "-d", str(site)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "no-such-theme" in result.stdout + result.stderr
    assert intact(site)
    assert leftovers(tmp_path) == []


# A hook that holds the build after every page is written until the test has sent Ctrl-C:
# the signal arrives at a known point, however fast or loaded the machine is.
HOLDING_HOOK = """
import time
from pathlib import Path


def on_post_build(config, **kwargs):
    Path(config["site_dir"], "..", "holding").resolve().touch()
    time.sleep(120)
"""


def test_ctrl_c_during_the_build_leaves_the_previous_site(tmp_path: Path) -> None:
    site = previous_site(tmp_path / "site")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# A\n", "utf-8")
    (tmp_path / "holding_hook.py").write_text(HOLDING_HOOK, "utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nhooks:\n  - holding_hook.py\n", "utf-8")
    holding = tmp_path / "holding"
    process = subprocess.Popen(
        [BUILD, "--no-pdf", "-f", str(config), "-d", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a terminal's foreground job has
        preexec_fn=as_in_a_terminal,
    )
    try:
        deadline = time.monotonic() + 120
        while not holding.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert holding.exists(), "the build never reached its last step"
        assert [p for p in tmp_path.glob(".site.building.*") if (p / "index.html").is_file()]
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
        assert process.wait(timeout=60) != 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    holding.unlink()
    assert intact(site)
    assert leftovers(tmp_path) == []


def test_successful_build_replaces_the_previous_site(tmp_path: Path) -> None:
    site = previous_site(tmp_path / "site")
    # A small project with a deck, without the deck PDFs: they are printed into the new site
    # before the same swap, and test_presenter_kit runs the whole build of this project.
    result = subprocess.run(
        [BUILD, "--no-pdf", "-f", str(SMALL_PROJECT), "-d", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert MARKER not in (site / "index.html").read_text("utf-8")
    assert (site / "folien" / "kurz" / "index.html").is_file()
    assert leftovers(tmp_path) == []
    assert oct(site.stat().st_mode & 0o777) != oct(0o700)  # readable like any new folder


def test_build_refuses_a_folder_that_is_no_site(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me", "utf-8")
    result = subprocess.run([BUILD, "-d", str(folder)], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "holds no previously built site" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["letter.txt"]


def test_the_cli_never_builds_into_the_projects_site_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# A\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nsite_dir: documents\n", "utf-8")
    assert main(["check", str(tmp_path / "mkdocs.yml")]) == 0
    assert "checked 1 page(s)" in capsys.readouterr().out  # it did build, elsewhere
    assert [p.name for p in folder.iterdir()] == ["letter.txt"]


def test_which_folders_may_be_replaced(tmp_path: Path) -> None:
    assert site_dir_problem(tmp_path / "new") is None
    assert site_dir_problem(tmp_path) is None  # empty
    assert site_dir_problem(previous_site(tmp_path / "site")) is None
    (tmp_path / "file").write_text("x", "utf-8")
    assert site_dir_problem(tmp_path / "file") is not None
    only_index = tmp_path / "page"
    only_index.mkdir()
    (only_index / "index.html").write_text("x", "utf-8")
    assert site_dir_problem(only_index) is not None
