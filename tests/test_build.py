"""`./scripts/build` fails readably on bad config (the build of the project itself is
`test_presenter_kit`'s, which the PDFs and the offline bundle need anyway)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def run_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "build"), *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("name: material", "name: materiall"), "Unrecognised theme name: 'materiall'"),
        (("theme:\n", "theme: [\n"), "while parsing"),
        (("  - talk-kit/csp\n", "  - talk-kit/no-such-plugin\n"), "talk-kit/no-such-plugin"),
    ],
    ids=["unknown-theme", "yaml-syntax", "missing-plugin"],
)
def test_broken_config_fails_with_a_readable_message(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert change[0] in config
    broken = ROOT / f".broken-{tmp_path.name}.yml"
    broken.write_text(config.replace(change[0], change[1], 1), encoding="utf-8")
    try:
        result = run_build("-f", str(broken), "-d", str(tmp_path / "site"))
    finally:
        broken.unlink()
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_setup_on_a_set_up_machine_installs_nothing() -> None:
    """scripts/test already ran setup for this session; serve, build and test reuse it."""
    for profile in ("runtime", "dev"):
        result = subprocess.run(
            ["bash", "-c", f"source scripts/setup {profile}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout + result.stderr == ""
