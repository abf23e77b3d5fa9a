"""Offline search under the site's Content-Security-Policy.

From file:// a browser runs no web worker, so Material's offline plugin loads the
iframe-worker shim: it writes a small inline script into a hidden frame, which inherits the
page's policy. The policy allows inline code only by hash, so the build hashes that script
too. Its text is the shim's template filled with two of the shim's own functions and the
page's search worker URL (relative, so it differs with the page's depth): it is read from the
pinned shim, not copied, and a shim whose template has changed stops the build instead of
silently breaking search.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SHIM = Path("node_modules/iframe-worker/shim/index.js")
_TEMPLATE = re.compile(r"document\.write\(`<html><body><script>(?P<script>.*?)<\\/script>", re.S)
_FUNCTION = re.compile(
    r"function (?P<name>\w)\((?:[^()]|\([^()]*\))*\)\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
)
_PLACEHOLDER = re.compile(r"\$\{(\w)\}")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(?P<json>.*?)</script>', re.S)
WORKER_URL = "e"  # the template's name for the worker URL


class ShimChanged(RuntimeError):
    """The pinned iframe-worker no longer writes the frame this module knows."""


def frame_script(shim: str, worker_url: str) -> str:
    """The inline script the shim writes into its frame for `worker_url`."""
    template = _TEMPLATE.search(shim)
    if template is None:
        raise ShimChanged("iframe-worker: its frame template was not found")
    functions = {match.group("name"): match.group(0) for match in _FUNCTION.finditer(shim)}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == WORKER_URL:
            return worker_url
        if name not in functions:
            raise ShimChanged(f"iframe-worker: function {name} of its frame was not found")
        return functions[name]

    return _PLACEHOLDER.sub(fill, template.group("script"))


def search_worker_url(page_html: str) -> str | None:
    """The search worker URL Material's page configuration names (`__config.search`)."""
    config = _CONFIG.search(page_html)
    if config is None:
        return None
    url = json.loads(config.group("json")).get("search")
    return url if isinstance(url, str) else None


def search_frame_html(page_html: str, shim: str) -> str:
    """`<script>…</script>` of the frame this page's search starts from file:// ("" if none)."""
    url = search_worker_url(page_html)
    return f"<script>{frame_script(shim, url)}</script>" if url else ""
