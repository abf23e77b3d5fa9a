"""Serve reveal.js from the site itself, never from a CDN, and only the parts a deck uses.

mkdocs-revealjs writes CDN addresses into every deck page (reveal.js from jsDelivr,
highlight.js themes from cdnjs) and starts the Markdown, highlight and math plugins. A German
site must not hand its visitors' IP addresses to third parties, and a speaker must be able to
present without a network. This hook copies the npm package (pinned in package-lock.json) into
`assets/vendor/` and rewrites what the plugin wrote.

Slides are rendered and highlighted at build time (decks hook, Pygments), so reveal.js's
Markdown and highlight plugins and the math plugin would only add weight or CDN requests:
no-op stand-ins take their place in the plugin's hard-coded plugin list, and the code colours
come from a stylesheet generated from Pygments (`assets/css/deck-code.css`).

The reveal.js base is set per deck page by the decks hook (`revealjs.cdn`, relative to the
page); here we only replace the addresses the plugin cannot be configured away from.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pygments.formatters import HtmlFormatter

VENDOR_DIR = "assets/vendor"

# npm package -> the files of it that a deck page needs (globs relative to the package).
PACKAGES: dict[str, tuple[str, ...]] = {
    "reveal.js": (
        "dist/reveal.css",
        "dist/reveal.js",
        "dist/theme/*.css",
        "dist/theme/fonts/**/*",
        "plugin/notes/notes.js",
        "LICENSE",
    ),
    # The offline bundle's search worker from file:// (Material's offline plugin names unpkg).
    "iframe-worker": ("shim/index.js", "LICENSE"),
}
IFRAME_WORKER = f"{VENDOR_DIR}/iframe-worker/shim/index.js"
CODE_CSS = "assets/css/deck-code.css"
CODE_STYLE = "default"  # Pygments style: dark text on white, for projectors

# The plugin's highlight.js theme links (the themes would come from cdnjs).
_HLJS_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*highlight\.js[^"]*"[^>]*>')
# Plugins the plugin hard-codes in Reveal.initialize(); each is replaced by a no-op stand-in.
_UNUSED_PLUGINS = {
    "markdown": "RevealMarkdown",  # slides are rendered at build time
    "highlight": "RevealHighlight",  # code is highlighted at build time
    "math": "RevealMath",  # no formulas; the real one would load MathJax from a CDN
}
_PLUGIN_SCRIPT = re.compile(
    r'<script src="[^"]*/plugin/(?P<name>markdown|highlight|math)/(?P=name)\.js"></script>'
)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Serve the offline plugin's iframe-worker shim from the site, not from unpkg."""
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [
        IFRAME_WORKER if "iframe-worker" in str(url) else url for url in polyfills
    ]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the vendored front-end files to the build."""
    node_modules = Path(config.config_file_path).parent / "node_modules"
    for package, patterns in PACKAGES.items():
        root = node_modules / package
        if not root.is_dir():
            raise PluginError(
                f"node_modules/{package} is missing: run ./scripts/build or `npm ci` first"
            )
        for pattern in patterns:
            for path in sorted(root.glob(pattern)):
                if path.is_file():
                    uri = f"{VENDOR_DIR}/{package}/{path.relative_to(root).as_posix()}"
                    files.append(File.generated(config, uri, abs_src_path=str(path)))
    formatter = HtmlFormatter(style=CODE_STYLE)
    files.append(File.generated(config, CODE_CSS, content=formatter.get_style_defs(".highlight")))
    return files


def _stand_in(match: re.Match[str]) -> str:
    name = match.group("name")
    plugin = f'{{ id: "{name}", init: function () {{}} }}'
    return f"<script>window.{_UNUSED_PLUGINS[name]} = {plugin};</script>"


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the highlight.js theme links and put stand-ins in place of unused plugins."""
    if "mkdocs-revealjs" not in output:
        return output
    return _PLUGIN_SCRIPT.sub(_stand_in, _HLJS_LINK.sub("", output))
