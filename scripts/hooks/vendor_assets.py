"""Serve reveal.js and highlight.js from the site itself, never from a CDN.

mkdocs-revealjs writes CDN addresses into every deck page (reveal.js from jsDelivr,
highlight.js themes from cdnjs) and starts the math plugin, which fetches MathJax from
jsDelivr. A German site must not hand its visitors' IP addresses to third parties, and a
speaker must be able to present without a network. This hook copies the npm packages
(pinned in package-lock.json) into `assets/vendor/` and rewrites what the plugin wrote.

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
from mkdocs.utils import get_relative_url

VENDOR_DIR = "assets/vendor"

# npm package -> the files of it that a deck page needs (globs relative to the package).
PACKAGES: dict[str, tuple[str, ...]] = {
    "reveal.js": (
        "dist/reveal.css",
        "dist/reveal.js",
        "dist/theme/*.css",
        "dist/theme/fonts/**/*",
        "plugin/markdown/markdown.js",
        "plugin/highlight/highlight.js",
        "plugin/notes/notes.js",
    ),
    "highlight.js": ("styles/*.min.css", "LICENSE"),
}

_HLJS_CDN_STYLE = re.compile(
    r"https://cdnjs\.cloudflare\.com/ajax/libs/highlight\.js/[\d.]+/styles/([\w.-]+\.min\.css)"
)
_MATH_PLUGIN = re.compile(r'<script src="[^"]*/plugin/math/math\.js"></script>')
# The plugin hard-codes RevealMath in its plugin list. Decks here use no formulas, so a no-op
# plugin stands in for it instead of loading MathJax from a CDN.
_MATH_OFF = '<script>window.RevealMath = { id: "math", init: function () {} };</script>'


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
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Point the highlight.js themes at the local copy and switch the math plugin off."""
    if "mkdocs-revealjs" not in output:
        return output
    styles = get_relative_url(f"{VENDOR_DIR}/highlight.js/styles/", page.url)
    output = _HLJS_CDN_STYLE.sub(lambda match: styles + match.group(1), output)
    return _MATH_PLUGIN.sub(_MATH_OFF, output)
