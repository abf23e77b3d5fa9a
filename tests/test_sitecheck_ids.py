"""Which ids a link can point to.

The checker skips the theme's navigation when it reads a page (Material's sidebar repeats
every page on every page). These tests show that nothing a link in the project needs is lost
by that, and that an id outside the article but outside the navigation still resolves.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from rendering import findings

from talk_kit.sitecheck.checker import check_site
from talk_kit.sitecheck.cli import main
from talk_kit.sitecheck.project import built_index, collect_project, open_project
from talk_kit.sitecheck.rendered import read_page
from talk_kit.sitecheck.site_index import scan_site
from talk_kit.sitecheck.theme_nav import NavBlocks, outside_navigation

FIXTURE = Path(__file__).parent / "fixtures" / "sitecheck" / "ids"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<nav class="md-nav"><input id="__nav_2"></nav><h2 id="a">A</h2>', {"a"}),
        (  # nested navigation: everything up to the outer </nav> is skipped
            '<nav><nav id="x"></nav><p id="y"></p></nav><p id="after"></p>',
            {"after"},
        ),
        (  # a <nav> written into the content belongs to the content
            '<nav id="menu"></nav><article><nav id="own"></nav><h2 id="a"></h2></article>',
            {"own", "a"},
        ),
        (
            '<header id="top-bar"><h2 id="kopf"></h2></header><nav id="n"></nav>',
            {"top-bar", "kopf"},
        ),
        ('<navbar id="bar"></navbar><nav-item id="item"></nav-item>', {"bar", "item"}),
        ('<p id="a"></p><nav><p id="b"></p>', {"a", "b"}),  # never closed: read after all
        (  # an article in an article: navigation up to the outer </article> is content
            '<article><article><nav id="in"></nav></article><nav id="still"></nav></article>'
            '<nav id="theme"></nav>',
            {"in", "still"},
        ),
        ('<article><nav id="own"></nav><h2 id="a"></h2>', {"own", "a"}),  # never closed
        ('<nav\nclass="x"><a name="sidebar"></a></nav><a name="alt"></a>', {"alt"}),
        (  # blanks before a closing tag's `>` are allowed: `</nav >` closes it too
            '<nav><nav id="x"></nav\n><p id="y"></p></nav ><p id="after"></p>',
            {"after"},
        ),
        (  # and `</article >` ends the content: the theme's navigation after it is skipped
            '<article><nav id="own"></nav></article\n><nav id="theme"></nav><p id="end"></p>',
            {"own", "end"},
        ),
    ],
    ids=[
        "sidebar",
        "nested",
        "content-nav",
        "header",
        "not-nav",
        "unclosed",
        "nested-articles",
        "unclosed-article",
        "newline",
        "blank-in-end-tag",
        "blank-in-article-end-tag",
    ],
)
def test_page_ids_skip_only_the_theme_navigation(html: str, expected: set[str]) -> None:
    assert read_page(html).ids == expected
    assert read_page(html.encode()).ids == expected  # files are read as bytes


def test_undecodable_bytes_in_the_navigation_cost_nothing() -> None:
    page = b'<nav><a href="\xff\xfe">x</a></nav><h2 id="\xc3\xbcber">x</h2>'
    assert read_page(page).ids == {"über"}


def section(number: int, active: int = -1) -> str:
    """One section of a sidebar as Material writes it: a nested <nav> of many entries, long
    enough to be remembered, with the entry of page `active` marked."""
    entries = "".join(
        f'<li class="md-nav__item"><a href="../s{number}/p{entry}/" class="md-nav__link'
        f'{" md-nav__link--active" if entry == active else ""}">Seite {entry}</a></li>'
        for entry in range(40)
    )
    return f'<nav class="md-nav" data-md-level="1"><ul>{entries}</ul></nav>'


def sidebar(active: tuple[int, int]) -> str:
    sections = "".join(
        f'<li><input id="__nav_{n}">{section(n, active[1] if n == active[0] else -1)}</li>'
        for n in range(6)
    )
    return f'<nav class="md-nav md-nav--primary"><ul>{sections}</ul></nav>'


def test_navigation_met_before_ends_where_it_ended() -> None:
    """Pages read one after another share what they learnt of the sidebar (`NavBlocks`):
    each page's ids are the same as when it is read alone, also where a block starts like one
    met before and then differs (it closes early, nests once more, is never closed)."""
    known = section(2)
    half = known.index("<li", len(known) // 2)
    padding = "<p>Text</p>" * 400  # longer than any block met before
    pages = [f'{sidebar(active)}<h1 id="p{active[1]}">T</h1>' for active in ((0, 1), (3, 5))]
    pages += [
        f'{known[:half]}</ul></nav><p id="after-early"></p>{padding}',
        f'{known[:half]}<nav><p id="in"></p></nav>{known[half:]}<p id="after-nested"></p>',
        f'{known[:half]}<p id="never-closed"></p>{padding}',
        f'{known}<p id="after-known"></p>',
    ]
    blocks = NavBlocks()
    read = [read_page(page, blocks).ids for page in pages]
    assert read == [read_page(page).ids for page in pages]
    assert read[2:] == [{"after-early"}, {"after-nested"}, {"never-closed"}, {"after-known"}]


def test_what_navigation_loads_is_read_also_where_its_block_was_met_before() -> None:
    """Images inside navigation (a logo, an avatar) are read on every page, from a stretch
    scanned there or from a block remembered from an earlier page, in any case; entries,
    section toggles (`<input type="checkbox">`) and an inline `<script>` load nothing."""
    logo = '<img src="https://logos.example.net/logo.png" alt="">'
    avatar = '<IMG SRC="https://avatars.example.org/jo.png" alt="">'
    pages = [
        f"<nav><script>var a = 1;</script>{logo}{sidebar((0, n))}</nav>"
        f'<nav class="md-post__meta">{avatar}</nav>'
        f'<nav>{section(4).replace("<ul>", "<ul>" + logo, 1)}</nav><h1 id="p{n}">T</h1>'
        for n in range(3)
    ]
    blocks = NavBlocks()
    for page in pages:
        loads = [(link.tag, link.url) for link in read_page(page, blocks).links]
        assert loads == [
            ("img", "https://logos.example.net/logo.png"),
            ("img", "https://avatars.example.org/jo.png"),
            ("img", "https://logos.example.net/logo.png"),
        ]
        assert read_page(page).links == read_page(page, blocks).links
    assert (
        outside_navigation(f"<nav><script>x</script>{sidebar((0, 1))}</nav>".encode()).loading == []
    )


def test_the_sections_around_a_page_are_skipped_in_one_comparison_each() -> None:
    """Read one after another, the pages of a sidebar skip the unchanged sections before and
    after their own as one stretch each (one remembered block met, however many sections the
    site has), and read what they read alone: also a logo between two sections, and where
    that logo differs on later pages."""

    def page(active: tuple[int, int], picture: str = "a") -> str:
        logo = f'<img src="https://logos.example.net/{picture}.png" alt="">'
        fourth = '<li><input id="__nav_3">'
        html = sidebar(active).replace(fourth, logo + fourth)
        return f'{html}<h1 id="p{active[0]}-{active[1]}">T</h1>'

    pages = [page((section, entry)) for section in range(6) for entry in range(3)]
    pages += [page((5, 0), "b"), page((2, 1), "b")]
    blocks = NavBlocks()
    met: list[int] = []
    known_end = blocks.known_end

    def counted(html: bytes, start: int) -> tuple[int, object]:
        end, loading = known_end(html, start)
        met.append(end)
        return end, loading

    blocks.known_end = counted  # type: ignore[method-assign]
    for number, html in enumerate(pages):
        met.clear()
        after_others = read_page(html, blocks)
        alone = read_page(html)
        assert (after_others.links, after_others.ids) == (alone.links, alone.ids)
        if number < 18 and number % 3 == 2:  # the last page of a section
            assert len([end for end in met if end >= 0]) <= 2, number
    assert [link.url for link in alone.links] == ["https://logos.example.net/b.png"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The fixture project, built strictly with Material and the checks plugin: a heading in
    the announcement bar, a sidebar. Returns the site and the build's log."""
    site = tmp_path_factory.mktemp("ids") / "site"
    config = str(FIXTURE / "mkdocs.yml")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert build.returncode == 0, build.stderr
    return site, build.stderr


