"""What a phone reads first in every page (issue 20), without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talk_kit.csp import plugin as csp
from talk_kit.guide import phone

LONG_POLICY = "default-src 'none'; script-src 'self' " + " ".join(["'sha256-x'"] * 100)


def test_the_charset_stays_in_the_first_kilobyte_before_a_long_policy() -> None:
    """A page opened from the file system has no HTTP header that names its encoding: the
    browser looks for `<meta charset>` in the first 1,024 bytes only."""
    page = '<!doctype html><html><head>\n    <meta charset="utf-8"><script>x()</script></head>'
    html = csp.with_policy(page, LONG_POLICY)
    assert html.index('<meta charset="utf-8">') < 1024
    assert html.index('<meta charset="utf-8">') < html.index('http-equiv="Content-Security')
    assert html.index('http-equiv="Content-Security') < html.index("<script>")


def test_without_a_charset_first_the_policy_opens_the_head() -> None:
    page = "<html><head><script>x()</script><meta charset=utf-8></head>"
    html = csp.with_policy(page, LONG_POLICY)
    assert html.startswith('<html><head><meta http-equiv="Content-Security-Policy"')


# --- the small stylesheets in the page, the indentation out of it ---------------------------

COLORS = {"scheme": {"default", "slate"}, "primary": {"indigo"}, "accent": {"deep-orange"}}


def test_the_palette_keeps_the_rules_of_the_pages_colours_only() -> None:
    css = (
        "[data-md-color-primary=indigo]{--p:#4051b5}[data-md-color-primary=red]{--p:red}"
        '[data-md-color-accent="deep-orange"] a,[data-md-color-accent=pink] a{--a:1}'
        "@media screen{[data-md-color-scheme=slate][data-md-color-primary=red]{--x:1}}"
        "@media screen{[data-md-color-scheme=slate][data-md-color-primary=indigo]{--y:1}}"
        ":not([data-md-color-primary=red]) b{--z:1}"
        '@font-face{font-family:"a{b"}'
        '.plain{content:"[data-md-color-primary=red]{"}'
    )
    pruned = phone.prune_colors(css, COLORS)
    assert pruned == (
        "[data-md-color-primary=indigo]{--p:#4051b5}"
        '[data-md-color-accent="deep-orange"] a{--a:1}'
        "@media screen{[data-md-color-scheme=slate][data-md-color-primary=indigo]{--y:1}}"
        ":not([data-md-color-primary=red]) b{--z:1}"  # leaving it out would change a match
        '@font-face{font-family:"a{b"}'
        '.plain{content:"[data-md-color-primary=red]{"}'  # a string, not a selector
    )


def test_the_colours_are_read_from_the_page() -> None:
    page = (
        '<body data-md-color-scheme="default" data-md-color-primary="indigo">'
        '<input data-md-color-scheme="slate" data-md-color-accent="deep-orange">'
    )
    assert phone.page_colors(page) == COLORS


SHEETS = {
    "a/small.css": "/* note */ .a{color:red}",
    "a/big.css": ".b{color:blue}" * 100,
    "a/image.css": ".c{background:url(img.png)}",
}
PAGE_HEAD = (
    "<html><head>"
    '<link rel="stylesheet" href="a/main.css">'
    '<link rel="stylesheet" href="a/small.css">'
    '<link rel="stylesheet" href="a/big.css">'
    '<link rel="stylesheet" href="a/image.css">'
    '<link rel="stylesheet" href="a/small.css" media="print">'
    "</head><body>"
    '<link rel="stylesheet" href="a/small.css">'
    "</body></html>"
)


def test_small_stylesheets_are_written_in_where_their_link_was() -> None:
    html = phone.inline_stylesheets(PAGE_HEAD, SHEETS.get, limit=1000)
    head, body = html.split("</head>")
    assert head == (
        "<html><head>"
        '<link rel="stylesheet" href="a/main.css">'  # unknown: stays a link
        "<style>.a{color:red}</style>"  # in the same place, the cascade keeps its order
        '<link rel="stylesheet" href="a/big.css">'  # over the limit
        '<link rel="stylesheet" href="a/image.css">'  # url() would be read from the page
        '<link rel="stylesheet" href="a/small.css" media="print">'  # a media query
    )
    assert '<link rel="stylesheet" href="a/small.css">' in body  # only the head's


def test_the_indentation_between_tags_goes_and_pre_and_scripts_stay() -> None:
    page = (
        "<div>\n    <p>Ein   Satz\n      mit Umbruch</p>\n\n    "
        "<pre><code>  a\n    b\n</code></pre>\n  <script>\n  if (a)\n    b()\n</script>  \n  "
        "<span>x</span> <span>y</span>\n</div>"
    )
    assert phone.collapse_blanks(page) == (
        "<div>\n<p>Ein   Satz\nmit Umbruch</p>\n<pre><code>  a\n    b\n</code></pre>"
        "\n<script>\n  if (a)\n    b()\n</script>\n<span>x</span> <span>y</span>\n</div>"
    )


GUIDE_PAGES = ["index.html", "recht/impressum/index.html", "folien/index.html", "404.html"]


@pytest.mark.parametrize("path", GUIDE_PAGES)
def test_a_guide_page_links_only_materials_main_stylesheet(built_site: Path, path: str) -> None:
    """The palette and the site's stylesheet are in the page, allowed by the policy's hashes;
    the scripts are deferred, the one that holds the search index back runs before them."""
    html = (built_site / path).read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(links) == 1 and re.search(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css$", links[0])
    styles = re.findall(r"<style>(.*?)</style>", head, re.S)
    assert len(styles) == 2
    assert "[data-md-color-scheme=slate][data-md-color-primary=indigo]" in styles[0]
    assert "[data-md-color-primary=red]" not in styles[0]
    assert ".page-stand" in styles[1] and "/*" not in styles[1]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    style_sources = re.search(r"style-src ([^;]*)", policy).group(1).split()
    assert all(csp.sha256(style) in style_sources for style in styles)
    scripts = re.findall(r"<script src=\"([^\"]+)\"([^>]*)>", html)
    assert scripts and all(attributes == " defer" for _, attributes in scripts)
    assert html.index("XMLHttpRequest.prototype.send") < html.index(scripts[0][0])
    assert "\n    <" not in html.split("<article")[0]  # no indentation before the content
