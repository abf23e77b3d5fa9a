"""Snippets in guide pages (`ConfinedSnippets`): where a missing one is reported."""

from __future__ import annotations

from pathlib import Path

import markdown

from talk_kit.sitecheck.snippets import ConfinedSnippets, SnippetGuard


def render_pages(root: Path, pages: dict[str, str]) -> SnippetGuard:
    """Render `pages` (path -> Markdown) as the build does, one converter per page."""
    docs = root / "docs"
    (docs / "_snippets").mkdir(parents=True)
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: X\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        "      base_path: [docs/_snippets]\n      auto_append: [glossar.md]\n",
        encoding="utf-8",
    )
    guard = SnippetGuard(root, [docs], config)
    options = {"base_path": [str(docs / "_snippets")], "auto_append": ["glossar.md"]}
    for path, text in pages.items():
        guard.start_page(path, text)
        markdown.Markdown(extensions=[ConfinedSnippets(guard, **options)]).convert(text)
    return guard


def test_a_missing_appended_snippet_is_one_finding_at_the_configuration(tmp_path: Path) -> None:
    guard = render_pages(tmp_path, {f"docs/seite-{n}.md": f"# Seite {n}\n" for n in range(5)})
    assert [str(finding) for finding in guard.take_findings()] == [
        "mkdocs.yml:5: error: missing-include: snippet 'glossar.md' not found "
        "(looked in docs/_snippets)"
    ]


def test_a_page_that_includes_the_missing_snippet_itself_gets_its_own_finding(
    tmp_path: Path,
) -> None:
    pages = {"docs/a.md": "# A\n", "docs/b.md": '# B\n\n--8<-- "glossar.md"\n'}
    found = [str(finding) for finding in render_pages(tmp_path, pages).take_findings()]
    assert found == [
        "mkdocs.yml:5: error: missing-include: snippet 'glossar.md' not found "
        "(looked in docs/_snippets)",
        "docs/b.md:3: error: missing-include: snippet 'glossar.md' not found "
        "(looked in docs/_snippets)",
    ]
