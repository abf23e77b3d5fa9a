"""The deck model: routes, durations, confined includes, text-only front matter, safe rendering."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, address
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data
from project_copy import copy_project
from rendering import findings

from talk_kit.decks import library as library_module
from talk_kit.decks import pages as decks_hook
from talk_kit.decks.html_balance import balance_html
from talk_kit.decks.includes import allowed_folders
from talk_kit.decks.library import DeckLibrary, deck_page_uri
from talk_kit.decks.model import Deck, parse_deck
from talk_kit.decks.plugin import decks_plugin
from talk_kit.decks.render import SlideConverter, render_deck
from talk_kit.decks.routes import Route, parse_route, route_of, slide_label
from talk_kit.sitecheck.cli import main as cli_main
from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.mkdocs_project import load_project
from talk_kit.sitecheck.rendered import RenderedPage
from talk_kit.sitecheck.site_index import SiteIndex, url_to_file
from talk_kit.sitecheck.slides import check_deck

EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.superfences", "pymdownx.highlight"]


def write_deck(folder: Path, text: str, name: str = "talk") -> Path:
    slides = folder / "slides"
    slides.mkdir(parents=True, exist_ok=True)
    path = slides / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def parse(folder: Path, text: str) -> Deck:
    path = write_deck(folder, text)
    return parse_deck(path, folder, allowed_folders(folder / "slides", folder / "docs"))


def codes(deck: Deck) -> list[tuple[int, str]]:
    return [(f.location.line, f.code) for f in deck.findings]


def render(deck: Deck) -> str:
    return render_deck(deck, SlideConverter(EXTENSIONS, {}), lambda text: text).html()


# --- routes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "route"),
    [
        ("/3", Route(h=3, v=0)),
        ("/3/1", Route(h=3, v=1)),
        ("/3/0/1", Route(h=3, v=0, fragment=1)),
        ("/push-pull", Route(name="push-pull")),
        ("/push-pull/2", Route(name="push-pull", fragment=2)),
        ("/2012-und-heute", Route(name="2012-und-heute")),  # not all digits: a name
        ("/%C3%BCber", Route(name="über")),
        ("/", None),
        ("/a/b/c", None),
    ],
)
def test_routes_are_read_as_reveal_js_reads_them(fragment: str, route: Route | None) -> None:
    assert parse_route(fragment) == route


def test_one_based_routes() -> None:
    assert parse_route("/1/1", one_based=True) == Route(h=0, v=0)


def test_routes_and_labels_are_written_as_the_deck_shows_them(tmp_path: Path) -> None:
    deck = parse(
        tmp_path,
        '---\ntitle: T\n---\n\n# T\n\n---\n\n## A\n\n----\n\n## B\n<!-- .slide: id="bee" -->\n',
    )
    first, second, third = deck.slides
    assert (route_of(first), route_of(second), route_of(third)) == ("#/0", "#/1", "#/bee")
    assert slide_label(third) == "slide 3 (#/1/1)"  # the third slide the deck shows


def fragment_site(tmp_path: Path) -> tuple[SiteIndex, Deck]:
    deck = parse(
        tmp_path,
        "---\ntitle: T\n---\n\n# T\n\n---\n\n## Schritte\n"
        '<!-- .slide: id="schritte" -->\n\n'
        '- eins <!-- .element: class="fragment" -->\n'
        '- zwei <!-- .element: class="fragment" -->\n\n'
        "## Zwischentitel {#mitte}\n",
    )
    src = deck_page_uri("folien", deck.name)
    url = address(src)
    index = SiteIndex(
        sources={src: url, "index.md": ""},
        outputs={url_to_file(url), "index.html"},
        pages={"index.html": RenderedPage((), frozenset(), "")},
        decks={url_to_file(url): deck},
    )
    return index, deck


@pytest.mark.parametrize(
    ("link", "broken"),
    [
        ("folien/talk.md#/1", False),
        ("folien/talk.md#/1/0/1", False),  # reveal.js writes the fragment index itself
        ("folien/talk.md#/schritte/1", False),
        ("folien/talk.md#/mitte", False),  # any id on a slide opens that slide
        ("folien/talk.md#/1/0/2", True),  # two build-up steps: 0 and 1
        ("folien/talk.md#/2", True),
        ("folien/talk.md#/gibt-es-nicht", True),
    ],
)
def test_deck_routes_with_fragments(tmp_path: Path, link: str, broken: bool) -> None:
    index, _ = fragment_site(tmp_path)
    found = findings(f"[x]({link})\n", "index.md", index)
    assert [f.code for f in found] == (["broken-route"] if broken else [])


def test_route_messages_name_the_slide_as_shown(tmp_path: Path) -> None:
    index, _ = fragment_site(tmp_path)
    found = findings("[x](folien/talk.md#/1/0/5)\n", "index.md", index)
    assert "slide 2 (#/1) has build-up steps 0 to 1, not 5" in found[0].message


# --- duration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "minutes"), [("30", 30.0), ("30.5", 30.5), ('"30"', 30.0), ("45,5", None)]
)
def test_duration_is_read_by_one_rule(tmp_path: Path, value: str, minutes: float | None) -> None:
    deck = parse(tmp_path, f"---\ntitle: T\nduration: {value}\n---\n\n# T\n")
    expected_minutes = 45.5 if value == "45,5" else minutes  # "45,5" is a string: German comma
    assert deck.duration == expected_minutes
    assert codes(deck) == []


@pytest.mark.parametrize("value", ["true", "0", "-5", "dreißig", "[30]"])
def test_invalid_duration_is_one_error_at_its_line(tmp_path: Path, value: str) -> None:
    deck = parse(tmp_path, f"---\ntitle: T\nduration: {value}\n---\n\n# T\n")
    assert deck.duration is None
    assert codes(deck) == [(3, "front-matter")]


def test_speaker_timer_paces_against_fractional_minutes(tmp_path: Path) -> None:
    deck = parse(tmp_path, "---\ntitle: T\nduration: 30.5\n---\n\n# T\n")
    deck_file = File("folien/talk.md", "docs", "site", use_directory_urls=True)
    front_matter = decks_hook.deck_page(deck, deck_file, "Site").split("---\n")[1]
    assert yaml.safe_load(front_matter)["revealjs"]["totalTime"] == 1830


HOSTILE_TITLES = [
    'a "quoted" title',
    "line\n---\ntemplate: main.html",
    "{{ config }}",
    "ä: b # c\t",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_the_deck_pages_front_matter_keeps_any_title_as_text(tmp_path: Path, title: str) -> None:
    """MkDocs reads the generated page's front matter back: a title cannot add keys to it."""
    deck = parse(tmp_path, f"---\ntitle: {json.dumps(title)}\n---\n\n# T\n")
    deck_file = File("folien/talk.md", "docs", "site", use_directory_urls=True)
    markdown, meta = get_data(decks_hook.deck_page(deck, deck_file, "Site"))
    assert meta["title"] == title
    assert meta["template"] == "deck.html"
    assert markdown.strip() == decks_hook.SLIDES_MARKER


