"""pymdownx.snippets, confined to what the project allows and reporting instead of raising.

Guide pages include files with `--8<-- "file.md"` (pymdownx.snippets). Out of the box a
missing or unreadable snippet stops the whole build with a traceback (and `mkdocs serve`
stops answering), and a symlink in the snippets folder may point anywhere on the machine:
the extension checks the path as written, not where it leads. `ConfinedSnippets` is the same
extension with the same options, except that every snippet is resolved with its symlinks and
must lie where the project's configuration allows (`snippet_folders`: the content folders and
the `base_path`s, or the whole project where `restrict_base_path` is off), and every problem
becomes a `path:line` finding. What the project allows is included as the extension would.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import markdown
from pymdownx.snippets import SnippetExtension, SnippetPreprocessor

from talk_kit.decks.includes import IncludeProblem, resolve_include
from talk_kit.sitecheck.config import Settings
from talk_kit.sitecheck.findings import Finding, Location, error
from talk_kit.sitecheck.sources import read_text, relative, split_lines


def snippet_folders(settings: Settings) -> tuple[Path, ...]:
    """Where snippets may come from besides the content folders: pymdownx.snippets'
    `base_path`s; with `restrict_base_path: false` the extension follows `../` anywhere, and
    the kit still keeps it inside the project."""
    options = settings.snippets
    if options is None:
        return ()
    if not options.restrict_base_path:
        return (settings.root.resolve(),)
    return tuple(path for path in options.base_paths if path.is_dir())


class SnippetGuard:
    """Where snippets may come from, which page is being rendered, and what went wrong."""

    def __init__(self, root: Path, allowed: Sequence[Path], config_file: Path) -> None:
        self.root = root
        self.allowed = tuple(allowed)
        self.config_file = config_file
        self.appended_refused: set[str] = set()  # auto_append snippets reported this build
        self.page_path = relative(config_file, root)
        self.page_lines: list[str] = []
        self.included: list[tuple[str, list[str]]] = []  # snippets read for this page, by path
        self.findings: list[Finding] = []

    def start_page(self, path: str, markdown_text: str) -> None:
        """Called before a page is rendered: problems are reported at its lines."""
        self.page_path = path
        self.page_lines = split_lines(markdown_text)
        self.included = []

    def where(self, snippet: str) -> Location | None:
        """The line of the current page that includes `snippet`, if it does."""
        for number, line in enumerate(self.page_lines, start=1):
            if "8<" in line and snippet in line:
                return Location(self.page_path, number)
        return None

    def refuse(self, snippet: str, problem: IncludeProblem, appended: bool = False) -> None:
        """Report `problem` where the editor fixes it: at the page line that includes the
        snippet, or, for a snippet the configuration appends to every page (`auto_append`),
        once at its line in the configuration instead of once on every page."""
        location = self.where(snippet)
        if location is None and appended:
            if snippet in self.appended_refused:
                return
            self.appended_refused.add(snippet)
            location = self.config_line(snippet)
        finding = error(location or Location(self.page_path, 1), problem.code, problem.message)
        if finding not in self.findings:  # a page that includes what is appended anyway
            self.findings.append(finding)

    def config_line(self, snippet: str) -> Location:
        """The configuration's first line naming `snippet`."""
        text = read_text(self.config_file, relative(self.config_file, self.root), [])
        lines = split_lines(text or "")
        number = next((n for n, line in enumerate(lines, start=1) if snippet in line), 1)
        return Location(relative(self.config_file, self.root), number)

    def take_findings(self) -> list[Finding]:
        found, self.findings = self.findings, []
        return found


class _ConfinedPreprocessor(SnippetPreprocessor):
    def __init__(self, config: dict[str, Any], md: markdown.Markdown, guard: SnippetGuard) -> None:
        super().__init__({**config, "check_paths": False}, md)
        self.guard = guard

    def get_snippet_path(self, path: str) -> str | None:
        found = super().get_snippet_path(path)
        appended = path in (self.auto_append or ())
        if found is None:
            self.guard.refuse(path, self._why_missing(path), appended)
            return None
        real = resolve_include(Path(found), self.guard.allowed, path)
        if isinstance(real, IncludeProblem):
            self.guard.refuse(path, real, appended)
            return None
        return str(real)

    def _why_missing(self, path: str) -> IncludeProblem:
        """Not found, or there but unusable: a broken symlink, a loop, a folder."""
        for base in self.base_path:
            candidate = Path(base) / path
            if os.path.lexists(candidate):
                problem = resolve_include(candidate, self.guard.allowed, path)
                if isinstance(problem, IncludeProblem):
                    return problem
        bases = ", ".join(relative(Path(base), self.guard.root) for base in self.base_path)
        return IncludeProblem("missing-include", f"snippet '{path}' not found (looked in {bases})")

    def read_lines(self, path: str) -> list[str]:
        shown = relative(Path(path), self.guard.root)
        text = read_text(Path(path), shown, self.guard.findings)
        lines = text.split("\n") if text else []
        self.guard.included.append((shown, lines))
        return lines


class ConfinedSnippets(SnippetExtension):
    """pymdownx.snippets with confinement and findings (see the module docstring)."""

    def __init__(self, guard: SnippetGuard, **options: Any) -> None:
        self.guard = guard
        super().__init__(**options)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.md = md
        md.registerExtension(self)
        preprocessor = _ConfinedPreprocessor(self.getConfigs(), md, self.guard)
        md.preprocessors.register(preprocessor, "snippet", 32)


SNIPPETS = ("pymdownx.snippets", "pymdownx.snippets:SnippetExtension")


def confine_snippets(
    extensions: list[Any], configs: dict[str, dict[str, Any]], guard: SnippetGuard
) -> list[Any]:
    """`extensions` with pymdownx.snippets replaced by `ConfinedSnippets` (same options)."""
    replaced: list[Any] = []
    for extension in extensions:
        if isinstance(extension, str) and extension in SNIPPETS:
            replaced.append(ConfinedSnippets(guard, **configs.get(extension, {})))
        else:
            replaced.append(extension)
    return replaced
