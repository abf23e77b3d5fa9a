"""Preview cards without a site: the drawing (checked without OCR), the words, the cache.

The card test compares pixels with the card's own source: `layout(card)` says which text
stands where in which size; each such box of the drawn card must be exactly that text drawn
alone on the card's background, and must not match the same words without umlauts or with
straight quotes, so a lost glyph, a box of tofu or a misplaced line fails.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from PIL import Image

from talk_kit.cards.cache import CardCache, card_key
from talk_kit.cards.plugin import CardsPlugin, card_path
from talk_kit.cards.render import (
    HEIGHT,
    WIDTH,
    Card,
    Text,
    draw,
    draw_text,
    layout,
    missing_glyphs,
    png,
)
from talk_kit.cards.tags import locale_for
from talk_kit.cards.text import cut, first_texts, slide_lines
from talk_kit.cards.theme import rgb

TITLE = "Bildrechte für Bäckereien: „Anführungszeichen“ – Größe, Übermaß und Öffnungszeiten"
PAGE = Card(
    "page",
    TITLE,
    "Recht",
    "Neue Medien – neue Chancen",
    "example.org/leitfaden",
    ("#4051b5", "#ffffff", "#ff6e42"),
)


def crop(image: Image.Image, text: Text) -> bytes:
    return image.crop(text.box()).tobytes()


def alone(text: Text, background: str, content: str | None = None) -> bytes:
    """`text` (or other words in its place) drawn on an empty card: the reference pixels."""
    image = Image.new("RGB", (WIDTH, HEIGHT), rgb(background))
    shown = (
        text
        if content is None
        else Text(content, text.x, text.y, text.size, text.bold, text.colour)
    )
    draw_text(image, shown)
    return crop(image, text)


def test_a_card_shows_its_title_with_umlauts_and_german_quotes_exactly() -> None:
    image = Image.open(io.BytesIO(png(PAGE)))
    assert image.format == "PNG" and image.size == (1200, 630)
    placed = layout(PAGE)
    title = [text for text in placed.texts if text.bold and text.size >= 44]
    assert " ".join(text.text for text in title) == TITLE  # every word, in order, none cut
    for text in placed.texts:
        assert crop(image.convert("RGB"), text) == alone(text, placed.background), text.text
        assert text.box()[2] <= WIDTH - 72, text.text  # inside the margin
    quoted = next(text for text in title if "„" in text.text)
    plain = quoted.text.replace("„", '"').replace("“", '"').replace("ü", "u")
    assert crop(image.convert("RGB"), quoted) != alone(quoted, placed.background, plain)


def test_every_character_a_card_may_show_has_a_glyph_in_the_font() -> None:
    assert missing_glyphs("äöüÄÖÜß„“‚‘–—…·€§%&") == []
    assert missing_glyphs("Ein Titel mit \U0001f680 und \ue001") == ["\ue001", "\U0001f680"]


def test_text_pixels_are_ink_not_background() -> None:
    image = draw(PAGE)
    placed = layout(PAGE)
    heading = next(text for text in placed.texts if text.size >= 44)
    colours = {colour for _, colour in image.crop(heading.box()).getcolors(1_000_000)}
    assert rgb(heading.colour) in colours and rgb(placed.background) in colours


def test_a_long_title_shrinks_and_a_too_long_one_ends_in_an_ellipsis() -> None:
    long = Card("page", "Wort " * 30, "", "Site", "", PAGE.colours)
    longer = Card("page", "Donaudampfschifffahrt " * 30, "", "Site", "", PAGE.colours)
    size_long = max(text.size for text in layout(long).texts)
    assert size_long < 76
    last = layout(longer).texts[-1]
    assert last.text.endswith("…") and last.box()[2] <= WIDTH - 72


def test_a_deck_card_shows_its_title_slide() -> None:
    deck = Card(
        "deck",
        "Neue Medien – neue Chancen",
        "Gründungswoche Deutschland 2027",
        "Neue Medien – neue Chancen",
        "example.org",
        ("#111111", "#333333", "#1f3a93", "#b23a0b"),
        ("Social Media für kleine Unternehmen", "IHK, Weingarten · 16. November 2027"),
    )
    texts = [text.text for text in layout(deck).texts]
    assert texts[:3] == ["Neue Medien – neue Chancen", *deck.lines]
    assert layout(deck).background == "#ffffff"


def test_a_description_is_cut_at_a_sentence_or_a_word() -> None:
    sentences = "Erster Satz mit z. B. einer Abkürzung am 16. November. Zweiter Satz. " * 3
    assert (
        cut(sentences, 80) == "Erster Satz mit z. B. einer Abkürzung am 16. November. Zweiter Satz."
    )
    words = "Einundzwanzig Wörter ohne Punkt " * 10
    cut_words = cut(words, 50)
    assert cut_words.endswith("…") and len(cut_words) <= 50 and words.startswith(cut_words[:-1])
    assert cut("Kurz.") == "Kurz."


def test_the_first_paragraph_is_the_pages_own_not_an_admonitions() -> None:
    html = (
        '<h1 id="x">Push <em>und</em> Pull<a class="headerlink" href="#x">¶</a></h1>'
        '<div class="admonition"><p>Hinweis</p></div>'
        '<p>Text mit <abbr title="Industrie- und Handelskammer">IHK</abbr>'
        '<sup id="fnref:1"><a href="#fn:1">1</a></sup>.</p><p>Zweiter</p>'
    )
    assert first_texts(html) == ("Push und Pull", "Text mit IHK.")


def test_slide_lines_split_at_breaks_and_leave_out_the_notes() -> None:
    slide = '<h1>T</h1><p>a<br>b</p><aside class="notes"><p>geheim</p></aside>'
    assert slide_lines(slide) == [("h1", "T"), ("p", "a"), ("p", "b")]


def test_card_paths_and_locales() -> None:
    assert card_path("assets/cards", "plattformen/facebook/index.html") == (
        "assets/cards/plattformen/facebook.png"
    )
    assert card_path("assets/cards", "index.html") == "assets/cards/index.png"
    assert card_path("assets/cards/", "faq.html") == "assets/cards/faq.png"
    assert locale_for("de") == "de_DE" and locale_for("de-AT") == "de_AT"


def test_the_cache_draws_a_card_once(tmp_path: Path) -> None:
    cache = CardCache(tmp_path / "cache")
    cache.copy(PAGE, tmp_path / "site" / "a.png")
    cache.copy(PAGE, tmp_path / "site" / "b.png")
    assert (cache.drawn, cache.reused) == (1, 1)
    assert (tmp_path / "site" / "a.png").read_bytes() == (tmp_path / "site" / "b.png").read_bytes()
    assert card_key(PAGE) != card_key(replace(PAGE, title="Anderer Titel"))
    assert card_key(PAGE) != card_key(replace(PAGE, colours=("#000000", "#ffffff", "#ff6e42")))


# A small project: two guide pages, one without a description, in Material.
MKDOCS_YML = """\
site_name: Prüfseite – „Karten“
site_url: https://example.org/leitfaden/
theme:
  name: material
  language: de
  palette:
    primary: teal
    accent: amber