# --- includes -----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "../../x.md", "../.git/config"])
def test_includes_outside_the_content_folders_are_refused(tmp_path: Path, target: str) -> None:
    deck = parse(tmp_path, f'---\ntitle: T\n---\n\n# T\n\n--8<-- "{target}"\n')
    assert codes(deck) == [(7, "include-outside")]
    assert "root:" not in deck.markdown


def test_symlinks_cannot_lead_out_and_loops_are_findings(tmp_path: Path) -> None:
    slides = tmp_path / "slides"
    slides.mkdir()
    (slides / "passwd.md").symlink_to("/etc/passwd")
    (slides / "loop.md").symlink_to(slides / "loop.md")
    deck = parse(tmp_path, '---\ntitle: T\n---\n\n# T\n\n--8<-- "passwd.md"\n\n--8<-- "loop.md"\n')
    assert codes(deck) == [(7, "include-outside"), (9, "include-loop")]
    assert "root:" not in deck.markdown


def test_includes_inside_the_content_folders_work(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "teil.md").write_text("## Aus dem Leitfaden\n", encoding="utf-8")
    deck = parse(tmp_path, '---\ntitle: T\n---\n\n# T\n\n---\n\n--8<-- "../docs/teil.md"\n')
    assert codes(deck) == []
    assert deck.slides[1].title == "Aus dem Leitfaden"


# --- front matter is text -------------------------------------------------------------------

HOSTILE = 'Tipps <img src=x onerror="window.pwned=1"> *fett* | [Link](javascript:x)'


