"""`./scripts/serve` rebuilds and live-reloads when a deck under slides/ changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, as_in_a_terminal
from project_copy import copy_project

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_until(condition, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("condition not met before the timeout")


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's sources in a scratch folder, so the tests can edit them freely (each
    edits files of its own)."""
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def server(project_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One preview of the project copy for the tests here (it builds the whole site first),
    stopped as a person stops it (Ctrl-C); MkDocs then removes the temporary folder it served
    the site from."""
    port = free_port()
    scratch = tmp_path_factory.mktemp("tmp")  # MkDocs' temporary site goes here (TMPDIR)
    log = tmp_path_factory.mktemp("log") / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve"), "-f", str(project_copy / "mkdocs.yml")],
            cwd=ROOT,
            env={**os.environ, "ADDR": f"127.0.0.1:{port}", "TMPDIR": str(scratch)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal's foreground job has
            preexec_fn=as_in_a_terminal,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: bool(fetch(base)))
        assert list(scratch.iterdir()), "the preview built no site into TMPDIR"
        # The unchanged copy is built from its own folder, with its own snippets (not with
        # those of the checkout the script lives in): nothing to report.
        assert "sitecheck: 0 error(s), 0 warning(s)" in log.read_text("utf-8")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
        try:
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    assert process.returncode == 0
    assert list(scratch.iterdir()) == []  # stopping the preview leaves nothing behind


def test_editing_a_deck_shows_after_reload(project_copy: Path, server: str) -> None:
    deck = next(iter(sorted((project_copy / "slides").glob("*.md"))))
    url = f"{server}folien/{deck.stem}/"
    assert "Frisch geänderte Folie" not in fetch(url)
    text = deck.read_text(encoding="utf-8")
    new_slide = (
        "\n\n---\n\n## Frisch geänderte Folie\n\n[Leitfaden](../index.md)\n\n"
        "Note:\nEine neue Folie, gerade eben ergänzt.\n"
    )
    deck.write_text(text.rstrip("\n") + new_slide, encoding="utf-8")
    wait_until(lambda: "Frisch geänderte Folie" in fetch(url))


def test_serve_keeps_answering_while_a_page_is_broken(project_copy: Path, server: str) -> None:
    """A missing snippet or a byte that is not UTF-8 is a finding: the preview stays up."""
    page = project_copy / "docs" / "faq.md"
    good = page.read_bytes()
    page.write_bytes(good + b'\n\n--8<-- "gibt-es-nicht.md"\n\nKaputt: \xff\n')
    wait_until(lambda: "Kaputt:" in fetch(f"{server}faq/"))
    assert "Push und Pull" in fetch(f"{server}push-und-pull/")
    page.write_bytes(good + b"\n\nRepariert.\n")
    wait_until(lambda: "Repariert." in fetch(f"{server}faq/"))
