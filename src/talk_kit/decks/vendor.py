"""Serve reveal.js from the site itself, never from a CDN, and only the parts a deck uses.

mkdocs-revealjs writes CDN addresses into every deck page (reveal.js from jsDelivr,
highlight.js themes from cdnjs) and starts the Markdown, highlight and math plugins. A German
site must not hand its visitors' IP addresses to third parties, and a speaker must be able to
present without a network. The decks plugin copies the npm package (pinned in the project's
package-lock.json) into `assets/vendor/` and rewrites what mkdocs-revealjs wrote.

Slides are rendered and highlighted at build time (`talk_kit.decks.render`, Pygments), so
reveal.js's Markdown and highlight plugins and the math plugin would only add weight or CDN
requests:
no-op stand-ins take their place in the plugin's hard-coded plugin list, and the code colours
come from a stylesheet generated from Pygments (`assets/css/deck-code.css`).

The reveal.js base is set per deck page (`revealjs.cdn`, relative to the page, in
`talk_kit.decks.pages`); here only the addresses mkdocs-revealjs cannot be configured away from
are replaced.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from pygments.formatters import HtmlFormatter

VENDOR_DIR = "assets/vendor"
ASSETS = Path(__file__).parent / "assets"

REVEAL = "reveal.js"
# The files of the npm package that a deck page needs (globs relative to the package).
REVEAL_FILES = (
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/theme/*.css",
    "dist/theme/fonts/**/*",
    "plugin/notes/notes.js",
    "LICENSE",
)
REVEAL_BASE = f"{VENDOR_DIR}/{REVEAL}"
NOTES_URI = f"{REVEAL_BASE}/plugin/notes/notes.js"
ASSETS_URI = "assets/talk-kit"  # the kit's own deck styles (package data, `assets/`)
CODE_CSS = f"{ASSETS_URI}/deck-code.css"
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
_NOTES_SCRIPT = re.compile(r'<script src="(?P<src>[^"]*/plugin/notes/notes\.js)"></script>')
# reveal.js's notes plugin is 70 KB (20 KB compressed), most of it the speaker view and a
# Markdown parser: a fifth of a deck's first load, for a window only the presenter opens.
# This stand-in takes its place in the plugin list and loads it when it is wanted: on the
# first key pressed (a presenter's keyboard; a phone has none), on `S`, with `?notes` in the
# address, or when an open speaker view calls after the deck was reloaded (its heartbeat).
# The real plugin's `init` then does what it always did (its own `S` binding, `?notes`,
# reconnecting), and `S` opens the view within the key press's user activation.
_NOTES_ON_DEMAND = """<script>window.RevealNotes = (function () {
  var source = %s, deck = null, loading = null;
  function load() {
    loading = loading || new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.onload = function () {
        var notes = window.RevealNotes();
        notes.init(deck);
        resolve(notes);
      };
      script.onerror = reject;
      script.src = source;
      document.head.appendChild(script);
    });
    return loading;
  }
  function open() {
    return load().then(function (notes) { notes.open(); });
  }
  function onMessage(event) {
    if (typeof event.data === "string" && /"reveal-notes"/.test(event.data) &&
        /"heartbeat"/.test(event.data)) {
      window.removeEventListener("message", onMessage);
      load();
    }
  }
  return {
    id: "notes",
    init: function (reveal) {
      deck = reveal;
      if (/receiver/i.test(window.location.search)) return;
      if (/(\\?|&)notes/i.test(window.location.search)) {
        load();
        return;
      }
      deck.addKeyBinding({ keyCode: 83, key: "S", description: "Speaker notes view" }, open);
      window.addEventListener("message", onMessage);
      document.addEventListener("keydown", load, { once: true });
    },
    open: open
  };
})();</script>"""


def vendor_files(
    files: Files, config: MkDocsConfig, node_modules: Path, package: str, patterns: tuple[str, ...]
) -> None:
    """Add the named files of an npm package to the build, under `assets/vendor/<package>/`."""
    root = node_modules / package
    if not root.is_dir():
        raise PluginError(
            f"{relative_to_config(root, config)} is missing: run `npm ci` (or "
            f"`npm install {package}`) beside mkdocs.yml first"
        )
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                uri = f"{VENDOR_DIR}/{package}/{path.relative_to(root).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))


def deck_assets(files: Files, config: MkDocsConfig, node_modules: Path) -> None:
    """reveal.js, the kit's deck styles and the Pygments colours of code on slides."""
    vendor_files(files, config, node_modules, REVEAL, REVEAL_FILES)
    for path in sorted(ASSETS.glob("*.css")):
        files.append(File.generated(config, f"{ASSETS_URI}/{path.name}", abs_src_path=str(path)))
    formatter = HtmlFormatter(style=CODE_STYLE)
    files.append(File.generated(config, CODE_CSS, content=formatter.get_style_defs(".highlight")))


