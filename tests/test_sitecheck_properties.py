"""Property tests: no input makes the deck parser or the checker raise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File
from rendering import findings

from talk_kit.decks.model import parse_deck
from talk_kit.sitecheck.checker import check_site, register_decks
from talk_kit.sitecheck.config import Settings
from talk_kit.sitecheck.site_index import SiteIndex

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
