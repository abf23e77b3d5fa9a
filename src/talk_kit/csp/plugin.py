"""`talk-kit/csp`: a Content-Security-Policy `<meta>` on every page, hashes for inline code.

Material writes small inline scripts into every page (scope, palette, tabs), mkdocs-revealjs
writes the deck's start-up script and a `<style>` block, and reveal.js's speaker view is an
inline document that the notes plugin writes into a new window (which inherits the deck's
policy). Allowing all inline code ('unsafe-inline') would allow an injected script too, so
this hook, the last one to see each page, hashes exactly the inline code the build produced
and allows only that (CSP Level 3 hashes, per page, computed anew on every build).

Static templates (the 404 page) get their policy in `on_post_template`, the same way.

Guide pages (not decks) get their small stylesheets written in as `<style>` and the
indentation between their tags dropped first (`talk_kit.guide.phone`, issue 20: a phone's
first paint waits for every stylesheet in the head), in this hook, so that the hashes cover
the styles exactly as the page carries them.

Relaxations, each because something on the page needs it:
- `img-src data:`: Material's stylesheet draws its icons (admonitions, checkboxes, search) as
  `data:` SVG images.
- `'unsafe-hashes'` with the hashes of the style attributes found: mkdocs-revealjs sizes the
  deck with `style="…"` on its container, the speaker view hides its pacing timer with
  `style="display: none"`. Only those exact attribute values are allowed, no scripts.
- print view (`?print-pdf`): reveal.js adds two `<style>` elements sized from the deck's
  `width`, `height` and `margin`; their hashes are computed here from the deck's options (a
  deck with sizes in percent cannot be printed under this policy: the sizes depend on the
  window).
- `frame-src 'self'` on decks: the speaker view shows the current and next slide in frames.
- `worker-src 'self'` and `connect-src 'self'`: Material's search runs in a worker that loads
  the search index.
- `mkdocs serve` only (./scripts/serve): `script-src 'self' 'unsafe-inline'`, since MkDocs
  injects its live-reload script, which changes with every request, after the plugins have run.
  A built site (./scripts/build, publishing) always gets the hashes.
A `<meta>` policy cannot carry `frame-ancestors`, `report-uri` or `sandbox`; a host that sends
headers should add `frame-ancestors 'none'` there.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from talk_kit.decks.vendor import NOTES_URI, VENDOR_DIR, vendor_files
from talk_kit.guide import phone
from talk_kit.presenter.offline import SHIM, ShimChanged, search_frame_html

IFRAME_WORKER = "iframe-worker"
IFRAME_WORKER_FILES = ("shim/index.js", "LICENSE")
IFRAME_WORKER_URI = f"{VENDOR_DIR}/{IFRAME_WORKER}/shim/index.js"
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
# <head>, and the `<meta charset>` that follows it directly (blanks between are allowed).
_HEAD_START = re.compile(r"<head\b[^>]*>(?:\s*<meta\s+charset=[^>]*>)?", re.I)
_REVEAL_OPTIONS = re.compile(r'data-reveal-options="([^"]*)"')
_SCRIPT_SOURCES = re.compile(r"script-src [^;]*")
# A stylesheet up to this size (after pruning to the page's colours) is written into the
# page: Material's palette (3 KB of 12 KB) and the site's own; its main stylesheet (140 KB),
# the same on every page and cached after the first, stays a file.
INLINE_STYLE_LIMIT = 8 * 1024

BASE_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def inline_code(page_html: str) -> tuple[list[str], list[str], list[str]]:
    """The inline scripts (executable ones), `<style>` blocks and style attributes of a page."""
    scripts = []
    for match in _SCRIPT.finditer(page_html):
        attributes, body = match.group(1), match.group(2)
        kind = _TYPE.search(attributes)
        if "src=" not in attributes.lower() and (kind.group(1) if kind else "") in _JS_TYPES:
            scripts.append(body)
    styles = [match.group(1) for match in _STYLE.finditer(page_html)]
    attributes = [
        m.group(1) if m.group(1) is not None else m.group(2)
        for m in _STYLE_ATTRIBUTE.finditer(page_html)
    ]
    return scripts, styles, attributes


def policy_for(page_html: str, extra_html: str = "", frames: bool = False) -> str:
    """The policy of a page: its own inline code and the code its scripts write (`extra`)."""
    policy = {name: list(values) for name, values in BASE_POLICY.items()}
    scripts, styles, attributes = inline_code(page_html)
    more_scripts, more_styles, more_attributes = inline_code(extra_html)
    policy["script-src"] += sorted({sha256(code) for code in scripts + more_scripts})
    policy["style-src"] += sorted({sha256(code) for code in styles + more_styles})
    if attributes or more_attributes:
        hashes = sorted({sha256(code) for code in attributes + more_attributes})
        policy["style-src"] += ["'unsafe-hashes'", *hashes]
    if frames:
        policy["frame-src"] = ["'self'"]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def with_policy(page_html: str, policy: str) -> str:
    """The page with the policy at the top of <head>, before any script or style: right after
    `<meta charset>` when that opens the head, which must stay within the first 1,024 bytes
    (a long policy before it would push it out, and a page opened from the file system, with
    no HTTP header to tell the encoding, would be read in another one)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _HEAD_START.sub(lambda head: head.group(0) + meta, page_html, count=1)


