"""Where the build puts every source file, asked of MkDocs itself when it is installed.

Plugins move pages: the blog plugin publishes `blog/posts/x.md` at a dated address, others
rename or add pages. The hook sees the real addresses during the build; the CLI gets the same
answer by running MkDocs' file stage (configuration and `on_files` of every plugin and hook,
no rendering), so both map every page alike. Without MkDocs, or if that stage fails, the
CLI falls back to MkDocs' plain rule (`sitecheck.site_index.page_url`).

Without plugins that move files, and without hooks, the file stage is MkDocs' plain rule over
`docs_dir`: the CLI then applies that rule itself (`plain_destinations`), since loading MkDocs
and its plugins costs a tenth of a second, as much as checking a few hundred pages.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path, PurePath
from typing import Any

# Plugins none of whose events adds, removes or moves a file, or changes where the build
# writes one (docs_dir, site_dir, use_directory_urls).
STILL_PLUGINS = frozenset(("search", "material/search"))
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # MkDocs' own list


def moves_nothing(config: dict[str, Any]) -> bool:
    """True if the raw mkdocs.yml `config` has no plugin or hook that could change where a
    file goes (an inherited config could add some: it counts as one)."""
    if "INHERIT" in config or config.get("hooks"):
        return False
    plugins = config.get("plugins", ["search"])  # MkDocs' default
    if isinstance(plugins, dict):
        names = list(plugins)
    elif isinstance(plugins, list):
        names = [
            next(iter(plugin)) if isinstance(plugin, dict) and len(plugin) == 1 else plugin
            for plugin in plugins
        ]
    else:
        return False
    return all(isinstance(name, str) and name in STILL_PLUGINS for name in names)


def plain_destinations(docs_dir: Path, use_directory_urls: bool) -> dict[str, str] | None:
    """`src_uri -> dest_uri` as MkDocs' `get_files` gives it without plugins, in its order.

    None where MkDocs itself must answer: a folder with two files for one address (MkDocs
    keeps one of `README.md` and `index.md` by its exclusion patterns). Folders MkDocs
    refuses (`refused_folders`) must be ruled out by the caller.
    """
    if not docs_dir.is_dir():
        return None
    destinations: dict[str, str] = {}
    for folder, folders, files in os.walk(docs_dir, followlinks=True):
        relative = os.path.relpath(folder, docs_dir)
        folders.sort()
        taken: set[str] = set()
        for name in sorted(files, key=_file_order):
            src_uri = PurePath(os.path.join(relative, name)).as_posix()
            dest_uri = plain_dest_uri(src_uri, use_directory_urls)
            if dest_uri in taken:
                return None
            taken.add(dest_uri)
            destinations[src_uri] = dest_uri
    return destinations


def refused_folders(root: Path, docs_dir: Path, site_dir: Path) -> bool:
    """MkDocs refuses docs_dir as the config's own folder, and docs_dir and site_dir inside
    each other; compared as written and with links resolved, to refuse at least as often."""
    for where in (_absolute, Path.resolve):
        docs, site = where(docs_dir), where(site_dir)
        if docs == where(root) or docs in (site, *site.parents) or site in docs.parents:
            return True
    return False


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _file_order(name: str) -> tuple[bool, str]:
    """MkDocs lists `index` and `README` first in a folder."""
    return (os.path.splitext(name)[0] not in ("index", "README"), name)


def plain_dest_uri(src_uri: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes a file: a page at `a/b/index.html` (or `a/b.html`), others as is."""
    if not src_uri.endswith(MARKDOWN_SUFFIXES):
        return src_uri
    parent, filename = posixpath.split(src_uri)
    stem = posixpath.splitext(filename)[0]
    name = "index" if stem == "README" else stem
    if not use_directory_urls or name == "index":
        return posixpath.join(parent, f"{name}.html")
    return posixpath.join(parent, name, "index.html")


def build_destinations(config_file: Path) -> dict[str, str] | None:
    """`src_uri -> dest_uri` of every file the build knows; None if MkDocs cannot say.

    Files excluded at this stage are listed too: the blog plugin excludes its posts here and
    publishes them later. Whether a file was published, the built site tells.
    """
    import contextlib  # here, with MkDocs: a plain project never needs them
    import io
    import logging

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
