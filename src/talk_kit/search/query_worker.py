"""The search worker the pages start: `worker.js`, which prepares German queries for Material's.

Material's pages name their search worker in the page configuration (`__config.search`). The
build adds `worker.js` beside Material's worker, with that worker's file name filled in, and
points each page's configuration at it. The script is a file of the site, so the site's
Content-Security-Policy (`worker-src 'self'`, `script-src 'self'`) allows it as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib.resources import files as package_files
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

WORKERS = "assets/javascripts/workers"
URI = f"{WORKERS}/german-search.js"  # beside Material's: its lunr languages load from ../lunr
PLACEHOLDER = "__MATERIAL_WORKER__"
_MATERIAL_WORKER = re.compile(r"search\.[0-9a-f]+\.min\.js")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


class WorkerNotFound(RuntimeError):
    """The theme has no search worker where Material keeps it."""


def material_worker(theme_dirs: Iterable[str]) -> str:
    """The file name of Material's search worker (`search.<hash>.min.js`) in the theme.

    Read from the theme's folders, not from the build's files: the checker runs the plugins'
    file stage on the documentation's files alone.
    """
    for folder in theme_dirs:
        for path in sorted(Path(folder, WORKERS).glob("search.*.min.js")):
            if _MATERIAL_WORKER.fullmatch(path.name):
                return path.name
    raise WorkerNotFound(f"no search worker {WORKERS}/search.<hash>.min.js in the theme")


def worker_source(material: str) -> str:
    """`worker.js` with the name of Material's worker filled in."""
    source = package_files("talk_kit.search").joinpath("worker.js").read_text(encoding="utf-8")
    return source.replace(PLACEHOLDER, material)


def add_worker(files: Files, config: MkDocsConfig) -> None:
    """Put the German search worker beside Material's."""
    material = material_worker(config.theme.dirs)
    files.append(File.generated(config, URI, content=worker_source(material)))


def with_german_worker(page_html: str) -> str:
    """The page with its configuration's search worker replaced by the German one."""
    found = _CONFIG.search(page_html)
    if found is None:
        return page_html
    settings = json.loads(found.group(2))
    url = settings.get("search")
    if not isinstance(url, str) or not _MATERIAL_WORKER.fullmatch(url.rpartition("/")[2]):
        return page_html
    german = f"{url.rpartition('/')[0]}/{PurePosixPath(URI).name}"
    body = found.group(2).replace(json.dumps(url), json.dumps(german), 1)
    return page_html[: found.start(2)] + body + page_html[found.end(2) :]
