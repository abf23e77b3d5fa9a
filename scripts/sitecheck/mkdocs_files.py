"""Where the build puts every source file, asked of MkDocs itself when it is installed.

Plugins move pages: the blog plugin publishes `blog/posts/x.md` at a dated address, others
rename or add pages. The hook sees the real addresses during the build; the CLI gets the same
answer by running MkDocs' file stage (configuration and `on_files` of every plugin and hook,
no rendering), so both map every page alike. Without MkDocs, or if that stage fails, the
CLI falls back to MkDocs' plain rule (`sitecheck.site_index.page_url`).
"""

from __future__ import annotations

import contextlib
import io
import logging
from pathlib import Path


def build_destinations(config_file: Path) -> dict[str, str] | None:
    """`src_uri -> dest_uri` of every file the build knows; None if MkDocs cannot say.

    Files excluded at this stage are listed too: the blog plugin excludes its posts here and
    publishes them later. Whether a file was published, the built site tells.
    """
    try:
        from mkdocs.config import load_config
        from mkdocs.structure.files import get_files
    except ImportError:
        return None
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)  # the build reports its own notes; here they are noise
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            config = load_config(str(config_file))
            config.plugins.on_startup(command="build", dirty=False)
            config = config.plugins.on_config(config)
            files = config.plugins.on_files(get_files(config), config=config)
    except Exception:
        return None
    finally:
        logger.setLevel(level)
    return {file.src_uri: file.dest_uri for file in files}


def url_of(dest_uri: str) -> str:
    """The URL a page's output file is served at (`a/b/index.html` -> `a/b/`)."""
    return dest_uri[: -len("index.html")] if dest_uri.endswith("index.html") else dest_uri
