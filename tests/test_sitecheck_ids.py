"""Which ids a link can point to, and the CLI's cache of them.

The checker skips the theme's navigation when it reads a page's ids (Material's
sidebar repeats every page on every page). These tests show that nothing a link in
the project needs is lost by that, that an id outside the article but outside the
navigation still resolves, and that the cache never answers for a changed file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, address

import talk_kit.sitecheck.id_cache
from talk_kit.sitecheck.checker import check_site
from talk_kit.sitecheck.cli import main
from talk_kit.sitecheck.documents import page_document
from talk_kit.sitecheck.links import check_document_links
from talk_kit.sitecheck.markdown_links import extract_links
from talk_kit.sitecheck.project import collect_project, open_project
from talk_kit.sitecheck.site_index import SiteIndex, id_loader, link_target_ids, scan_ids

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
        ('<nav\nclass="x"><a name="sidebar"></a></nav><a name="alt"></a>', {"alt"}),
    ],
    ids=["sidebar", "nested", "content-nav", "header", "not-nav", "unclosed", "newline"],
)
def test_link_target_ids_skip_only_the_theme_navigation(html: str, expected: set[str]) -> None:
    assert link_target_ids(html) == expected
    assert link_target_ids(html.encode()) == expected  # files are read as bytes


def test_undecodable_bytes_in_the_navigation_cost_nothing() -> None:
    page = b'<nav><a href="\xff\xfe">x</a></nav><h2 id="\xc3\xbcber">x</h2>'
    assert link_target_ids(page) == {"über"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The fixture project, built strictly with Material and the checks hook: a heading in
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


def test_link_to_a_heading_outside_the_article_resolves(
    built: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    site, log = built
    page = (site / "seite" / "index.html").read_bytes()
    article = page[page.index(b"<article") : page.rindex(b"</article>")]
    assert b'id="wichtiger-hinweis"' in page and b'id="wichtiger-hinweis"' not in article
    assert "sitecheck: 0 error(s), 0 warning(s)" in log  # the hook, during the build
    status, out = cli(site, capsys)  # the CLI, on the built site
    assert (status, out.splitlines()[:-1]) == (0, [])
    assert "0 error(s), 0 warning(s)" in out


def test_ids_inside_the_theme_navigation_are_no_link_targets(built: tuple[Path, str]) -> None:
    """`__toc`, the sidebar's checkbox, exists in the page but only inside the navigation."""
    site, _ = built
    page = (site / "seite" / "index.html").read_bytes()
    assert "__toc" in scan_ids(page.decode())
    assert "__toc" not in link_target_ids(page)
    project, _, settings = open_project(FIXTURE / "mkdocs.yml")
    settings.site_dir = site
    _, _, index, _ = collect_project(settings, project)
    document = page_document("docs/neu.md", "neu.md", "[Menü](seite.md#__toc)\n", address("neu.md"))
    findings, _ = check_document_links(
        document, extract_links(document.text), index, settings.site_path
    )
    assert [finding.code for finding in findings] == ["broken-anchor"]


def counting(reads: list[Path]) -> Callable[[Path], frozenset[str] | None]:
    real = talk_kit.sitecheck.id_cache.read_ids

    def read(path: Path) -> frozenset[str] | None:
        reads.append(path)
        return real(path)

    return read


