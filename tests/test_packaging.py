"""The kit as another project uses it: `pip install`, `plugins:` in mkdocs.yml, a build.

Every third-party import of the package is a declared dependency; a wheel installed into a
fresh virtual environment carries its templates, styles and scripts, registers its plugins and
commands, and builds a stranger's project: a broken link is one finding at its line, a clean
project gets a deck page with its slides.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "talk_kit"
DISTRIBUTION = "mkdocs-talk-kit"
PLUGINS = {"decks", "checks", "search", "csp", "operator", "task-lists", "cards"}
PIP = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions() -> set[str]:
    """The distributions behind every third-party import in the package."""
    modules: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"__future__", "talk_kit"}
    owners = importlib.metadata.packages_distributions()
    return {normalise(owners[module][0]) for module in third_party}


def declared_dependencies() -> set[str]:
    """`[project] dependencies` of pyproject.toml, as installed (scripts/setup reinstalls)."""
    requirements = importlib.metadata.requires(DISTRIBUTION) or []
    return {normalise(re.split(r"[<>=!~; \[]", spec, maxsplit=1)[0]) for spec in requirements}


def test_every_import_of_the_package_is_a_declared_dependency() -> None:
    # mkdocs-material and mkdocs-revealjs are plugins the kit's plugins work with (the theme,
    # the deck frame), not imports; they are declared too.
    imported = imported_distributions() | {"mkdocs-material", "mkdocs-revealjs"}
    assert imported == declared_dependencies()


def test_the_plugins_are_registered_for_mkdocs() -> None:
    points = importlib.metadata.entry_points(group="mkdocs.plugins")
    ours = {point.name for point in points if point.value.startswith("talk_kit.")}
    assert ours == {f"talk-kit/{name}" for name in PLUGINS}
    for point in points:
        if point.value.startswith("talk_kit."):
            assert point.load().__module__.startswith("talk_kit.")


STRANGER_CONFIG = """\
site_name: Kammer-Vorträge
site_url: https://kammer.example/vortraege/
theme:
  name: material
  font: false
plugins:
  - search
  - revealjs
  - talk-kit/decks
  - talk-kit/checks
"""
TALK = """\
---
title: Vom Laden ins Netz
event: Unternehmertag
---

# {{ title }}

---

## Warum jetzt

- Kundschaft sucht online
- [Mehr dazu](../index.md)

Note:
Was ich dazu sage.
"""


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the kit installed from a wheel of this checkout.

    Its dependencies come from this test environment's site-packages (linked with a `.pth`
    file, whose own `.pth` files, such as the editable install of the kit, are not run), so the
    test needs no network; the kit itself is only what the wheel carries.
    """
    folder = tmp_path_factory.mktemp("fresh")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", "utf-8")
    wheels = folder / "wheels"
    built = subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("*.whl")
    # pip runs itself with the new venv's Python; a PYTHONPATH (as when the tests run against
    # another checkout's src) would show it the kit as installed already, and pip would skip it.
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    installed = subprocess.run(
        [*PIP, "--python", str(python), "install", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        env=clean,
    )
    assert installed.returncode == 0, installed.stderr
    return venv


def stranger_project(folder: Path, index: str) -> Path:
    """The README's "Use the kit in another project": mkdocs.yml, one page, one talk."""
    (folder / "docs").mkdir(parents=True)
    (folder / "slides").mkdir()
    (folder / "mkdocs.yml").write_text(STRANGER_CONFIG, encoding="utf-8")
    (folder / "docs" / "index.md").write_text(index, encoding="utf-8")
    (folder / "slides" / "talk.md").write_text(TALK, encoding="utf-8")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")  # what `npm ci` gives
    return folder


def run(venv: Path, command: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [str(venv / "bin" / command), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.mark.slow
def test_the_wheel_is_the_kit_and_not_this_checkout(fresh_venv: Path, tmp_path: Path) -> None:
    where = run(
        fresh_venv, "python", "-c", "import talk_kit; print(talk_kit.__file__)", cwd=tmp_path
    )
    assert where.returncode == 0, where.stderr
    assert where.stdout.startswith(str(fresh_venv)), where.stdout


@pytest.mark.slow
def test_a_strangers_broken_link_is_one_finding_at_its_line(
    fresh_venv: Path, tmp_path: Path
) -> None:
    index = "# Start\n\nText.\n\n[Fehlt](fehlt.md)\n"
    project = stranger_project(tmp_path / "project", index)
    built = run(fresh_venv, "python", "-m", "mkdocs", "build", "-q", cwd=project)
    assert built.returncode == 1
    errors = [line for line in built.stderr.splitlines() if "error:" in line]
    assert errors == [
        "ERROR   -  docs/index.md:5: error: broken-link: 'fehlt.md': page 'fehlt.md' not found"
    ]
    checked = run(fresh_venv, "sitecheck", "check", cwd=project)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "docs/index.md:5: error: broken-link: 'fehlt.md'" in checked.stdout


@pytest.mark.slow
def test_a_strangers_clean_project_builds_a_deck_page(fresh_venv: Path, tmp_path: Path) -> None:
    project = stranger_project(tmp_path / "project", "# Start\n\nWillkommen.\n")
    built = run(fresh_venv, "python", "-m", "mkdocs", "build", "--strict", cwd=project)
    assert built.returncode == 0, built.stderr
    deck = (project / "site" / "slides" / "talk" / "index.html").read_text("utf-8")
    assert deck.count("</section>") == 2  # the title slide and one more
    assert "<h2>Warum jetzt</h2>" in deck and "<h1>Vom Laden ins Netz</h1>" in deck
    assert (project / "site" / "assets" / "talk-kit" / "deck-theme.css").is_file()
    assert (project / "site" / "assets" / "vendor" / "reveal.js" / "dist" / "reveal.js").is_file()
