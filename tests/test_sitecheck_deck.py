"""Deck parser: slides, routes, notes, includes and every problem as a finding."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from talk_kit.decks.model import Deck, german_date, parse_deck
from talk_kit.decks.pages import resolved_url
from talk_kit.sitecheck.built_decks import TARGET_WORD_RE, _BuiltDeck
from talk_kit.sitecheck.findings import Location
from talk_kit.sitecheck.site_index import SiteIndex

DECK = """\
---
title: Neue Medien
date: 2026-11-16
duration: 20
---

# {{ title }}

am {{ date }}

---

<!-- .slide: id="push-pull" class="content wide" -->
## Push und *Pull*

- erstens

```yaml
---
title: example

---

```

Note:
Sprechen Sie frei.

----

## Vertikal

---

<!-- .slide: class="section" -->
# Teil 2
"""


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / "slides" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def parse(root: Path, text: str | bytes, name: str = "talk.md") -> Deck:
    return parse_deck(write(root, name, text), root)


def codes(deck: Deck) -> list[tuple[str, int, str]]:
    return [(f.location.path, f.location.line, f.code) for f in deck.findings]


def test_slides_routes_titles_and_notes(tmp_path: Path) -> None:
    deck = parse(tmp_path, DECK)
    assert deck.name == "talk"
    assert deck.path == "slides/talk.md"
    assert [(s.index, s.h, s.v, s.title) for s in deck.slides] == [
        (0, 0, 0, "Neue Medien"),
        (1, 1, 0, "Push und Pull"),
        (2, 1, 1, "Vertikal"),
        (3, 2, 0, "Teil 2"),
    ]
    title, push, vertical, section = deck.slides
    assert title.title_line == Location("slides/talk.md", 7)
    assert push.slide_id == "push-pull"
    assert push.classes == ("content", "wide")
    assert push.notes == "Sprechen Sie frei."
    assert push.notes_lines[0] == Location("slides/talk.md", 26)
    assert "Note:" not in push.body
    assert [title.is_content, push.is_content, vertical.is_content, section.is_content] == [
        False,
        True,
        True,
        False,
    ]
    assert push.start == Location("slides/talk.md", 12)


def test_separator_in_fence_is_reported_not_split(tmp_path: Path) -> None:
    deck = parse(tmp_path, DECK)
    assert codes(deck) == [("slides/talk.md", 22, "separator-in-fence")]
    assert "title: example" in deck.slides[1].body


def test_markdown_is_expanded_and_mapped(tmp_path: Path) -> None:
    deck = parse(tmp_path, DECK)
    assert deck.markdown.splitlines()[1] == "# Neue Medien"
    assert "am 16. November 2026" in deck.markdown
    assert "title: Neue Medien" not in deck.markdown
    assert len(deck.markdown_locations) == len(deck.markdown.split("\n"))
    assert deck.markdown_locations[1] == Location("slides/talk.md", 7)
    assert deck.slide_at(1, 1) is not None and deck.slide_at(1, 2) is None
    assert deck.slide_with_element("push-pull") is deck.slides[1]


def test_include_maps_lines_to_included_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        "body.md",
        "---\ntitle: Body\n---\n## Eins\n\nText {{ event }}\n\n---\n\n## Zwei\n",
    )
    deck = parse(tmp_path, '---\ntitle: Event\nevent: IHK\n---\n\n--8<-- "body.md"\n', "event.md")
    assert codes(deck) == []
    assert [s.title for s in deck.slides] == ["Eins", "Zwei"]
    assert deck.slides[0].title_line == Location("slides/body.md", 4)
    assert "Text IHK" in deck.markdown
    assert deck.slides[1].body_location(3) == Location("slides/body.md", 10)


def test_include_problems(tmp_path: Path) -> None:
    write(tmp_path, "a.md", '## A\n\n--8<-- "b.md"\n')
    write(tmp_path, "b.md", '## B\n\n--8<-- "a.md"\n')
    deck = parse(tmp_path, '---\ntitle: T\n---\n--8<-- "a.md"\n\n--8<-- "gone.md"\n')
    assert codes(deck) == [
        ("slides/b.md", 3, "include-cycle"),
        ("slides/talk.md", 6, "missing-include"),
    ]


def test_unknown_placeholder(tmp_path: Path) -> None:
    deck = parse(tmp_path, "---\ntitle: T\n---\n# T\n\n{{ speaker }} und {{title}}\n")
    assert codes(deck) == [("slides/talk.md", 6, "unknown-placeholder")]
    assert "{{ speaker }} und T" in deck.markdown


def test_bad_front_matter_variants(tmp_path: Path) -> None:
    # One problem, one line: broken YAML is not also reported as a missing title.
    assert codes(parse(tmp_path, "---\ntitle: [unclosed\n---\n# A\n")) == [
        ("slides/talk.md", 2, "front-matter"),
    ]
    assert codes(parse(tmp_path, "---\n- a list\n---\n# A\n"))[0] == (
        "slides/talk.md",
        2,
        "front-matter",
    )
    assert codes(parse(tmp_path, "---\ntitle: x\n# never closed\n")) == [
        ("slides/talk.md", 1, "front-matter"),
    ]
    assert codes(parse(tmp_path, "# no front matter\n")) == [("slides/talk.md", 1, "front-matter")]


def test_unclosed_fence(tmp_path: Path) -> None:
    deck = parse(tmp_path, "---\ntitle: T\n---\n# A\n\n```\ncode\n\n---\n\n# B\n")
    assert codes(deck) == [
        ("slides/talk.md", 6, "unclosed-fence"),
        ("slides/talk.md", 9, "separator-in-fence"),
    ]
    assert len(deck.slides) == 1


def test_empty_non_utf8_and_huge_files(tmp_path: Path) -> None:
    assert codes(parse(tmp_path, "")) == [("slides/talk.md", 1, "empty-file")]
    deck = parse(tmp_path, b"---\ntitle: T\n---\n# A\n\n\xff\xfe broken\n")
    assert codes(deck) == [("slides/talk.md", 6, "encoding")]
    assert deck.slides[0].title == "A"
    huge = parse(tmp_path, "# A\n" + "x" * 2_100_000)
    assert codes(huge) == [("slides/talk.md", 1, "file-too-large")]
    assert parse_deck(tmp_path / "slides" / "missing.md", tmp_path).findings[0].code == "read-error"


def test_crlf_and_bom(tmp_path: Path) -> None:
    deck = parse(tmp_path, "\ufeff---\r\ntitle: T\r\n---\r\n# A\r\n\r\n---\r\n\r\n# B\r\n")
    assert codes(deck) == []
    assert [s.title for s in deck.slides] == ["A", "B"]
    assert deck.slides[1].title_line == Location("slides/talk.md", 8)


def test_german_date() -> None:
    import datetime as dt

    assert german_date(dt.date(2026, 3, 1)) == "1. März 2026"


def test_a_second_slide_comment_is_a_warning_at_its_line(tmp_path: Path) -> None:
    """reveal.js's Markdown plugin applies every `.slide:` comment; the build applies the
    first, so the attributes of a second one would silently be lost."""
    deck = parse(
        tmp_path,
        "---\ntitle: T\n---\n\n# T\n\n---\n\n"
        '<!-- .slide: id="a" class="x" -->\n## A\n\n'
        '```html\n<!-- .slide: id="im-code" -->\n```\n\n'  # an example, not a comment
        '<!-- .slide: data-background-color="#fff" class="y" -->\nText\n',
    )
    assert codes(deck) == [("slides/talk.md", 16, "duplicate-slide-attributes")]
    finding = deck.findings[0]
    assert finding.severity == "warning"
    assert 'data-background-color="#fff", class="y" are lost' in finding.message
    assert "(line 9)" in finding.message and "merge them into the first comment" in finding.message
    assert deck.slides[1].attributes == {"id": "a", "class": "x"}  # what the section gets
    assert codes(parse(tmp_path, DECK)) == [("slides/talk.md", 22, "separator-in-fence")]


def test_link_target_words_of_a_slide_source_are_whole_words() -> None:
    """`--site-dir` maps a built slide's URLs back to the words of its source: each word
    with a `.`, `/` or `#`, whole, between blanks, brackets and quotes."""
    source = 'Siehe (img/a.png), [x](../b.md#c) und "q.html" oder Text. ' + "a" * 5000 + ".svg"
    assert TARGET_WORD_RE.findall(source) == [
        "img/a.png",
        "../b.md#c",
        "q.html",
        "Text.",
        "a" * 5000 + ".svg",
    ]


def test_a_target_resolves_as_the_decks_plugin_resolves_it_whatever_its_anchor() -> None:
    """Read back from a built deck page (`--site-dir`), a slide's link is mapped to its
    source words by resolving each word once per file it names; the result is the decks
    plugin's for every word, anchors, queries and bare anchors included."""
    files = Files(
        [
            File(uri, "docs", "site", True)
            for uri in ("folien/talk.md", "folien/other.md", "guide/page.md", "folien/img/a.svg")
        ]
    )
    deck_file = files.get_file_from_path("folien/talk.md")
    built = _BuiltDeck(deck_file, files, SiteIndex(), {})
    words = [
        "other.md#/1",
        "other.md#/2",
        "other.md",
        "other.md#",
        "../guide/page.md#part",
        "../guide/page.md?x=1#part",
        "img/a.svg",
        "#/3",
        "#top",
        "https://example.net/other.md#/1",
        "/folien/other.md",
        "missing.md#/1",
        "Redaktionsplan.",
    ]
    for word in words:
        assert built.resolve(word) == resolved_url(word, deck_file, files), word
