"""`talk-kit/checks`: run sitecheck during `mkdocs build` and `mkdocs serve`.

A thin adapter: MkDocs knows every file and its URL, so the plugin notes them as the build
goes and, once the site is written (`on_post_build`), checks what readers get: the built pages
(`project.check_built_site`, the same code `sitecheck check` runs). Decks come from the decks
plugin's library, parsed once per change.

The plugin also keeps editors' mistakes from becoming tracebacks: guide pages are read through
sitecheck (size limit, UTF-8, front matter YAML at its real line), snippets are included
by `ConfinedSnippets` (the folders the project allows, a finding instead of an exception), and
text MkDocs' raw-HTML scan would crash on is a finding too (`RawHtmlGuard`). So
`mkdocs serve` keeps answering while a file is broken, and picks the fix up with the next change.

Each finding is logged once as `path:line: error|warning: CODE: message`:
- errors at ERROR level; they fail `mkdocs build` and `gh-deploy` (strict or not) with an
  Abort after the site is written. `mkdocs serve` only logs them;
- warnings at INFO level, so `--strict` is not broken by advice such as a long slide; with
  `strict_warnings: true` they are logged as warnings and fail strict builds.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from talk_kit.decks.includes import allowed_folders, behind_symlinks, outside_files
from talk_kit.decks.plugin import decks_plugin
from talk_kit.sitecheck.checker import Result, sort_findings
from talk_kit.sitecheck.config import ChecksConfig, Settings, apply_severity, settings_for
from talk_kit.sitecheck.documents import Document, file_url, page_document
from talk_kit.sitecheck.findings import Finding, Location, error
from talk_kit.sitecheck.navigation import missing_from_nav, nav_candidates
from talk_kit.sitecheck.project import check_built_site
from talk_kit.sitecheck.raw_html import RawHtmlGuard
from talk_kit.sitecheck.report import summary
from talk_kit.sitecheck.snippets import SnippetGuard, confine_snippets, snippet_folders
from talk_kit.sitecheck.sources import front_matter_findings, read_text, relative

log = logging.getLogger("mkdocs.plugins.talk_kit.checks")
Event = TypeVar("Event", bound=Callable[..., Any])


def timed(event: Event) -> Event:
    """Add the event's CPU time to the build's total: other processes on the machine
    inflate wall-clock time, not CPU time."""

    @functools.wraps(event)
    def wrapper(self: ChecksPlugin, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return event(self, *args, **kwargs)
        finally:
            self.seconds += time.process_time() - start

    return wrapper  # type: ignore[return-value]


class ChecksPlugin(BasePlugin[ChecksConfig]):
    """What one build has collected; `on_files` starts a new build."""

    def __init__(self) -> None:
        self.command = "build"
        self.settings: Settings | None = None
        self.guard: SnippetGuard | None = None
        self.destinations: dict[str, str] = {}  # src_uri -> dest_uri of every listed file
        self.pages: list[Document] = []
        # src_uri -> (its project-relative path, the Markdown read), once per page
        self.sources: dict[str, tuple[str, str]] = {}
        self.findings: list[Finding] = []  # from reading sources and including snippets
        self.result: Result | None = None  # the last build's, for `sitecheck check`
        self.seconds = 0.0  # the plugin's own CPU time, logged at debug level for scripts/bench

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    @event_priority(-50)  # after the decks plugin: the checks see the decks' options
    @timed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.seconds = 0.0  # the first event of each build (`mkdocs serve` loads it again)
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).parent
        self.settings = settings_for(config, self.config)
        content = allowed_folders(Path(config.docs_dir), self.settings.decks_source)
        self.guard = SnippetGuard(
            root,
            (*content, *snippet_folders(self.settings)),
            Path(config.config_file_path),
        )
        config.markdown_extensions = [
            *confine_snippets(list(config.markdown_extensions), config.mdx_configs, self.guard),
            RawHtmlGuard(self.guard),
        ]
        return config

    @event_priority(-100)  # after plugins that add or move files (decks, blog: -50)
    @timed
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.settings is not None:
            self.start(files)
        return files

    @event_priority(-100)  # after plugins that build navigation (blog: -50)
    @timed
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.check_nav(nav, files, config)
        return nav

    @timed
    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.read(page)

    @event_priority(-100)  # the last word before MkDocs renders the page
    @timed
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        self.rendering(page, config)
        return markdown

    @timed
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        self.collect(html, page)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.report(config)

    def start(self, files: Files) -> None:
        self.pages = []
        self.sources = {}
        self.findings = []
        self.result = None
        self.confine(files)
        # Excluded files too: the blog plugin publishes its posts later; the built site says.
        self.destinations = {file.src_uri: file.dest_uri for file in files}

    def confine(self, files: Files) -> None:
        """Leave out files of docs/ and slides/ that are symlinks to elsewhere (a finding each)."""
        if self.settings is None or self.guard is None:
            return
        folders = [self.settings.docs_dir, self.settings.decks_source]
        content = tuple(f"{os.path.abspath(folder)}{os.sep}" for folder in folders if folder)
        candidates = {
            file.abs_src_path: file
            for file in files
            if file.abs_src_path
            and not file.inclusion.is_excluded()  # not published (e.g. `_snippets/`)
            and os.path.abspath(file.abs_src_path).startswith(content)
        }
        shown = {relative(path, self.settings.root): path for path in behind_symlinks(candidates)}
        paths = {name: Path(path) for name, path in shown.items()}
        for name, problem in outside_files(paths, self.guard.allowed).items():
            self.findings.append(error(Location(name, 1), problem.code, problem.message))
            files.remove(candidates[shown[name]])

    def read(self, page: Page) -> str | None:
        """The page's Markdown, read by sitecheck: a broken file is a finding, not a crash."""
        file = page.file
        if self.settings is None or not file.abs_src_path or file.generated_by is not None:
            return None
        path = Path(file.abs_src_path)
        shown = relative(path, self.settings.root)
        text = read_text(path, shown, self.findings)
        if text is None:
            text = ""  # too large or unreadable: the page stays empty, the finding says why
        self.findings.extend(front_matter_findings(text, shown))
        self.sources[file.src_uri] = (shown, text)
        return text

    def rendering(self, page: Page, config: MkDocsConfig) -> None:
        """Tell the guards of snippets and raw HTML which page MkDocs renders next: findings
        go to its lines. A generated page (a tag index) has none of its own."""
        file = page.file
        if self.guard is None or self.settings is None:
            return
        if not file.abs_src_path or file.generated_by is not None:
            self.guard.start_page(relative(config.config_file_path, self.settings.root), "")
            return
        source = self.sources.get(file.src_uri)
        if source is None:  # pages that read their own source (blog posts) skip `read`
            shown = relative(file.abs_src_path, self.settings.root)
            text = read_text(Path(file.abs_src_path), shown, self.findings)
            source = (shown, text or "")
            if text is not None:
                self.sources[file.src_uri] = source
        self.guard.start_page(*source)

    def collect(self, html: str, page: Page) -> None:
        """Keep the page source; generated pages have no source."""
        file = page.file
        source = self.sources.get(file.src_uri)
        if source is not None and file.abs_src_path:
            shown, text = source
            self.pages.append(page_document(shown, file.src_uri, text, file_url(file)))

    def check_nav(self, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
        if config.nav is None or self.settings is None:
            return  # without `nav:` MkDocs lists every page itself
        in_nav = {page.file.src_uri for page in nav.pages}
        candidates = nav_candidates(files, self.settings.root)
        self.findings.extend(missing_from_nav(candidates, in_nav, self.settings.language))

    def report(self, config: MkDocsConfig) -> None:
        settings = self.settings
        if settings is None:
            return
        started = time.process_time()
        plugin = decks_plugin(config)
        decks = list(plugin.pages.values()) if plugin is not None else []
        found_earlier = self.findings + (self.guard.take_findings() if self.guard else [])
        try:
            rendered = plugin.library.rendered if plugin and plugin.library else None
            result = check_built_site(settings, self.pages, decks, self.destinations, rendered)
        except Exception as exc:  # report, do not crash the build with a traceback
            where = Path(config.config_file_path).name
            raise Abort(f"{where}:1: error: internal-error: sitecheck failed: {exc!r}") from exc
        found_earlier = apply_severity(found_earlier, settings.rules)
        result.findings = sort_findings(result.findings + found_earlier)
        self.result = result
        for finding in result.findings:
            if finding.is_error:
                log.error(str(finding))
            elif settings.strict_warnings:
                log.warning(str(finding))
            else:
                log.info(str(finding))
        log.info(summary(result))
        self.seconds += time.process_time() - started
        log.debug(f"sitecheck: plugin took {self.seconds:.3f} s")
        if result.errors and self.command != "serve":
            raise Abort(f"sitecheck found {result.errors} error(s)")