def relative_to_config(path: Path, config: MkDocsConfig) -> str:
    root = Path(config.config_file_path).parent
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _stand_in(match: re.Match[str]) -> str:
    name = match.group("name")
    plugin = f'{{ id: "{name}", init: function () {{}} }}'
    return f"<script>window.{_UNUSED_PLUGINS[name]} = {plugin};</script>"


# The deck's start-up script, the kit's own, in place of mkdocs-revealjs's (34 KB, a third of
# the deck page): that one also serves decks embedded in guide pages, quizzes, maths, TikZ,
# tables and colour-scheme switching, none of which a deck page here has, and before the
# first slide shows it reads the computed style of the page and has the whole deck laid out
# three times. This one starts reveal.js with the deck's options and the notes plugin, shows
# one block of each set of tabs (pymdownx.tabbed), lays the slide out again when a tab or a
# collapsible block (`<details>`) changes its height, and keeps what the kit's tools use:
# `root._mkdocsRevealDeck`, `aria-busy` until ready, the `mkdocs-revealjs-ready` event.
_STARTUP = """<script>(function () {
  function children(parent, selector) {
    return parent ? Array.prototype.filter.call(parent.children, function (child) {
      return child.matches(selector);
    }) : [];
  }
  function prepareTabs(root, deck) {
    root.querySelectorAll(".tabbed-set").forEach(function (set) {
      var inputs = children(set, "input[type=radio]");
      var labels = children(children(set, ".tabbed-labels")[0], "label");
      var blocks = children(children(set, ".tabbed-content")[0], ".tabbed-block");
      if (!inputs.length || inputs.length !== labels.length || inputs.length !== blocks.length) {
        return;
      }
      function show() {
        inputs.forEach(function (input, i) {
          labels[i].setAttribute("role", "tab");
          labels[i].setAttribute("aria-selected", input.checked ? "true" : "false");
          labels[i].setAttribute("tabindex", input.checked ? "0" : "-1");
          blocks[i].setAttribute("role", "tabpanel");
          blocks[i].hidden = !input.checked;
        });
      }
      if (!inputs.some(function (input) { return input.checked; })) inputs[0].checked = true;
      inputs.forEach(function (input) {
        input.addEventListener("change", function () {
          show();
          deck.layout();
        });
      });
      show();
    });
  }
  function start(root) {
    var options = {};
    try {
      options = JSON.parse(root.getAttribute("data-reveal-options") || "{}") || {};
    } catch (error) {
      console.warn("[talk-kit] invalid deck options:", error);
    }
    options.plugins = [window.RevealNotes];
    var deck = new Reveal(root, options);
    root._mkdocsRevealDeck = deck;
    root.setAttribute("aria-busy", "true");
    prepareTabs(root, deck);
    root.addEventListener("toggle", function (event) {
      if (event.target.tagName === "DETAILS") deck.layout();
    }, true);
    return deck.initialize().then(function () {
      root.removeAttribute("aria-busy");
      document.dispatchEvent(new CustomEvent("mkdocs-revealjs-ready", { detail: {
        deck: deck, deckId: root.dataset.revealjsDeckId || root.id, root: root,
        mode: root.dataset.revealjsMode || "diapo"
      } }));
    }, function (error) {
      root.removeAttribute("aria-busy");
      console.error("[talk-kit] the deck did not start:", error);
    });
  }
  function startAll() {
    document.querySelectorAll(".mkdocs-revealjs-deck").forEach(start);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();</script>"""
_PLUGIN_STARTUP_MARK = "function initRevealDeck("


def own_startup(output: str) -> str:
    """The deck page with the kit's start-up script in place of mkdocs-revealjs's."""
    mark = output.find(_PLUGIN_STARTUP_MARK)
    start = output.rfind("<script>", 0, mark)
    end = output.find("</script>", mark)
    if mark < 0 or start < 0 or end < 0:
        raise PluginError(
            "mkdocs-revealjs wrote no start-up script that the decks plugin knows; check that "
            "its version matches requirements.txt"
        )
    return output[:start] + _STARTUP + output[end + len("</script>") :]


def _notes_on_demand(match: re.Match[str]) -> str:
    return _NOTES_ON_DEMAND % json.dumps(html.unescape(match.group("src")))


def without_cdn(output: str) -> str:
    """A deck page without highlight.js theme links, with stand-ins for unused plugins, the
    notes plugin loaded on demand and the kit's own start-up script."""
    output = _PLUGIN_SCRIPT.sub(_stand_in, _HLJS_LINK.sub("", output))
    return own_startup(_NOTES_SCRIPT.sub(_notes_on_demand, output, count=1))
