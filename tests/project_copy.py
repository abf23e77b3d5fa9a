"""The project's sources in a scratch folder, for tests that edit them or break them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

COPIED = ("mkdocs.yml", "docs", "slides", "overrides")


def copy_project(target: Path) -> Path:
    for name in COPIED:
        source, destination = ROOT / name, target / name
        if source.is_dir():
            shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    # The social cards are kept by content and written by rename (`talk_kit.cards.cache`):
    # builds side by side may share them, and a copy's build draws only the cards of the
    # pages a test changed (drawing all of them cost a second of CPU per build).
    cards = ROOT / ".cache" / "cards"
    cards.mkdir(parents=True, exist_ok=True)
    (target / ".cache").mkdir()
    (target / ".cache" / "cards").symlink_to(cards)
    return target


def build(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `project` (its own folder, as an editor runs it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1/"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site", *options]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
