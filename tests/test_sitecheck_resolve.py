"""Link resolution against a hand-made site index: the rules of link checking.

Each page is rendered by MkDocs' own `Page` (so MkDocs rewrites the links it resolves) and the
checker reads the rendered HTML, as in a build."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import address
from rendering import findings

from talk_kit.sitecheck.rendered import RenderedPage, read_page
from talk_kit.sitecheck.site_index import SiteIndex


def index(use_directory_urls: bool = True) -> SiteIndex:
    pages = ["index.md", "sub/page.md", "sub/index.md", "my file.md"]
    sources = {uri: address(uri, use_directory_urls) for uri in pages}
    sources.update({"img/x.png": "img/x.png", "blog/posts/moved.md": "blog/posts/moved/"})
    outputs = {
        "index.html",
        "img/x.png",
        *(
            f"{url}index.html" if url.endswith("/") else url
            for uri, url in sources.items()
            if uri.endswith(".md") and "moved" not in uri and url
        ),
    }
    ids = frozenset({"über-uns", "a", "a_1"})
    pages = {out: RenderedPage((), ids, "") for out in outputs if out.endswith(".html")}
    return SiteIndex(sources=sources, outputs=outputs, pages=pages)


def codes(text: str, src: str = "sub/page.md", site: SiteIndex | None = None, **kw: object) -> list:
    found = findings(text, src, site or index(), **kw)  # type: ignore[arg-type]
    return [("ext", f.message) if f.code == "ext" else (f.location.line, f.code) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[a](../my%20file.md)", []),  # my%20file.md is `my file.md`
        ("[a](index.md/)", []),  # page.md/ is page.md
        ("[a](../index.md?x=1#%C3%BCber-uns)", []),  # query ignored, fragment decoded
        ("[a](#top) [b](#) [c](?q#a)", []),
        ("[a](../blog/posts/moved.md)", [(1, "unmapped-page")]),
        ("[a](/sub/page/#a)", []),  # root-absolute, site at /
        ("[a](mailto:x@example.org) [b](tel:123)", []),
        (
            "[a](https://example.org/x) [b](//example.org/y)",
            [("ext", "https://example.org/x"), ("ext", "https://example.org/y")],
        ),
        ('<a href="../img/x.png">x</a>', [(1, "broken-link")]),  # from sub/page/ that is sub/img
        ('<a href="../../img/x.png">x</a>', []),
        ("[a](../IMG/x.png)", [(1, "case-mismatch")]),
        ("[a](#a_1)", [(1, "fragile-anchor")]),
    ],
)
def test_resolution(text: str, expected: list) -> None:
    assert codes(text) == expected


def test_root_absolute_links_honour_the_site_path() -> None:
    assert codes("[a](/docs/sub/page/)", site_path="/docs/") == []
    assert codes("[a](/sub/page/)", site_path="/docs/") == [(1, "outside-site")]  # a warning


def test_without_directory_urls() -> None:
    site = index(use_directory_urls=False)
    assert codes("[a](index.md#a) [b](../index.md)", site=site, use_directory_urls=False) == []
    assert codes('<a href="page.html#nope">x</a>', site=site, use_directory_urls=False) == [
        (1, "broken-anchor")
    ]


def test_ids_come_from_the_html_not_from_escaped_code_or_meta_names() -> None:
    html = (
        '<meta name="viewport"><h2 id="echt">x</h2><a name="alt"></a>'
        "<pre><code>&lt;h2 id=\"falsch\"&gt;</code></pre><p id='q&amp;a'>"
    )
    assert read_page(html).ids == {"echt", "alt", "q&a"}


def messages(text: str, src: str = "sub/page.md", site: SiteIndex | None = None) -> list[str]:
    return [f"{f.code}: {f.message}" for f in findings(text, src, site or index())]


def test_a_page_outside_the_docs_folder_is_named_so() -> None:
    assert messages("[a](../../a.md)") == [
        "broken-link: '../../a.md' points outside the site: from 'sub/page.md' it leaves the "
        "docs folder, which is all the site publishes"
    ]


def test_decomposed_umlauts_are_named_as_such() -> None:
    site = index()
    site.sources["übersicht.md"] = "übersicht/"
    site.outputs.add("übersicht/index.html")
    decomposed = unicodedata.normalize("NFD", "übersicht.md")
    [message] = messages(f"[a](../{decomposed})", site=site)
    assert message.startswith("unicode-mismatch: ")
    assert "decomposed (NFD)" in message and "composed (NFC)" in message


def test_missing_pages_and_anchors_get_the_nearest_suggestion() -> None:
    assert messages("[a](../indx.md) [b](../index.md#uber-uns)") == [
        "broken-link: '../indx.md': page 'indx.md' not found (did you mean '../index.md'?)",
        "broken-anchor: '../index.md#uber-uns': no id 'uber-uns' on index.html "
        "(did you mean '../index.md#über-uns'?)",
    ]
