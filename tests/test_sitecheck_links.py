"""Link extraction: every link a browser would follow, none inside code."""

from __future__ import annotations

from talk_kit.sitecheck.markdown_links import extract_links, mask_code


def targets(markdown: str) -> list[tuple[str, int, str]]:
    return [(link.target, link.line, link.kind) for link in extract_links(markdown)]


def test_inline_link_image_and_offsets() -> None:
    text = 'Intro\n\nSee [the guide](guide.md#start "Title") and ![Logo](img/logo.png).\n'
    links = extract_links(text)
    assert [(lk.target, lk.line, lk.kind, lk.text) for lk in links] == [
        ("guide.md#start", 3, "md-link", "the guide"),
        ("img/logo.png", 3, "md-image", "Logo"),
    ]
    for link in links:
        assert text[link.start : link.end] == link.target


def test_image_inside_link_gives_both() -> None:
    assert targets("[![Alt](a.png)](b.md)") == [("a.png", 1, "md-image"), ("b.md", 1, "md-link")]


def test_fenced_and_tilde_code_are_skipped() -> None:
    text = "```md\n[a](a.md)\n```\n\n~~~~\n[b](b.md)\n~~~~\n\n[c](c.md)\n"
    assert targets(text) == [("c.md", 9, "md-link")]


def test_indented_code_block_skipped_but_list_continuation_kept() -> None:
    text = "Para\n\n    [code](code.md)\n\n- item\n\n    [cont](cont.md)\n"
    assert targets(text) == [("cont.md", 7, "md-link")]


def test_inline_code_span_skipped() -> None:
    assert targets("Use `[x](x.md)` or ``[y](y.md)``, but [z](z.md).") == [("z.md", 1, "md-link")]


def test_reference_definitions_and_autolinks() -> None:
    text = "[text][ref]\n\n[ref]: other.md#part\n[^1]: a footnote\n<https://example.org/x>\n"
    assert targets(text) == [
        ("other.md#part", 3, "ref-def"),
        ("https://example.org/x", 5, "md-link"),
    ]


def test_raw_html_href_and_src_with_text() -> None:
    text = '<p>\n<a href="missing.md">Mehr <b>Infos</b></a> <img alt="Karte" src=\'map.png\'>\n</p>'
    links = extract_links(text)
    assert [(lk.target, lk.line, lk.kind, lk.text) for lk in links] == [
        ("missing.md", 2, "html-href", "Mehr Infos"),
        ("map.png", 2, "html-src", "Karte"),
    ]


def test_html_comment_is_not_a_link() -> None:
    assert targets('<!-- <a href="x.md">x</a> [y](y.md) -->\n[z](z.md)') == [("z.md", 2, "md-link")]


def test_escaped_bracket_and_angle_destination() -> None:
    text = "\\[no](no.md) [yes](<my file.md>) [p](a_(b).md)"
    assert targets(text) == [("my file.md", 1, "md-link"), ("a_(b).md", 1, "md-link")]


def test_unclosed_fence_hides_the_rest() -> None:
    assert targets("[a](a.md)\n```\n[b](b.md)\n") == [("a.md", 1, "md-link")]


def test_link_text_may_span_lines_but_not_paragraphs() -> None:
    assert targets("[a\nb](ab.md)") == [("ab.md", 2, "md-link")]
    assert targets("[a\n\nb](ab.md)") == []


def test_mask_keeps_offsets() -> None:
    text = "a `code` b\n```\nx\n```\n"
    masked = mask_code(text)
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert "code" not in masked
