"""talk-kit: MkDocs plugins that turn Markdown into a guide site and reveal.js talk decks.

One package per concern: `decks` (deck model, rendering, the decks plugin), `sitecheck` (the
link and slide checker, its plugin and CLI), `presenter` (exports, offline bundle, new decks),
`browsercheck` (the site in Chromium), `search` (German search), `csp` (the
Content-Security-Policy), `guide` (legal-page details, task lists).
"""

__version__ = "0.2.0"
