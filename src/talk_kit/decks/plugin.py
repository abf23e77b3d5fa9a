"""`talk-kit/decks`: every `slides/<name>.md` becomes a full-screen deck page at `<path>/<name>/`.

mkdocs-revealjs (the `revealjs` plugin, which must be listed too) provides the deck page's
frame; this plugin does the rest, in order of the build:

- `on_config`: the deck template (`templates/deck.html`) joins the theme; Markdown for the
  slides is set up with the guide's own extensions;
- `on_files`: decks come from the plugin's `DeckLibrary` (parsed once per change, includes
  confined to the content folders, `{{ placeholders }}` filled in as text); each deck becomes
  a generated page, other files under the deck folder (images) are published beside them, and
  reveal.js comes from the project's `node_modules` (never a CDN), with German speaker-view
  labels when `theme.language` is `de`. With `DECK_EXPORT_JOBS` set (`./scripts/build`), the
  deck exports' files are reserved and listed for `talk-kit export`;
- `on_page_markdown`: `<!-- deck-list -->` becomes a table of all decks (and their exports);
- `on_page_content`: the slides, rendered at build time (`talk_kit.decks.render`), replace the
  `<textarea>` mkdocs-revealjs would parse in the browser, with links rewritten from source
  paths to URLs and a QR code to the guide on the closing slide;
- `on_post_page`: the highlight.js links and unused reveal.js plugins mkdocs-revealjs writes
  are removed;
- `on_serve`: a change under the deck folder rebuilds.

Other plugins read `pages` (deck -> its generated `File`) and `library` from this plugin.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from talk_kit.decks.config import DecksConfig
from talk_kit.decks.includes import allowed_folders
from talk_kit.decks.library import DeckLibrary
from talk_kit.decks.model import Deck
from talk_kit.decks.pages import (
    DECK_LIST_MARKER,
    PLUGIN_SLIDES,
    config_line,
    deck_job,
    deck_page,
    deck_table,
    qr_address,
    resolved_url,
    warn_placeholder_speaker,
    with_closing_qr,
)
from talk_kit.decks.render import SlideConverter, render_deck
from talk_kit.decks.speaker_view import german_labels
from talk_kit.decks.vendor import NOTES_URI, deck_assets, without_cdn
from talk_kit.presenter.exports import export_paths
from talk_kit.presenter.jobs import JOBS_ENV, DeckJob, write_jobs

if TYPE_CHECKING:  # the server (watchdog, http.server) only for `mkdocs serve`
    from mkdocs.livereload import LiveReloadServer

TEMPLATES = Path(__file__).parent / "templates"
# Set by the publishing workflow: then a placeholder speaker is named.
PUBLISHING_ENV = "REQUIRE_OPERATOR_DETAILS"


class DecksPlugin(BasePlugin[DecksConfig]):
    def __init__(self) -> None:
        self.library: DeckLibrary | None = None  # kept across `mkdocs serve` rebuilds
        self.pages: dict[str, tuple[Deck, File]] = {}  # src_uri -> the deck shown there
        self.jobs: dict[str, DeckJob] = {}  # deck name -> its exports, when the build makes them
        self.files: Files | None = None
        self.converter: SlideConverter | None = None
        self.site_url = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that `mkdocs serve` keeps this instance, and the library, across builds."""

    @property
    def root(self) -> Path:
        return Path(self.config.config_file_path or ".").resolve().parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        if "revealjs" not in config.plugins:
            raise PluginError(
                f"{config_line(config, 'plugins')}: error: config: talk-kit/decks needs the "
                "mkdocs-revealjs plugin: add `- revealjs` to plugins"
            )
        config.theme.dirs.append(str(TEMPLATES))  # the theme's and the project's come first
        source = self.root / self.config.source
        if self.library is None or self.library.source != source:
            self.library = DeckLibrary(source, self.root)
        self.library.decks_path = self.config.path.strip("/")
        self.library.content_folders = allowed_folders(source, Path(config.docs_dir))
        self.library.allow_external_assets = self.config.allow_external_assets
        self.site_url = config.site_url or ""
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self.pages.clear()
        self.jobs.clear()
        self.files = files
        if not self.config.enabled or self.library is None:
            return files
        self.library.rendered.clear()
        # Here, not in on_config: the checks plugin confines the snippets extension there.
        self.converter = SlideConverter(config.markdown_extensions, config.mdx_configs)
        self._add_reveal(files, config)
        source = self.library.source
        if source is None or not source.is_dir():
            return files
        url_dir = self.library.decks_path
        for path in sorted(source.rglob("*")):
            if path.suffix != ".md" and path.is_file():  # symlinks: the checks plugin confines
                uri = f"{url_dir}/{path.relative_to(source).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        exporting = bool(os.environ.get(JOBS_ENV))
        for deck in self.library.decks():
            deck_file = File.generated(config, self.library.page_uri(deck), content="")
            deck_file.content_string = deck_page(deck, deck_file, config.site_name)
            files.append(deck_file)
            self.pages[deck_file.src_uri] = (deck, deck_file)
            if exporting:
                self.jobs[deck.name] = self._reserve_exports(deck, deck_file, files, config)
            if os.environ.get(PUBLISHING_ENV) == "1":
                warn_placeholder_speaker(deck)
        return files

    def _add_reveal(self, files: Files, config: MkDocsConfig) -> None:
        deck_assets(files, config, self.root / self.config.node_modules)
        if config.theme.get("language") == "de":
            notes = files.get_file_from_path(NOTES_URI)
            if notes is not None:
                files.remove(notes)
                labelled = german_labels(notes.content_string)
                files.append(File.generated(config, NOTES_URI, content=labelled))

    def _reserve_exports(
        self, deck: Deck, deck_file: File, files: Files, config: MkDocsConfig
    ) -> DeckJob:
        """Empty files where the exporter puts its files, so links to them check as found."""
        if not self.site_url:
            raise PluginError(
                f"{config_line(config, 'site_url')}: error: deck-pdf: the deck exports link to "
                "the published site, so site_url must be set (or build with --no-pdf)"
            )
        assert self.library is not None
        outputs = export_paths(self.library.decks_path, deck.name, self.config.exports)
        for path in outputs.values():
            files.append(File.generated(config, path, content=b""))
        return deck_job(deck, deck_file, self.site_url, outputs)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Fill `<!-- deck-list -->` with a table of the decks and their front matter."""
        if DECK_LIST_MARKER not in markdown:
            return markdown
        table = deck_table(page.file, list(self.pages.values()), self.jobs)
        return markdown.replace(DECK_LIST_MARKER, table)

    @event_priority(-50)  # after mkdocs-revealjs has written the deck's frame
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put the deck's slides, rendered here, where mkdocs-revealjs left its textarea."""
        shown = self.pages.get(page.file.src_uri)
        if shown is None or self.library is None or self.converter is None:
            return html
        deck, deck_file = shown

        def resolve(target: str) -> str | None:
            return resolved_url(target, deck_file, files)

        rendered = render_deck(deck, self.converter, resolve)
        self.library.rendered[deck.name] = rendered  # search and checks: the slides as written
        slides = with_closing_qr(rendered, qr_address(deck, self.site_url))
        frame, count = PLUGIN_SLIDES.subn(lambda _: slides.html(), html, count=1)
        if count != 1:
            raise PluginError(
                f"{deck.path}:1: error: deck-render: mkdocs-revealjs produced an unexpected "
                "page; check that its version matches requirements.txt"
            )
        return frame

    @event_priority(-50)  # after mkdocs-revealjs wrote the page, before the CSP plugin hashes it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        return without_cdn(output) if page.file.src_uri in self.pages else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Leave the export job list where the build asked for it (outside the site)."""
        jobs_file = os.environ.get(JOBS_ENV)
        if jobs_file:
            write_jobs(Path(jobs_file), list(self.jobs.values()))

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when a deck or a deck image changes: the deck folder lies outside docs_dir."""
        source = self.library.source if self.library else None
        if source is not None and source.is_dir():
            server.watch(str(source))
        return server


def decks_plugin(config: MkDocsConfig) -> DecksPlugin | None:
    """The project's decks plugin, if it has one (other plugins and the CLI read its decks)."""
    for plugin in config.plugins.values():
        if isinstance(plugin, DecksPlugin) and plugin.config.enabled:
            return plugin
    return None
