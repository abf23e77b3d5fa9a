"""The built site's heads: every page's preview tags and card, and the 404 page's policy."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SITE_URLS, Tab
from PIL import Image

from talk_kit.cards.render import missing_glyphs
from talk_kit.cards.theme import deck_colours, rgb
from talk_kit.csp.plugin import policy_for

SITE_URL = SITE_URLS["root"]
PROPERTIES = (
    "og:type",
    "og:site_name",
    "og:title",
    "og:description",
    "og:url",
    "og:locale",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
)
NAMES = ("twitter:card", "twitter:title", "twitter:description", "twitter:image")


class Head(HTMLParser):
    """The `<meta>` and `<link rel=canonical>` of a page's head."""

    def __init__(self) -> None:
        super().__init__()
        self.properties: dict[str, list[str]] = {}
        self.names: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.first: tuple[str, dict[str, str | None]] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head":
            self._in_head = True
            return
        if not self._in_head:
            return
        if self.first is None and "charset" not in values:  # only the charset may precede
            self.first = (tag, values)
        if tag == "meta" and values.get("property"):
            self.properties.setdefault(values["property"] or "", []).append(values["content"] or "")
        if tag == "meta" and values.get("name"):
            self.names.setdefault(values["name"] or "", []).append(values["content"] or "")
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False


def head_of(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if path.name != "404.html")


def one(values: dict[str, list[str]], key: str, page: Path) -> str:
    found = values.get(key, [])
    assert len(found) == 1, f"{page}: {key}: {found}"
    return found[0]


def test_every_page_has_the_tags_and_a_card_that_is_a_1200x630_png(built_site: Path) -> None:
    cards: set[Path] = set()
    checked = pages(built_site)
    assert len(checked) >= 40  # guide pages, blog posts and views, decks
    for page in checked:
        head = head_of(page)
        for key in PROPERTIES:
            assert one(head.properties, key, page).strip(), (page, key)
        for key in NAMES:
            assert one(head.names, key, page).strip(), (page, key)
        assert one(head.names, "twitter:card", page) == "summary_large_image"
        assert one(head.properties, "og:locale", page) == "de_DE"
        assert one(head.properties, "og:url", page) == head.canonical
        description = one(head.properties, "og:description", page)
        assert description == one(head.names, "description", page)
        image = one(head.properties, "og:image", page)
        assert image == one(head.names, "twitter:image", page)
        assert image.startswith(SITE_URL) and image.endswith(".png")
        card = built_site / image.removeprefix(SITE_URL)
        assert card.is_file(), (page, image)
        with Image.open(card) as picture:
            assert picture.format == "PNG" and picture.size == (1200, 630)
            picture.load()  # decodes the whole image
        assert card not in cards, f"{page}: shares its card {card}"
        cards.add(card)
        kind = one(head.properties, "og:type", page)
        assert kind == ("website" if page == built_site / "index.html" else "article")
        assert missing_glyphs(one(head.properties, "og:title", page)) == []
    assert cards == set((built_site / "assets" / "cards").rglob("*.png"))  # none left over


def test_a_page_says_its_own_h1_and_its_front_matter_description(built_site: Path) -> None:
    head = head_of(built_site / "push-und-pull" / "index.html")
    assert one(head.properties, "og:title", built_site) == "Push und Pull"
    source = (Path(__file__).parent.parent / "docs" / "push-und-pull.md").read_text("utf-8")
    written = re.search(r"^description: (.*)$", source, re.M)
    assert written is not None
    assert one(head.properties, "og:description", built_site) == written.group(1)
    assert one(head.properties, "og:image", built_site) == (
        f"{SITE_URL}assets/cards/push-und-pull.png"
    )


def test_a_blog_post_is_an_article_with_its_date(built_site: Path) -> None:
    post = next((built_site / "blog").glob("20*/*/*/*/index.html"))
    head = head_of(post)
    assert one(head.properties, "article:published_time", post).startswith("20")


def test_a_deck_card_shows_the_title_slide_in_the_deck_colours(built_site: Path) -> None:
    deck = built_site / "folien" / "neue-medien-neue-chancen" / "index.html"
    head = head_of(deck)
    assert one(head.properties, "og:title", deck).startswith("Neue Medien – neue Chancen · ")
    image = built_site / one(head.properties, "og:image", deck).removeprefix(SITE_URL)
    colours = deck_colours()
    with Image.open(image) as picture:
        rgb_picture = picture.convert("RGB")
        assert rgb_picture.getpixel((4, 4)) == rgb(colours.background)
        assert rgb_picture.getpixel((4, 620)) == rgb(colours.blue)
        found = {colour for _, colour in rgb_picture.getcolors(1_000_000)}
        assert rgb(colours.blue) in found and rgb(colours.ink) in found


def test_the_404_page_has_the_policy_of_every_page(built_site: Path) -> None:
    text = (built_site / "404.html").read_text(encoding="utf-8")
    head = head_of(built_site / "404.html")
    assert head.first is not None and head.first[0] == "meta"
    assert head.first[1].get("http-equiv") == "Content-Security-Policy"
    policy = head.first[1]["content"] or ""
    without = re.sub(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', "", text)
    assert policy == policy_for(without)
    assert "'unsafe-inline'" not in policy and "script-src 'self' 'sha256-" in policy
    assert "og:image" not in head.properties  # nobody shares the 404 page


@pytest.mark.browser
def test_the_404_page_runs_under_its_policy(served_site: str, tab: Tab) -> None:
    missing = f"{served_site}keine-solche-seite/"
    response = tab.page.goto(missing)
    assert response is not None and response.status == 404
    tab.page.locator("h1").first.wait_for()
    tab.page.wait_for_load_state("networkidle")
    # The one expected console line is the page's own status; a refused script would be another.
    assert [error for error in tab.errors if not error.endswith(f"(Not Found) ({missing})")] == []
    assert tab.page.evaluate("() => typeof document$ !== 'undefined'")  # Material's script ran
    assert tab.foreign_requests(served_site) == []