plugins:
  - talk-kit/cards:
      cache_dir: cache
nav:
  - Start: index.md
  - Grundlagen:
      - Über uns: ueber.md
"""
INDEX = """\
---
description: Eine Beschreibung aus der Front Matter.
---

# Willkommen

Erster Absatz.
"""
ABOUT = (
    "# Über „uns“\n\n" + "Ein langer erster Absatz ohne Beschreibung, der weitergeht. " * 8 + "\n"
)


def make_project(folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (folder / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    (folder / "docs" / "ueber.md").write_text(ABOUT, encoding="utf-8")
    return folder / "mkdocs.yml"


def built(config_file: Path, site: Path, command: str = "build") -> CardsPlugin:
    config = load_config(str(config_file), site_dir=str(site))
    config.plugins.on_startup(command=command, dirty=False)
    build(config)
    config.plugins.on_shutdown()
    plugin = config.plugins["talk-kit/cards"]
    assert isinstance(plugin, CardsPlugin)
    return plugin


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CardsPlugin]:
    """The small project built once, with an empty cache: (its folder, the plugin)."""
    folder = tmp_path_factory.mktemp("cards")
    plugin = built(make_project(folder / "project"), folder / "site1")
    return folder, plugin


@pytest.mark.slow
def test_a_second_build_draws_no_card_and_a_changed_page_draws_one(
    small_site: tuple[Path, CardsPlugin],
) -> None:
    folder, first = small_site
    config_file = folder / "project" / "mkdocs.yml"
    assert first.stats() == {"drawn": 2, "reused": 0}
    second = built(config_file, folder / "site2")
    assert second.stats() == {"drawn": 0, "reused": 2}
    for name in ("index.png", "ueber.png"):
        one = (folder / "site1" / "assets" / "cards" / name).read_bytes()
        assert one == (folder / "site2" / "assets" / "cards" / name).read_bytes()
    about = folder / "project" / "docs" / "ueber.md"
    about.write_text(ABOUT.replace("„uns“", "„alle“"), encoding="utf-8")
    third = built(config_file, folder / "site3")
    assert third.stats() == {"drawn": 1, "reused": 1}


@pytest.mark.slow
def test_serve_writes_the_tags_but_draws_no_card(tmp_path: Path) -> None:
    config_file = make_project(tmp_path / "project")
    plugin = built(config_file, tmp_path / "site", command="serve")
    assert plugin.stats() == {"drawn": 0, "reused": 0}
    assert not (tmp_path / "site" / "assets" / "cards").exists()
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (
        '<meta property="og:image" content="https://example.org/leitfaden/assets/cards/index.png">'
        in page
    )


@pytest.mark.slow
def test_descriptions_titles_and_colours_of_a_small_site(
    small_site: tuple[Path, CardsPlugin],
) -> None:
    folder, plugin = small_site
    index = (folder / "site1" / "index.html").read_text(encoding="utf-8")
    assert (
        '<meta property="og:description" content="Eine Beschreibung aus der Front Matter.">'
        in index
    )
    assert '<meta property="og:type" content="website">' in index
    about = (folder / "site1" / "ueber" / "index.html").read_text(encoding="utf-8")
    described = cut("Ein langer erster Absatz ohne Beschreibung, der weitergeht. " * 8)
    assert f'<meta property="og:description" content="{described}">' in about
    assert f'<meta name="description" content="{described}">' in about  # Material's says the same
    assert '<meta property="og:title" content="Über „uns“">' in about
    assert '<meta property="og:url" content="https://example.org/leitfaden/ueber/">' in about
    card = plugin.shared["ueber.md"].card
    assert card.eyebrow == "Grundlagen" and card.title == "Über „uns“"
    assert card.colours[0] == "#009485"  # Material's teal, read from its palette stylesheet
    assert card.colours[2] == "#ffaa00"  # its amber accent
    image = Image.open(folder / "site1" / "assets" / "cards" / "ueber.png")
    assert image.size == (1200, 630)
    assert image.convert("RGB").getpixel((5, 5)) == rgb("#009485")


@pytest.mark.slow
def test_a_wrong_colour_is_one_readable_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config_file = make_project(tmp_path / "project")
    text = config_file.read_text(encoding="utf-8").replace("cache_dir: cache", "accent: blau")
    config_file.write_text(text, encoding="utf-8")
    with pytest.raises(Abort):
        load_config(str(config_file))
    assert [record.getMessage() for record in caplog.records] == [
        "Config value 'plugins': Plugin 'talk-kit/cards' option 'accent': "
        "expected a colour like '#4051b5', not 'blau'"
    ]