def test_second_run_reads_no_unchanged_page_and_a_changed_one_again(
    built: tuple[Path, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = tmp_path / "site"  # a site folder of its own: the cache has nothing for it yet
    shutil.copytree(built[0], site)
    reads: list[Path] = []
    monkeypatch.setattr(talk_kit.sitecheck.id_cache, "read_ids", counting(reads))
    first = cli(site, capsys)
    assert first[0] == 0 and reads  # the pages that links point to were read
    reads.clear()
    assert cli(site, capsys) == first
    assert reads == []  # all from the cache
    page = site / "seite" / "index.html"
    page.write_text(page.read_text("utf-8").replace('id="abschnitt"', 'id="anders"'), "utf-8")
    status, out = cli(site, capsys)
    assert reads == [page]  # only the changed file, and the change is seen
    assert status == 1 and "broken-anchor" in out and "'abschnitt'" in out


def test_cache_answers_only_for_its_own_site_folder(
    built: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another build of the project elsewhere must not be answered from this one's entries."""
    site, other = tmp_path / "site", tmp_path / "other"
    shutil.copytree(built[0], site)
    shutil.copytree(built[0], other)
    (other / "seite" / "index.html").write_text("<h1 id='seite'>leer</h1>", "utf-8")
    assert cli(site, capsys)[0] == 0
    status, out = cli(other, capsys)
    assert status == 1 and out.count("broken-anchor") == 5  # every fragment link into it
    assert cli(site, capsys)[0] == 0


def content_area(page: str) -> str:
    """The `<article>`, or the `<body>` of a page without one (a deck page is its slides)."""
    for start, end in (("<article", "</article>"), ("<body", "</body>")):
        if start in page:
            return page[page.index(start) : page.rindex(end)]
    return page


def ids_of(region: Callable[[str], str], read: list[str]) -> Callable[[SiteIndex, Path], Callable]:
    """A loader factory: the ids of `region` of each HTML page, noting which pages were read."""

    def loader(index: SiteIndex, site: Path) -> Callable[[str], frozenset[str] | None]:
        def load(output: str) -> frozenset[str] | None:
            if not output.endswith(".html") or output not in index.outputs:
                return None
            read.append(output)
            return scan_ids(region((site / output).read_text("utf-8")))

        return load

    return loader


def check_with(site: Path, loader: Callable[[SiteIndex, Path], Callable]) -> list[str]:
    project, _, settings = open_project(ROOT / "mkdocs.yml")
    settings.site_dir = site
    pages, decks, index, _ = collect_project(settings, project)
    index.load_ids = loader(index, site)
    return [str(finding) for finding in check_site(settings, pages, decks, index).findings]


def test_no_link_in_the_project_needs_an_id_outside_the_content(built_site: Path) -> None:
    """Every id of every page, the ids the checker reads, and the content's ids alone give
    the same findings, and none of them is a broken anchor."""
    read: list[str] = []
    every_id = check_with(built_site, ids_of(lambda page: page, read))
    link_targets = check_with(built_site, lambda index, site: id_loader(site, index.outputs))
    content_only = check_with(built_site, ids_of(content_area, read))
    assert every_id == link_targets == content_only
    assert not any("broken-anchor" in finding for finding in every_id)
    assert read  # links with fragments were resolved against page ids
    without_ids = check_with(built_site, lambda index, site: lambda output: frozenset())
    assert any("broken-anchor" in finding for finding in without_ids)  # so this test can fail


def small_site(folder: Path) -> Path:
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "index.html").write_text('<h2 id="eins"></h2>', "utf-8")
    return folder


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        '{"version": 0, "sites": {}}',
        '{"version": 1, "sites": []}',
        '{"version": 1, "sites": {"SITE": {"files": {"a/index.html": [1]}}}}',
        '{"version": 1, "sites": {"SITE": {"files": {"a/index.html": "x"}, "saved": "y"}}}',
    ],
    ids=["not-json", "old-version", "no-sites", "short-entry", "wrong-types"],
)
def test_a_damaged_cache_file_is_read_as_empty(tmp_path: Path, stored: str) -> None:
    site = small_site(tmp_path / "site")
    path = tmp_path / "ids.json"
    path.write_text(stored.replace("SITE", str(site.resolve())), "utf-8")
    cache = talk_kit.sitecheck.id_cache.IdCache(path, site)
    assert cache.read(site / "a" / "index.html") == {"eins"}
    cache.save({"a/index.html"})
    assert talk_kit.sitecheck.id_cache.IdCache(path, site).entries["a/index.html"][2] == ["eins"]


def test_the_cache_keeps_few_site_folders_and_forgets_deleted_ones(tmp_path: Path) -> None:
    path = tmp_path / "ids.json"
    sites = [small_site(tmp_path / f"site-{n}") for n in range(6)]
    for site in sites:
        cache = talk_kit.sitecheck.id_cache.IdCache(path, site)
        cache.read(site / "a" / "index.html")
        cache.save({"a/index.html"})
    kept = talk_kit.sitecheck.id_cache.IdCache(path, sites[0]).sites
    assert list(kept) == [
        str(site.resolve()) for site in sites[-talk_kit.sitecheck.id_cache.MAX_SITES :]
    ]
    shutil.rmtree(sites[-1])
    cache = talk_kit.sitecheck.id_cache.IdCache(path, sites[0])
    cache.read(sites[0] / "a" / "index.html")
    cache.save({"a/index.html"})
    assert str(sites[-1].resolve()) not in talk_kit.sitecheck.id_cache.IdCache(path, sites[0]).sites
