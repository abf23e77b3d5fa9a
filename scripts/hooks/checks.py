"""Run sitecheck during `mkdocs build` and `mkdocs serve`.

A thin adapter: MkDocs already knows every file, URL and rendered page, so
the hook collects them as the build goes (`on_files`, `on_page_content`) and
runs the shared checks once in `on_post_build`. The checks themselves live in
the plain package `sitecheck` (also `python -m sitecheck check`).

Each finding is logged as `path:line: error|warning: CODE: message`:
- errors at ERROR level; they fail `mkdocs build` and `gh-deploy` (strict or
  not) with an Abort after the site is written. `mkdocs serve` only logs them,
  so the author keeps the preview while fixing;
- warnings at INFO level, so `--strict` (which fails on any logged warning)
  is not broken by advice such as a long slide. Set
  `extra: sitecheck: strict_warnings: true` to log them as warnings, which
  then fail strict builds too.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from sitecheck.checker import check_site, register_decks
from sitecheck.config import Settings, settings_from_dict
from sitecheck.deck import relative
from sitecheck.documents import Document, load_decks, page_document
from sitecheck.findings import Location
from sitecheck.report import summary
from sitecheck.site_index import SiteIndex, id_loader, scan_ids

log = logging.getLogger("mkdocs.hooks.checks")
Event = TypeVar("Event", bound=Callable[..., Any])


class _State:
    """What one build has collected; reset by every (re)build."""

    command = "build"
    settings: Settings | None = None
    index = SiteIndex()
    pages: list[Document] = []  # noqa: RUF012 - reset per build in on_files
    seconds = 0.0  # the hook's own CPU time, logged at debug level for scripts/bench


def _timed(event: Event) -> Event:
    """Add the event's CPU time to the build's total: other processes on the machine
    inflate wall-clock time, not CPU time."""

    @functools.wraps(event)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return event(*args, **kwargs)
        finally:
            _State.seconds += time.process_time() - start

    return wrapper  # type: ignore[return-value]


def on_startup(command: str, dirty: bool) -> None:
    _State.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    data = {
        "extra": dict(config.extra),
        "site_url": config.site_url,
        "docs_dir": config.docs_dir,
        "site_dir": config.site_dir,
        "use_directory_urls": config.use_directory_urls,
    }
    _State.settings = settings_from_dict(
        data, root, Location(Path(config.config_file_path).name, 1)
    )
    return config


@_timed
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _State.seconds = 0.0
    index = SiteIndex()
    for file in files:
        if file.inclusion.is_excluded():
            continue
        index.sources[file.src_uri] = file.dest_uri  # file.url is percent-encoded
        index.outputs.add(file.dest_uri)
    _State.index = index
    _State.pages = []
    return files


@_timed
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep the rendered ids and the page source; generated pages have no source to report."""
    file = page.file
    _State.index.ids[file.dest_uri] = scan_ids(html)
    if file.abs_src_path and file.generated_by is None and _State.settings is not None:
        settings = _State.settings
        path = relative(Path(file.abs_src_path), settings.root)
        document = page_document(
            path, file.src_uri, file.content_string, settings.use_directory_urls
        )
        _State.pages.append(document)
    return html


@_timed
def on_post_build(config: MkDocsConfig) -> None:
    started = time.process_time()
    settings = _State.settings
    if settings is None:
        return
    index = _State.index
    decks = load_decks(settings.decks_source, settings.root)
    register_decks(index, decks, settings)
    # MkDocs already listed every output file; only read HTML that no page rendered here.
    index.load_ids = id_loader(Path(config.site_dir), index.outputs)
    try:
        result = check_site(settings, _State.pages, decks, index)
    except Exception as exc:  # report, do not crash the build with a traceback
        raise Abort(f"mkdocs.yml:1: error: internal-error: sitecheck failed: {exc!r}") from exc
    for finding in result.findings:
        if finding.is_error:
            log.error(str(finding))
        elif settings.strict_warnings:
            log.warning(str(finding))
        else:
            log.info(str(finding))
    log.info(summary(result))
    log.debug(f"sitecheck: hook took {_State.seconds + time.process_time() - started:.3f} s")
    if result.errors and _State.command != "serve":
        raise Abort(f"sitecheck found {result.errors} error(s)")