def test_placeholders_insert_text_not_markup(tmp_path: Path) -> None:
    deck = parse(tmp_path, f"---\ntitle: '{HOSTILE}'\n---\n\n# {{{{ title }}}}\n")
    html = render(deck)
    assert "<img" not in html and "<em>" not in html and "<a " not in html
    assert "Tipps &lt;img src=x onerror=" in html
    assert (
        deck.slides[0].title
        == 'Tipps <img src=x onerror="window.pwned=1"> fett | [Link](javascript:x)'
    )


def test_placeholders_stay_literal_in_code(tmp_path: Path) -> None:
    deck = parse(
        tmp_path,
        "---\ntitle: T\n---\n\n# {{ title }}\n\nSo: `{{ title }}` und {{ title }}\n\n"
        "```\n{{ title }} und {{ unbekannt }}\n```\n",
    )
    assert codes(deck) == []
    assert "So: `{{ title }}` und T" in deck.markdown
    assert "{{ title }} und {{ unbekannt }}" in deck.markdown


def test_deck_list_shows_front_matter_as_text(tmp_path: Path) -> None:
    deck = parse(tmp_path, f"---\ntitle: '{HOSTILE}'\nevent: 'A | B'\n---\n\n# T\n")
    deck_file = File("folien/talk.md", "docs", "site", use_directory_urls=True)
    page_file = File("folien/index.md", "docs", "site", use_directory_urls=True)
    table = decks_hook.deck_table(page_file, [(deck, deck_file)], {})
    row = table.splitlines()[-1]
    assert row.count(" | ") == 3  # the '|' in the event is no column break
    assert "<img" not in row and "&lt;img" in row


# --- rendering ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["</textarea>", "</script>", "</section></div>", "<!--", "<textarea>", "```"]
)
def test_code_in_a_slide_never_cuts_the_deck(tmp_path: Path, code: str) -> None:
    fence = "~~~" if code == "```" else "```"
    deck = parse(
        tmp_path,
        f"---\ntitle: T\n---\n\n# T\n\n---\n\n## Code\n\n{fence}html\n{code} danach\n{fence}\n\n"
        "Sichtbar danach.\n\nNote:\nNotiz bleibt.\n\n---\n\n## Letzte Folie\n",
    )
    html = render(deck)
    assert html.count("<section") == html.count("</section>") == 3
    code_slide = html.split("<section")[2]
    assert "Sichtbar danach." in code_slide and "Notiz bleibt." in code_slide
    assert "Letzte Folie" in html.split("<section")[3]


@pytest.mark.parametrize(
    "raw",
    [
        "</section></div></body>",
        "<div><section>",
        "<script>document.title = 1",
        "<!-- offen",
        "<textarea>",
        "<style>section { display: none }",
        '<base href="https://example.org/">',
    ],
)
def test_raw_html_in_one_slide_stays_in_that_slide(tmp_path: Path, raw: str) -> None:
    deck = parse(
        tmp_path,
        f"---\ntitle: T\n---\n\n# T\n\n---\n\n## Roh\n\n{raw}\n\n---\n\n## Danach\n\nText\n",
    )
    slides = render(deck).split("</section>")
    assert len(slides) == 4  # three slides and what follows the last one
    assert "Danach" in slides[2] and "Text" in slides[2]
    assert "<base" not in slides[1]


def test_balance_closes_and_drops() -> None:
    assert balance_html("<p>a</p></section><div>x") == "<p>a</p><div>x</div>"
    assert balance_html("<section class=x>in</section>") == "<div class=x>in</div>"
    assert balance_html("a < b &amp; <!-- offen") == "a &lt; b &amp; &lt;!-- offen"


def test_reveal_attribute_comments_are_applied_at_build_time(tmp_path: Path) -> None:
    deck = parse(
        tmp_path,
        "---\ntitle: T\n---\n\n# T\n\n---\n\n## Liste\n"
        '<!-- .slide: id="liste" class="wide" data-background-color="#fff" onclick="x()" -->\n\n'
        '- eins <!-- .element: class="fragment" -->\n'
        '- zwei <!-- .element: class="fragment" data-fragment-index="3" -->\n\n'
        "![Bild](x.png)\n\n"
        '<!-- .element: style="width: 50%" -->\n',
    )
    html = render(deck)
    assert '<section id="liste" class="wide" data-background-color="#fff">' in html
    assert '<li class="fragment">eins' in html
    assert 'data-fragment-index="3"' in html
    assert '<p style="width: 50%"><img alt="Bild"' in html  # the element before the comment
    assert "onclick" not in html and ".element:" not in html and ".slide:" not in html
    assert deck.slides[1].fragments == 2