def speaker_view_html(notes_js: str) -> str:
    """The speaker view document inside reveal.js's notes plugin (a JS string literal)."""
    start = notes_js.find("<html")
    end = notes_js.find('</html>"', start)
    if start < 0 or end < 0:
        return ""
    quote = start
    while True:  # back to the opening quote of the literal: a " not escaped by a backslash
        quote = notes_js.rfind('"', 0, quote)
        backslashes = len(notes_js[:quote]) - len(notes_js[:quote].rstrip("\\"))
        if backslashes % 2 == 0:
            break
    literal = notes_js[quote : end + len('</html>"')]
    literal = re.sub(r"(?<!\\)((?:\\\\)*)\\x([0-9a-fA-F]{2})", r"\1\\u00\2", literal)
    literal = re.sub(r"(?<!\\)((?:\\\\)*)\\'", r"\1'", literal)
    return str(json.loads(literal))


def print_view_styles(options: dict[str, Any]) -> str:
    """The style blocks reveal.js's print view injects (`print.js`), as `<style>` elements."""
    width, height = options.get("width", 960), options.get("height", 700)
    margin = options.get("margin", 0.04)
    sizes = (width, height, margin)
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in sizes):
        return ""
    page_width, page_height = math.floor(width * (1 + margin)), math.floor(height * (1 + margin))
    page = f"@page{{size:{page_width}px {page_height}px; margin: 0px;}}"
    media = (
        ".reveal section>img, .reveal section>video, .reveal section>iframe"
        f"{{max-width: {width}px; max-height:{height}px}}"
    )
    return f"<style>{page}</style><style>{media}</style>"


def deck_options(output: str) -> dict[str, Any]:
    found = _REVEAL_OPTIONS.search(output)
    options = json.loads(html.unescape(found.group(1))) if found else {}
    return options if isinstance(options, dict) else {}


def speaker_view_policy(view: str) -> str:
    return policy_for(view, frames=True).replace("script-src 'self' ", "script-src ")


def for_live_reload(policy: str) -> str:
    """The policy under `mkdocs serve`: inline scripts allowed for the live-reload script."""
    return _SCRIPT_SOURCES.sub("script-src 'self' 'unsafe-inline'", policy, count=1)


