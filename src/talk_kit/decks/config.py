"""Options of the `talk-kit/decks` plugin (`plugins: - talk-kit/decks: …` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from talk_kit.presenter.exports import EXPORTS


class DecksConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # The folder of the deck files, relative to mkdocs.yml: every `<source>/<name>.md` is a deck.
    source = c.Type(str, default="slides")
    # The URL folder of the deck pages: `<path>/<name>/`; other files of `source` go there too.
    path = c.Type(str, default="slides")
    # Allow a deck's `revealjs:` options to load code or styles from another host.
    allow_external_assets = c.Type(bool, default=False)
    # The npm folder that holds `reveal.js` (package.json: "reveal.js"), relative to mkdocs.yml.
    node_modules = c.Type(str, default="node_modules")
    # The deck exports `./scripts/build` writes and the deck list links (default: all), e.g.
    # `[folien, notizen, handout]` for the PDFs without the PowerPoint file.
    exports = c.ListOfItems(c.Choice(tuple(EXPORTS)), default=list(EXPORTS))
