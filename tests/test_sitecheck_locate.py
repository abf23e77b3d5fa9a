"""Where a finding's line is looked up (`Locator`): only files of the project are read."""

from __future__ import annotations

from pathlib import Path

from talk_kit.sitecheck.locate import Locator
from talk_kit.sitecheck.project import open_project

AVATAR = "https://avatars.example.org/jo.png"


def test_data_files_are_read_only_inside_the_project(tmp_path: Path) -> None:
    """A YAML file in the docs folder that links out of the project (to a secret, say) is
    never read: its lines could end up quoted in a finding."""
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    docs = project / "docs"
    (docs / "blog").mkdir(parents=True)
    elsewhere.mkdir()
    (project / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - talk-kit/checks\n", "utf-8")
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    (docs / "blog" / ".authors.yml").write_text(f"avatar: {AVATAR}\n", encoding="utf-8")
    (elsewhere / "secret.yml").write_text(f"token: {AVATAR}\n", encoding="utf-8")
    (docs / "blog" / "secret.yml").symlink_to(elsewhere / "secret.yml")
    (docs / "loop.yml").symlink_to(docs / "loop.yml")
    _, _, settings = open_project(project / "mkdocs.yml")
    read = [source.path for source in Locator(settings).data_files()]
    assert read == ["docs/blog/.authors.yml"]
