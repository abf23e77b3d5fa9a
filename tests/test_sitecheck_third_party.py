"""Third-party loads in built pages: each one an error at the page's source, none in the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from talk_kit.sitecheck.cli import main
from talk_kit.sitecheck.project import check_built_site, collect_project, open_project
from talk_kit.sitecheck.rendered import css_urls
from talk_kit.sitecheck.third_party import is_third_party

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../assets/site.css">
<link rel="canonical" href="https://other.example/a/">
{head}
</head><body><h1 id="a">A</h1>
<a href="https://other.example/read-me">a link is no load</a>
{body}
</body></html>
"""


def site(tmp_path: Path, pages: dict[str, tuple[str, str, str]], css: str = "") -> Path:
    """A project with docs/<name>.md and its built site/<name>/index.html."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: https://www.example.de/\n"
        "plugins:\n  - talk-kit/checks:\n      house_rules: true\n",
        "utf-8",
    )
    (tmp_path / "docs" / "assets").mkdir(parents=True)
    (tmp_path / "site" / "assets").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "site.css").write_text(css, "utf-8")
    (tmp_path / "site" / "assets" / "site.css").write_text(css, "utf-8")
    for name, (markdown, head, body) in pages.items():
        (tmp_path / "docs" / f"{name}.md").write_text(markdown, "utf-8")
        folder = tmp_path / "site" / name
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(PAGE.format(head=head, body=body), "utf-8")
    return tmp_path / "mkdocs.yml"


def findings(config: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["check", "--site-dir", str(config.parent / "site"), str(config)])
    return [line for line in capsys.readouterr().out.splitlines() if "third-party" in line]


def test_script_from_another_host_is_an_error_at_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = '<script src="https://cdn.example.org/lib.js"></script>'
    config = site(
        tmp_path,
        {
            "a": ("# A\n\nText\n\n" + script + "\n", "", script),
            "b": ("# B\n", '<script src="/assets/own.js"></script>', ""),
        },
    )
    assert findings(config, capsys) == [
        "docs/a.md:5: error: third-party-load: 'https://cdn.example.org/lib.js' (<script src>) "
        "is loaded from another host, cdn.example.org; serve it from the site itself or link "
        "to it instead"
    ]


def test_every_kind_of_load_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = (
        '<img src="//img.example.net/a.png" alt="a">'
        '<picture><source srcset="/ok.webp 1x, https://img.example.net/b.webp 2x"></picture>'
        '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>'
        '<video poster="https://media.example.net/p.jpg"><track src="https://t.example.net/t.vtt">'
        '</video><object data="https://o.example.net/o.swf"></object>'
        "<div style=\"background: url('https://bg.example.net/bg.png')\"></div>"
        "<style>@font-face { src: url(https://fonts.gstatic.com/s/x.woff2) }</style>"
        '<link rel="preconnect" href="https://fonts.googleapis.com">'
        '<img src="https://www.example.de/own.png" alt="own host">'
        '<img src="data:image/png;base64,AAAA" alt="inline">'
    )
    config = site(
        tmp_path,
        {"a": ("# A\n\n" + body + "\n", "", body), "b": ("# B\n", "", "")},
        css="@import url('https://fonts.googleapis.com/css?family=Lato');\n"
        "h1 { background: url(img/local.png) }",
    )
    lines = findings(config, capsys)
    loaded = [line.split("'")[1] for line in lines if line.startswith("docs/a.md:3:")]
    assert loaded == [
        "//img.example.net/a.png",
        "https://bg.example.net/bg.png",
        "https://fonts.googleapis.com",
        "https://fonts.gstatic.com/s/x.woff2",
        "https://media.example.net/p.jpg",
        "https://o.example.net/o.swf",
        "https://t.example.net/t.vtt",
        "https://www.youtube-nocookie.com/embed/x",
    ]
    assert "2 loads on 1 page(s)" in lines[0]  # a.png and b.webp: one host, one finding
    assert [line for line in lines if not line.startswith("docs/a.md:")] == [
        "docs/assets/site.css:1: error: third-party-load: "
        "'https://fonts.googleapis.com/css?family=Lato' (stylesheet assets/site.css) is loaded "
        "from another host, fonts.googleapis.com; serve it from the site itself or link to it "
        "instead"
    ]


def test_a_load_no_source_names_is_one_finding_at_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    font = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
    config = site(tmp_path, {"a": ("# A\n", font, ""), "b": ("# B\n", font, "")})
    lines = findings(config, capsys)
    assert lines == [
        "mkdocs.yml:1: error: third-party-load: 'https://fonts.googleapis.com/css?family=Roboto' "
        "(<link href>) is loaded from another host, fonts.googleapis.com; 2 loads on 2 page(s), "
        "e.g. docs/a.md; no file of the project names it: the theme or a plugin adds it "
        "(Material's Google Fonts: set 'font: false' under 'theme:'); serve it from the site itself"
    ]


def test_on_a_site_without_house_rules_a_load_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = '<script src="https://cdn.example.org/lib.js"></script>'
    config = site(tmp_path, {"a": ("# A\n\n" + script + "\n", "", script)})
    config.write_text("site_name: X\n", "utf-8")  # a stranger's project: nothing configured
    assert findings(config, capsys) == [
        "docs/a.md:3: warning: third-party-load: 'https://cdn.example.org/lib.js' (<script src>) "
        "is loaded from another host, cdn.example.org; serve it from the site itself or link "
        "to it instead"
    ]


def test_helpers() -> None:
    assert is_third_party("//cdn.example.org/x.js", "www.example.de")
    assert is_third_party("HTTPS://CDN.example.org/x.js", "")
    assert not is_third_party("https://WWW.example.de/x.js", "www.example.de")
    assert not is_third_party("/x.js", "")
    assert not is_third_party("mailto:a@example.org", "")
    assert css_urls("a{b:url( 'x.png' )} @import \"y.css\"; c{d:url(z.woff)}") == [
        "x.png",
        "z.woff",
        "y.css",
    ]


@pytest.mark.slow
def test_the_project_loads_nothing_from_other_hosts(built_site: Path) -> None:
    project, _, settings = open_project(ROOT / "mkdocs.yml")
    settings.site_dir = built_site
    pages, decks, _ = collect_project(settings, project)
    result = check_built_site(settings, pages, decks, project.destinations())
    assert result.pages > 30 and result.decks == 2
    assert [str(f) for f in result.findings if f.code == "third-party-load"] == []