# --- links written relative to the deck's source ------------------------------------------

LINKED_FILES = ["index.md", "recht/impressum.md", "folien/deck.md", "folien/img/a b.svg"]
LINKED_SLIDE = """\
## Recht

Siehe [Impressum](../recht/impressum.md) und `../index.md`, [fehlt](missing.md).

```
[nicht](../index.md) <a href="../index.md">nicht</a>
```

![Bild](img/a%20b.svg) und <img alt="Bild" src=img/a%20b.svg>

Roh: <a href='../recht/impressum.md#pflichtangaben' class=x>Angaben</a>

<div class="spalten">
<a href="../index.md">Start</a>
<!-- <a href="../index.md">auskommentiert</a> -->
<script>const example = '<a href="../index.md">';</script>
</div>

<div markdown="1">
[Im Block](../index.md#oben)
</div>
"""


def linked_slide(resolve_links: bool = True) -> tuple[str, dict[str, str]]:
    files = Files([File(uri, "docs", "site", use_directory_urls=True) for uri in LINKED_FILES])
    deck_file = files.get_file_from_path("folien/deck.md")
    assert deck_file is not None

    def resolve(target: str) -> str | None:
        return decks_hook.resolved_url(target, deck_file, files)

    return SlideConverter(EXTENSIONS, {}).render(LINKED_SLIDE, resolve if resolve_links else None)


def test_slide_links_become_page_urls_in_the_rendered_slide() -> None:
    html, written = linked_slide()
    assert '<a href="../../recht/impressum/">Impressum</a>' in html
    assert '<a href="missing.md">fehlt</a>' in html  # left for the checker to report
    assert '<img alt="Bild" src="../img/a%20b.svg" />' in html
    # raw HTML: each tag keeps its own spelling, only the target changes
    assert '<img alt="Bild" src="../img/a%20b.svg">' in html
    assert "<a href='../../recht/impressum/#pflichtangaben' class=x>Angaben</a>" in html
    assert '<a href="../../">Start</a>' in html
    assert '<a href="../../#oben">Im Block</a>' in html  # md_in_html
    assert written == {
        "../../recht/impressum/": "../recht/impressum.md",
        "../img/a%20b.svg": "img/a%20b.svg",
        "../../recht/impressum/#pflichtangaben": "../recht/impressum.md#pflichtangaben",
        "../../": "../index.md",
        "../../#oben": "../index.md#oben",
    }


def test_links_shown_as_code_or_in_comments_stay_as_written() -> None:
    html, _ = linked_slide()
    assert "<code>../index.md</code>" in html  # inline code is not a link
    assert '[nicht](../index.md) &lt;a href="../index.md"&gt;' in html  # nor a block
    assert '<!-- <a href="../index.md">auskommentiert</a> -->' in html
    assert """const example = '<a href="../index.md">';""" in html  # script text, no tag


def test_without_resolve_the_slide_renders_as_written() -> None:
    html, written = linked_slide(resolve_links=False)
    assert written == {}
    assert '<a href="../recht/impressum.md">Impressum</a>' in html
    assert "src=img/a%20b.svg>" in html


def test_vertical_slides_are_nested_in_a_stack(tmp_path: Path) -> None:
    deck = parse(tmp_path, "---\ntitle: T\n---\n\n# T\n\n---\n\n## A\n\n----\n\n## B\n")
    html = render(deck)
    assert html.count("<section") == 4  # title, stack, A, B
    assert html.index("<h2>A</h2>") > html.index("<section>\n<section")


