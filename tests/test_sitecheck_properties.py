"""Property tests: no input makes the deck parser or the checker raise, and reading pages
one after another (`theme_nav.NavBlocks`) changes nothing that is read."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from mkdocs.structure.files import File
from rendering import findings

from talk_kit.decks.model import parse_deck
from talk_kit.sitecheck.checker import check_site, register_decks
from talk_kit.sitecheck.config import Settings
from talk_kit.sitecheck.rendered import HTML_PARSER, read_page, subtree_links
from talk_kit.sitecheck.site_index import SiteIndex
from talk_kit.sitecheck.theme_nav import NavBlocks, outside_navigation

PIECES = st.sampled_from(
    [
        "---",
        "----",
        "```",
        "~~~",
        "Note:",
        "# Titel",
        "## {{ title }}",
        "{{ nope }}",
        '--8<-- "other.md"',
        '--8<-- "talk.md"',
        "- Punkt",
        "    eingerückt",
        "[a](b.md#c)",
        "![](img/x.png)",
        '<a href="x.md#/1/2">x</a>',
        "[x](#/9) [y](talk.md#/push) [z](%zz)",
        '<!-- .slide: id="a" class="section" -->',
        "[ref]: <",
        "`code",
        "\\[",
        "duration: 5",
        "title: [",
        "",
    ]
)
MARKDOWN = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=40).map("\n".join)
FRONT_MATTER = st.one_of(
    st.just(""),
    st.text(max_size=60).map(lambda text: f"---\n{text}\n---\n"),
    st.sampled_from(
        [
            "---\ntitle: T\nduration: 10\ncheck: {max_words: 5}\n---\n",
            "---\ntitle: T\ncheck: [1]\nduration: x\n---\n",
            "---\n- 1\n---\n",
            "---\ntitle: T\nrevealjs: {hashOneBasedIndex: true}\ncheck: {severity: {x: y}}\n---\n",
        ]
    ),
)


def project(root: Path) -> Settings:
    (root / "slides").mkdir(exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    return Settings(
        root=root, docs_dir=root / "docs", site_dir=root / "site", decks_source=root / "slides"
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=FRONT_MATTER, body=MARKDOWN, other=MARKDOWN, raw=st.binary(max_size=80))
def test_parser_and_checker_never_raise(front: str, body: str, other: str, raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = project(root)
        (root / "slides" / "talk.md").write_text(front + body, encoding="utf-8")
        (root / "slides" / "other.md").write_text(other, encoding="utf-8")
        (root / "slides" / "raw.md").write_bytes(raw)
        decks = [
            parse_deck(root / "slides" / name, root) for name in ("talk.md", "other.md", "raw.md")
        ]
        for deck in decks:
            assert (
                len(deck.markdown_locations) == len(deck.markdown.split("\n")) or not deck.markdown
            )
            assert all(finding.location.line >= 1 for finding in deck.findings)
        index = SiteIndex(outputs={"index.html", "img/x.png"}, sources={"index.md": ""})
        shown = [(deck, File(f"folien/{deck.name}.md", "docs", "site", True)) for deck in decks]
        register_decks(index, shown)
        result = check_site(config, [], shown, index)
        found = result.findings + findings(front + body, "index.md", index)  # a guide page
        assert all(str(finding).count(": ") >= 3 for finding in found)
        # The parser's last resort turns a crash into a finding; here that is a failure.
        crashes = [finding for finding in found if finding.code == "internal-error"]
        assert crashes == []


# Long blocks (over theme_nav's 2 KB), so that pages read one after another remember them:
# a sidebar section, and a drawer with a logo (as Material's).
_SECTION = "<nav><ul>" + "".join(f'<li><a href="p{n}/">Seite {n}</a></li>' for n in range(60))
HTML_PIECES = st.sampled_from(
    [
        "<nav>",
        "<nav class='md-nav'>",
        "</nav>",
        "</nav >",
        "<navigation>",
        "<article>",
        "</article>",
        '<img src="https://logos.example.net/a.png">',
        "<IMG SRC=b.png>",
        '<source srcset="c.png 2x">',
        "<img alt='src'>",
        "<script>src</script>",
        '<a href="d/#e">d</a>',
        '<h2 id="f">F</h2>',
        "<img",
        "src",
        "<",
        ">",
        _SECTION,
        _SECTION + "</ul></nav>",
        f'<nav><img src="logo.png">{_SECTION}</ul></nav></nav>',
    ]
)
HTML = st.lists(st.one_of(HTML_PIECES, st.text(max_size=10)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(theme=HTML, own=st.lists(HTML, min_size=2, max_size=4))
def test_pages_read_in_a_row_read_as_each_alone(theme: str, own: list[str]) -> None:
    """However navigation nests (unclosed, stray end tags, a remembered block that differs
    later), a page read after others that share its theme part gives the links, loads and
    ids it gives alone, and the ranges `theme_nav` hands back lie in the page, in order."""
    blocks = NavBlocks()
    for text in own:
        page = (theme + text).encode()
        alone = read_page(page)
        after_others = read_page(page, blocks)
        assert (after_others.links, after_others.ids) == (alone.links, alone.ids)
        split = outside_navigation(page)
        for ranges in (split.outside, split.loading):
            flat = [position for pair in ranges for position in pair]
            assert flat == sorted(flat) and all(0 <= at <= len(page) for at in flat)


SLIDE_PIECES = st.sampled_from(
    [
        '<p><a href="../a/#b">a</a></p>',
        "<a href='x.md'><code>x</code></a>",
        '<a aria-label="Name" href="y/">',
        "</a>",
        '<img src="img/x.png" alt="x">',
        '<img srcset="a.png 1x, b.png 2x">',
        '<div data-background="https://bg.example.net/x.jpg">',
        '<div data-background="#fff">',
        '<DIV DATA-SRC="lazy.png">',
        "<span style=\"background: url('s.png')\">",
        "<style>@import 'i.css'; p { background: url(u.png) }</style>",
        "<article>",
        "</article>",
        '<section data-background-image="n.png">',
        "</section>",
        "</div>",
        "<!-- <a href='hidden/'> -->",
        '<link rel="stylesheet" href="l.css">',
        "<iframe src='f.html'></iframe>",
        "<pre><code>&lt;a href='no/'&gt;</code></pre>",
        "<",
        ">",
    ]
)
SLIDE_HTML = st.lists(st.one_of(SLIDE_PIECES, st.text(max_size=10)), max_size=25).map("".join)


@settings(max_examples=150, deadline=None)
@given(body=SLIDE_HTML)
def test_a_slide_read_from_its_deck_page_reads_as_its_fragment_parsed_alone(body: str) -> None:
    """A built slide's links taken from the deck page's tree (`--site-dir`) are those of its
    content written out and parsed again, in order (where `in_content` is not read)."""
    page = read_page(f'<div class="slides"><section>{body}</section></div>').links
    root = etree.fromstring(f"<div class='slides'><section>{body}</section></div>", HTML_PARSER)
    section = root.find(".//section")
    if section is None:
        return  # the parser moved the section elsewhere
    written = (section.text or "") + "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in section
    )
    reparsed = [replace(link, in_content=False) for link in read_page(written).links]
    assert list(subtree_links(list(section))) == reparsed
    assert {link.url for link in reparsed} <= {link.url for link in page}
