"""`pip install .` gives a working `sitecheck` command, with every dependency declared."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "scripts" / "sitecheck"
FIXTURE = ROOT / "tests" / "fixtures" / "sitecheck" / "broken" / "mkdocs.yml"


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions() -> set[str]:
    """The distributions behind every third-party import in the package."""
    modules: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"__future__", "sitecheck"}
    owners = importlib.metadata.packages_distributions()
    return {normalise(owners[module][0]) for module in third_party}


def declared_dependencies() -> set[str]:
    """`[project] dependencies` of pyproject.toml, as installed (scripts/setup reinstalls)."""
    requirements = importlib.metadata.requires("neue-medien-neue-chancen") or []
    return {normalise(re.split(r"[<>=!~; \[]", spec, maxsplit=1)[0]) for spec in requirements}


def test_every_import_of_the_package_is_a_declared_dependency() -> None:
    assert imported_distributions() == declared_dependencies()


@pytest.mark.slow
def test_pip_install_gives_a_working_command(tmp_path: Path) -> None:
    target = tmp_path / "installed"
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    completed = subprocess.run(
        [*install, "--no-deps", "--target", str(target), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import sitecheck; print(sitecheck.__file__)"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(target)), where.stdout + where.stderr  # not the checkout
    checked = subprocess.run(
        [
            str(target / "bin" / "sitecheck"),
            "check",
            "--site-dir",
            str(tmp_path / "nothing"),
            str(FIXTURE),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 1
    assert checked.stderr == ""
    assert "error: no-site: built site 'nothing' not found" in checked.stdout