# --- parsed once per change ---------------------------------------------------------------


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every deck file parsed in this process from now on (the library's own parser)."""
    parsed: list[Path] = []
    parse = library_module.parse_deck

    def counting(path: Path, *args: Any) -> Deck:
        parsed.append(path)
        return parse(path, *args)

    monkeypatch.setattr(library_module, "parse_deck", counting)
    return parsed


def test_library_parses_each_deck_once_per_change(tmp_path: Path, parses: list[Path]) -> None:
    main = write_deck(tmp_path, "---\ntitle: T\n---\n\n# T\n", "main")
    write_deck(tmp_path, '---\ntitle: Kopie\n---\n\n--8<-- "main.md"\n', "kopie")
    library = DeckLibrary(tmp_path / "slides", tmp_path)
    library.content_folders = allowed_folders(tmp_path / "slides")
    assert [deck.name for deck in library.decks()] == ["kopie", "main"]
    assert len(parses) == 2
    library.decks()
    assert len(parses) == 2
    main.write_text("---\ntitle: T\n---\n\n# Neu\n", encoding="utf-8")
    os.utime(main, ns=(1, 1))  # a different stamp, whatever the clock's resolution
    decks = library.decks()
    assert len(parses) == 4  # main and the deck that includes it, nothing else
    assert all(deck.slides[0].title == "Neu" for deck in decks)


def test_a_deck_is_published_where_its_file_says(tmp_path: Path, parses: list[Path]) -> None:
    """The checker, search and the browser check take the deck pages from the decks plugin.
    (A copy: MkDocs keeps the plugin for later loads in this process, and a test before this
    one may have loaded the project itself, its decks then parsed already.)"""
    project = load_project(copy_project(tmp_path) / "mkdocs.yml")
    plugin = decks_plugin(project.config)
    assert plugin is not None
    shown = {deck.name: file for deck, file in plugin.pages.values()}
    assert sorted(shown) == sorted(path.stem for path in (tmp_path / "slides").glob("*.md"))
    assert all(file.url == f"folien/{name}/" for name, file in shown.items())
    assert all(project.destinations()[file.src_uri] == file.dest_uri for file in shown.values())
    assert len(parses) == len(shown)


@pytest.mark.slow
def test_a_build_parses_each_deck_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[Path]
) -> None:
    """Deck pages, checks and search all take the decks from the decks plugin: one parse each,
    counted in this process. MkDocs keeps the plugin (it has `on_startup`) for later loads in
    the same process, so the CLI that follows reads the unchanged decks from its library."""
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    decks = sorted((project / "slides").glob("*.md"))
    assert len(decks) == 2 and sorted(parses) == decks
    plugin = decks_plugin(config)
    assert plugin is not None and plugin.library is not None
    assert set(plugin.library.rendered) == {path.stem for path in decks}
    parses.clear()
    assert cli_main(["check", "--site-dir", str(tmp_path / "site"), "mkdocs.yml"]) == 0
    assert parses == []  # no deck changed since the build
    (project / "slides" / decks[0].name).touch()
    assert cli_main(["check", "--site-dir", str(tmp_path / "site"), "mkdocs.yml"]) == 0
    assert len(parses) >= 1 and set(parses) <= set(decks)  # the changed deck (and its copy)


# --- slide rules --------------------------------------------------------------------------


def test_a_trailing_separator_is_reported_at_its_own_line(tmp_path: Path) -> None:
    deck = parse(tmp_path, "---\ntitle: T\n---\n\n# T\n\n---\n")
    findings = check_deck(deck, Rules())
    assert [(f.location.line, f.code) for f in findings] == [(7, "empty-slide")]


def test_notes_followed_by_a_separator_without_blank_line_warn(tmp_path: Path) -> None:
    deck = parse(tmp_path, "---\ntitle: T\n---\n\n# T\n\nNote:\nText\n---\n\n## Zwei\n")
    assert codes(deck) == [(9, "separator-in-notes")]
    assert len(deck.slides) == 1  # as reveal.js would show it: the second slide is in the notes


@pytest.mark.parametrize("key", ["separator", "verticalSeparator", "notesSeparator"])
def test_custom_separators_are_refused_with_the_fix(tmp_path: Path, key: str) -> None:
    deck = parse(tmp_path, f"---\ntitle: T\n{key}: '^\\\\n===\\\\n$'\n---\n\n# T\n")
    assert codes(deck) == [(3, "front-matter")]
    assert "not supported" in deck.findings[0].message


def test_tag_and_image_lines_are_not_lines_of_text(tmp_path: Path) -> None:
    body = "\n".join(f"Zeile {n}" for n in range(15))
    deck = parse(
        tmp_path,
        '---\ntitle: T\n---\n\n# T\n\n---\n\n## Voll\n\n<div class="spalten">\n\n'
        f"{body}\n\n![Bild](img/x.png)\n\n</div>\n",
    )
    rules = Rules(require_notes=False, require_guide_link=False, max_words=1000)
    assert check_deck(deck, rules) == []