class ContentSecurityPlugin(BasePlugin):
    def __init__(self) -> None:
        self.serving = False  # `mkdocs serve`: see the module's docstring
        self.speaker_view = ""  # the speaker view document the deck pages' notes.js writes
        self.search_shim = ""  # the offline plugin's iframe-worker shim, when it is used
        self.stylesheets: dict[str, File] = {}  # the site's stylesheets by their site path
        self.site_path = "/"  # the path of `site_url`: the 404 page's links begin with it

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Serve the offline plugin's iframe-worker shim from the site, not from unpkg."""
        polyfills = config.extra.get("polyfills") or []
        config.extra["polyfills"] = [
            IFRAME_WORKER_URI if IFRAME_WORKER in str(url) else url for url in polyfills
        ]
        return config

    @event_priority(-100)  # after the decks plugin has added notes.js
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        root = Path(config.config_file_path).parent
        self.search_shim = ""
        if IFRAME_WORKER_URI in (config.extra.get("polyfills") or []):
            vendor_files(files, config, root / SHIM.parents[2], IFRAME_WORKER, IFRAME_WORKER_FILES)
            self.search_shim = (root / SHIM).read_text(encoding="utf-8")
        self.stylesheets = {file.dest_uri: file for file in files if file.dest_uri.endswith(".css")}
        self.site_path = urlsplit(config.site_url or "/").path or "/"
        self.speaker_view = ""
        notes = files.get_file_from_path(NOTES_URI)
        if notes is not None:
            self._protect_speaker_view(notes, files, config)
        return files

    def _protect_speaker_view(self, notes: File, files: Files, config: MkDocsConfig) -> None:
        """The speaker view carries its own policy too (it also inherits the deck's)."""
        source = notes.content_string
        view = speaker_view_html(source)
        meta = '<meta charset=\\"utf-8\\">'
        if not view or meta not in source:
            return
        self.speaker_view = view
        policy = speaker_view_policy(view).replace('"', "&quot;")
        csp = f'<meta http-equiv=\\"Content-Security-Policy\\" content=\\"{policy}\\">'
        files.remove(notes)
        files.append(File.generated(config, NOTES_URI, content=source.replace(meta, meta + csp, 1)))

    @event_priority(-100)  # last: the policy hashes the finished page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page gets its policy; a deck page also allows its speaker view's inline code."""
        if "mkdocs-revealjs" not in output:
            output = self._lighter(output, page.url)
            policy = policy_for(output, self._offline_search_frame(output))
        else:
            written = self.speaker_view + print_view_styles(deck_options(output))
            policy = policy_for(output, written, frames=True)
        return with_policy(output, for_live_reload(policy) if self.serving else policy)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """The 404 page is a static template, not a page: it gets the same policy here."""
        if not template_name.endswith(".html"):
            return output_content
        output_content = self._lighter(output_content, template_name)
        policy = policy_for(output_content, self._offline_search_frame(output_content))
        return with_policy(output_content, for_live_reload(policy) if self.serving else policy)

    def _lighter(self, output: str, url: str) -> str:
        """A guide page (or template) at `url` with its small stylesheets in its head and
        without the indentation between its tags (see the module's docstring)."""
        page_address = posixpath.join(self.site_path, url)

        def stylesheet(href: str) -> str | None:
            target = urlsplit(urljoin(page_address, href))
            if target.scheme or target.netloc or target.query:
                return None
            path = posixpath.normpath(target.path)
            if not path.startswith(self.site_path.rstrip("/") + "/"):
                return None
            file = self.stylesheets.get(path[len(self.site_path.rstrip("/")) + 1 :])
            return None if file is None else file.content_string

        inlined = phone.inline_stylesheets(output, stylesheet, INLINE_STYLE_LIMIT)
        return phone.collapse_blanks(inlined)

    def _offline_search_frame(self, output: str) -> str:
        """The offline bundle's search starts in a frame that the iframe-worker shim writes."""
        if not self.search_shim:
            return ""
        try:
            return search_frame_html(output, self.search_shim)
        except ShimChanged as changed:
            raise PluginError(f"package-lock.json:1: error: offline-search: {changed}") from None
