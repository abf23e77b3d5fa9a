"""What every exporter shares without a browser or a server: how it writes a file and how it
fails. (The exports registry is imported by the decks plugin and the checker, which need no
loopback server: `session` stays out of their imports.)"""

from __future__ import annotations

from pathlib import Path


class ExportFailed(RuntimeError):
    """A deck did not export (it did not load, or Chromium failed): one line says which."""


def write_whole(target: Path, data: bytes) -> None:
    """Write next to the target, then rename: a reader never sees half a file."""
    partial_file = target.with_name(f".{target.name}.partial")
    partial_file.write_bytes(data)
    partial_file.replace(target)
