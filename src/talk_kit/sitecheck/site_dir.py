"""Which folders a build may replace: an empty one, or a site built before.

Building cleans its output folder, so `--site-dir ~/Documents` would delete
whatever that folder held. A folder is only replaced when it is empty or
looks like a site MkDocs built: an `index.html` beside a `sitemap.xml`, a
`404.html` or a search index. `./scripts/build` asks this module too
(`python -m sitecheck.site_dir DIR`), so both refuse the same folders.
"""

from __future__ import annotations

import sys
from pathlib import Path

SITE_MARKERS = ("sitemap.xml", "404.html", "search/search_index.json")


def site_dir_problem(folder: Path) -> str | None:
    """Why building into `folder` would destroy something, or None when it is safe."""
    if not folder.exists():
        return None
    if not folder.is_dir():
        return f"'{folder}' is not a folder; refusing to replace it with the site"
    if not any(folder.iterdir()):
        return None
    if (folder / "index.html").is_file() and any((folder / m).is_file() for m in SITE_MARKERS):
        return None
    return (
        f"'{folder}' is not empty and holds no previously built site; refusing to replace "
        "its contents (choose an empty or new folder)"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m sitecheck.site_dir FOLDER", file=sys.stderr)
        sys.exit(2)
    problem = site_dir_problem(Path(sys.argv[1]))
    if problem is not None:
        print(problem, file=sys.stderr)
        sys.exit(1)
