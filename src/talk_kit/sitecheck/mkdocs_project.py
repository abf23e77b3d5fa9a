"""The CLI's one reading of a project: MkDocs loads and validates mkdocs.yml (with every
plugin's options) and runs its file stage (`on_startup`, `on_config`, `on_files` of every
plugin and hook, no rendering, then `on_shutdown`).

So the CLI sees what the build sees: the same options, the same decks (parsed once, by the
decks plugin), and every file at the address its `File` gives it, also where plugins move or
add pages (the blog plugin publishes `blog/posts/x.md` at a dated address).
"""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.structure.files import Files, get_files


@dataclass
class LoadedProject:
    config: MkDocsConfig
    files: Files
    warnings: list[str]  # what MkDocs warned about while validating (unknown options, say)

    def destinations(self) -> dict[str, str]:
        """`src_uri -> dest_uri` of every file the build knows. Files excluded at this stage
        are listed too: the blog plugin excludes its posts here and publishes them later.
        Whether a file was published, the built site tells."""
        return {file.src_uri: file.dest_uri for file in self.files}


class ProjectError(Exception):
    """MkDocs refused the configuration; the message is MkDocs' own."""


class _Complaints(logging.Handler):
    """What MkDocs logs while it validates the configuration: errors before it gives up,
    warnings about options it ignores."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        said = " ".join(record.getMessage().split())
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(said)


def load_project(config_file: Path, site_dir: Path | None = None) -> LoadedProject:
    options = {"site_dir": str(site_dir)} if site_dir is not None else {}
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.WARNING)  # the build reports its own notes; here they are noise
    complaints = _Complaints()
    logger.addHandler(complaints)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            config = load_config(str(config_file), **options)
            try:
                config.plugins.on_startup(command="build", dirty=False)
                config = config.plugins.on_config(config)
                files = config.plugins.on_files(get_files(config), config=config)
            finally:
                shut_down(config)
    except (ConfigurationError, PluginError) as refused:
        raise ProjectError(str(refused).strip() or type(refused).__name__) from None
    except SystemExit as refused:  # MkDocs aborts on a configuration it cannot validate
        said = "; ".join(complaints.errors) or f"invalid configuration ({refused.code})"
        raise ProjectError(said) from None
    finally:
        logger.removeHandler(complaints)
        logger.setLevel(level)
    return LoadedProject(config, files, complaints.warnings)


def shut_down(config: MkDocsConfig) -> None:
    """End the MkDocs run as `mkdocs build` does, so plugins clean up: the blog plugin
    removes the temporary folder it made when MkDocs created it. MkDocs keeps that plugin
    for later loads in the same process, so a second run finds the folder gone."""
    with contextlib.suppress(FileNotFoundError):
        config.plugins.on_shutdown()