# --- the appended glossary, read once per deck converter -----------------------------------


def project_converter(snippets: Path | None = None) -> SlideConverter:
    """A slide converter with the project's Markdown extensions and settings."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    configs = {name: dict(value) for name, value in config.mdx_configs.items()}
    folder = snippets or ROOT / "docs" / "_snippets"
    configs["pymdownx.snippets"] = {**configs["pymdownx.snippets"], "base_path": [str(folder)]}
    return SlideConverter(config.markdown_extensions, configs)


def test_every_slide_renders_the_same_with_the_glossary_read_once() -> None:
    converter = project_converter()
    assert converter.glossary_only is not None, "the project's glossary should be read once"
    texts = [
        text
        for path in sorted((ROOT / "slides").glob("*.md"))
        for slide in parse_deck(path, ROOT).slides
        for text in (slide.body, slide.notes)
        if text.strip()
    ]
    assert any("<abbr" in converter.convert(text) for text in texts)
    for text in texts:
        converter.glossary_only.reset()
        converter.appending.reset()
        assert converter.glossary_only.convert(text) == converter.appending.convert(text), text


def test_a_slide_defining_or_including_a_glossary_abbreviation_gets_the_glossary_definition(
    tmp_path: Path,
) -> None:
    """As on a guide page: the appended glossary comes last, so its definition wins."""
    (tmp_path / "abkuerzungen.md").write_text("*[IHK]: Industrie- und Handelskammer\n", "utf-8")
    converter = project_converter(tmp_path)
    assert converter.glossary_only is not None
    html = converter.convert("Die IHK lädt ein.\n\n*[IHK]: Irgendein Hauptkonzern\n")
    assert 'title="Industrie- und Handelskammer"' in html
    assert "Hauptkonzern" not in html
    assert 'title="Industrie- und Handelskammer"' in converter.convert("Die IHK lädt ein.")
    (tmp_path / "eigene.md").write_text("*[IHK]: Irgendein Hauptkonzern\n", "utf-8")
    included = converter.convert('Die IHK lädt ein.\n\n--8<-- "eigene.md"\n')
    assert 'title="Industrie- und Handelskammer"' in included
    assert "Hauptkonzern" not in included


@pytest.mark.parametrize(
    "glossary",
    [
        "*[IHK]: Industrie- und Handelskammer\n\nEin Satz, den jede Folie zeigen würde.\n",
        "*[IHK]: Industrie- und Handelskammer\n\n[kammer]: https://www.ihk.de/\n",
        "*[IHK]: Industrie- und Handelskammer\n\n[^quelle]: Eine Fußnote.\n",
        "Nur Text, keine Abkürzung.\n",
    ],
    ids=["text", "link-reference", "footnote", "no-abbreviation"],
)
def test_an_appended_snippet_that_does_more_than_define_abbreviations_is_appended_to_each_slide(
    tmp_path: Path, glossary: str
) -> None:
    (tmp_path / "abkuerzungen.md").write_text(glossary, "utf-8")
    converter = project_converter(tmp_path)
    assert converter.glossary_only is None
    slide = "Die IHK lädt ein: [Kammer][kammer] und Quelle[^quelle]."
    assert converter.convert(slide) == project_converter(tmp_path).appending.convert(slide)


def test_slide_link_rules_read_the_rendered_slide_and_report_the_written_line(
    tmp_path: Path,
) -> None:
    deck = parse(
        tmp_path,
        "---\ntitle: T\n---\n\n# T\n\n---\n\n## Links\n\n"  # lines 1-10
        "```\n[hier](../a.md) ![](img/x.png)\n```\n\n"  # 11-14: an example in code
        "`[hier](../a.md)` <!-- [hier](../a.md) ![](img/x.png) -->\n"  # 15: code span, comment
        "Siehe [hier](../a.md) und ![](img/x.png)\n"  # 16
        '<img src="img/x.png">\n\n'  # 17: the same image again
        "[Leitfaden](../a.md)\n",  # 19
    )
    rules = Rules(require_notes=False, require_guide_link=True)
    assert [(f.location.line, f.code) for f in check_deck(deck, rules)] == [
        (16, "generic-link-text"),
        (16, "missing-alt"),
        (17, "missing-alt"),
    ]