def cli(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check", "--site-dir", str(site), str(FIXTURE / "mkdocs.yml")])
    return status, capsys.readouterr().out


@pytest.mark.slow
def test_link_to_a_heading_outside_the_article_resolves(
    built: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    site, log = built
    page = (site / "seite" / "index.html").read_bytes()
    article = page[page.index(b"<article") : page.rindex(b"</article>")]
    assert b'id="wichtiger-hinweis"' in page and b'id="wichtiger-hinweis"' not in article
    assert "sitecheck: 0 error(s), 0 warning(s)" in log  # the plugin, during the build
    status, out = cli(site, capsys)  # the CLI, on the built site
    assert (status, out.splitlines()[:-1]) == (0, [])
    assert "0 error(s), 0 warning(s)" in out


@pytest.mark.slow
def test_ids_inside_the_theme_navigation_are_no_link_targets(built: tuple[Path, str]) -> None:
    """`__toc`, the sidebar's checkbox, exists in the page but only inside the navigation."""
    site, _ = built
    page = (site / "seite" / "index.html").read_text("utf-8")
    assert 'id="__toc"' in page
    project, _, _ = open_project(FIXTURE / "mkdocs.yml")
    index = scan_site(site)
    index.sources.update(project.destinations())
    found = findings("[Menü](seite.md#__toc)\n", "neu.md", index)
    assert [finding.code for finding in found] == ["broken-anchor"]


def content_area(page: bytes) -> bytes:
    """Material's content area (posts of a blog index included), or the `<article>`, or the
    `<body>` of a page without them (a deck page is its slides)."""
    starts = (b'data-md-component="content"', b"<article", b"<body")
    start = next((page.index(marker) for marker in starts if marker in page), 0)
    ends = (b"</article>", b"</body>")
    end = next((page.rindex(marker) for marker in ends if marker in page), len(page))
    return page[start:end]


def check_with(site: Path, region: Callable[[bytes], bytes] | None) -> list[str]:
    """The project's findings, each page's ids read from `region` of it (None: as the
    checker reads them)."""
    project, _, settings = open_project(ROOT / "mkdocs.yml")
    settings.site_dir = site
    pages, decks, _ = collect_project(settings, project)
    index = built_index(site, decks, project.destinations())
    for output in sorted(index.outputs):
        page = index.page(output)
        if page is not None and region is not None:
            ids = read_page(region((site / output).read_bytes())).ids
            index.pages[output] = dataclasses.replace(page, ids=ids)
    shown = [page for page in pages if page.output in index.outputs]
    return [str(finding) for finding in check_site(settings, shown, decks, index).findings]


@pytest.mark.slow
def test_no_link_in_the_project_needs_an_id_outside_the_content(built_site: Path) -> None:
    """The ids the checker reads and the content's ids alone give the same findings, and
    none of them is a broken anchor; without ids, the fragment links break (so this test can
    fail)."""
    link_targets = check_with(built_site, None)
    content_only = check_with(built_site, content_area)
    assert link_targets == content_only
    assert not any("broken-anchor" in finding for finding in link_targets)
    without_ids = check_with(built_site, lambda page: b"")
    assert any("broken-anchor" in finding for finding in without_ids)


def test_links_know_whether_they_are_the_pages_content() -> None:
    """A link no source names is reported at `markdown_extensions:` inside the <article>,
    at `theme:` around it: the page says which."""
    page = (
        '<header><a href="theme/">Start</a></header>'
        '<article><div><p><a href="content/">Inhalt</a></p></div></article>'
        '<footer><img src="logo.svg" alt="Logo"></footer>'
    )
    assert [(link.url, link.in_content) for link in read_page(page).links] == [
        ("theme/", False),
        ("content/", True),
        ("logo.svg", False),
    ]


@pytest.mark.parametrize(
    "attribute",
    [
        'style="background: url(bild.png)"',
        "STYLE = 'background:url(\"bild.png\")'",
        'data-background="bild.png"',
        "Data-Background-Image = bild.png",
        'data-src="bild.png"',
        "DATA-BACKGROUND-VIDEO=bild.png",
    ],
)
def test_a_url_any_element_may_carry_is_read_however_it_is_spelled(attribute: str) -> None:
    """`style` and reveal.js' attributes put a URL on any element, in any case, with blanks
    around `=`; pages without them are read by tag, so their spelling must not hide one."""
    page = f'<article><h2 id="a">A</h2><div {attribute}>Text</div><a href="b/">B</a></article>'
    assert [(link.tag, link.url) for link in read_page(page).links] == [
        ("div", "bild.png"),
        ("a", "b/"),
    ]


def test_ids_and_link_texts_come_from_every_element() -> None:
    """Ids on any element and `<a name>`; a link's text with its child elements' text."""
    page = '<main><p id="p1">x</p><a name="alt">y</a><a href="z/"><b>Fett</b> und mehr</a></main>'
    read = read_page(page)
    assert read.ids == {"p1", "alt"}
    assert [link.text for link in read.links] == ["Fett und mehr"]
