"""The CLI's memory of page ids between runs, so that an unchanged site is not read again.

Reading ids means reading every HTML page a link points to. Between two runs over
the same built site, most of those files are unchanged: an entry is reused while its
file has the same size and modification time (both taken before the file is read,
so a page rewritten meanwhile is read again next time). The MkDocs hook needs no
cache: it gets the pages it renders from memory.

One JSON file per project holds up to `MAX_SITES` site folders (the project's own
`site/`, test and benchmark builds elsewhere); folders that no longer exist are
dropped when it is written.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from talk_kit.sitecheck.third_party import read_ids

VERSION = 1  # raise it when site_index changes which ids a page has
MAX_SITES = 4


class IdCache:
    """Ids per output file of one site folder, loaded from and saved to `path`."""

    def __init__(self, path: Path, site_dir: Path) -> None:
        self.path = path
        self.site_dir = site_dir
        self.site = str(site_dir.resolve())
        self.sites = self._load()
        site = self.sites.get(self.site)
        files = site.get("files") if isinstance(site, dict) else None
        # output file -> [size, mtime_ns, sorted ids]
        self.entries: dict[str, list] = files if isinstance(files, dict) else {}
        self.changed = False

    def _load(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return {}
        sites = data.get("sites")
        return sites if isinstance(sites, dict) else {}

    def read(self, path: Path) -> frozenset[str] | None:
        """The ids of `path` (a file in the site folder), from the cache when unchanged."""
        try:
            stat = path.stat()
        except OSError:
            return None
        output = path.relative_to(self.site_dir).as_posix()
        entry = self.entries.get(output)
        if (
            isinstance(entry, list)
            and len(entry) == 3
            and entry[:2] == [stat.st_size, stat.st_mtime_ns]
            and isinstance(entry[2], list)
        ):
            return frozenset(entry[2])
        ids = read_ids(path)
        if ids is not None:
            self.entries[output] = [stat.st_size, stat.st_mtime_ns, sorted(ids)]
            self.changed = True
        return ids

    def save(self, outputs: set[str]) -> None:
        """Write the cache if anything changed; entries of files gone from the site are dropped."""
        gone = [output for output in self.entries if output not in outputs]
        for output in gone:
            del self.entries[output]
        if not self.changed and not gone:
            return
        sites = {
            site: data
            for site, data in self.sites.items()
            if site != self.site and isinstance(data, dict) and Path(site).is_dir()
        }
        kept = sorted(sites, key=lambda site: _saved(sites[site]))[-(MAX_SITES - 1) :]
        data = {
            "version": VERSION,
            "sites": {
                **{site: sites[site] for site in kept},
                self.site: {"saved": time.time(), "files": self.entries},
            },
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            _write_atomically(self.path, text)
        except OSError:
            pass  # a cache that cannot be written only costs time next run


def _saved(site: dict) -> float:
    """When a site's entries were written; 0 for a value this version did not write."""
    saved = site.get("saved")
    return float(saved) if isinstance(saved, int | float) else 0.0


def _write_atomically(path: Path, text: str) -> None:
    """Write beside `path` and rename: a run reading it at the same time never sees half."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
