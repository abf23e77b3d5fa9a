"""A built site served on loopback the way GitHub Pages serves it, and the browser to open it.

The browser check, the PDF printer and the browser tests all look at the built site through
a real server: a deck loads its parts by URL, and a project site lives below `/<repo>/`. The
server answers unknown paths with the site's `404.html` and status 404, compares paths with
exact case, and serves nothing outside the prefix.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Headless Chromium as root in a container, with nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Chromium's headless shell first: the same engine without the browser's window layers, it
# loads a guide page for about a third of the CPU time (Debian: chromium-headless-shell).
CHROMIUM_NAMES = (
    "chromium-headless-shell",
    "chrome-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
INSTALL_HINT = (
    "apt-get install chromium-headless-shell (or chromium), or set CHROMIUM=/path/to/chrome"
)


def find_chromium() -> str | None:
    """The Chromium binary: `$CHROMIUM` if set, else the first known name on PATH."""
    wanted = os.environ.get("CHROMIUM")
    for name in (wanted,) if wanted else CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    root = Path(".")

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return str(self.root / "__outside_prefix__")
        return str(self.root / path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = self.root / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a failed request is the caller's finding, not a log line."""


@contextlib.contextmanager
def serve_site(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `root` on a free loopback port below `prefix`; yields the base URL (ends in /)."""
    handler = type("Handler", (_Handler,), {"prefix": prefix, "root": root})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
