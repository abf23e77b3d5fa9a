"""What an editor sees when something is wrong: one line per problem, at its file and line.

Each test breaks a copy of the project the way editors and event organisers do, builds it
strictly, and reads the output as a person would: no traceback, no MkDocs messages repeating
the checker's, no noise about deck routes, and every problem exactly once.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from project_copy import build, copy_project

from talk_kit.sitecheck.raw_html import unreadable_at
from talk_kit.sitecheck.sources import MAX_BYTES

pytestmark = pytest.mark.slow

FINDING = re.compile(r"^(?:ERROR|WARNING|INFO)\s+-\s+(\S+:\d+: (?:error|warning): [\w-]+: .*)$")
FINDING_LINE = re.compile(r"^\S+:\d+: (?:error|warning): [\w-]+: ")  # as the CLI prints it


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def findings(completed: subprocess.CompletedProcess[str]) -> list[str]:
    lines = (completed.stdout + completed.stderr).splitlines()
    return [match.group(1) for line in lines if (match := FINDING.match(line))]


def problems(completed: subprocess.CompletedProcess[str]) -> list[str]:
    """Every WARNING or ERROR line, and anything that looks like a traceback."""
    return [
        line
        for line in (completed.stdout + completed.stderr).splitlines()
        if line.startswith(("WARNING", "ERROR", "Traceback", "  File "))
    ]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


@pytest.fixture(scope="module")
def clean_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy with nothing wrong, built once: the project plus a link to a blog post, which
    moves to a dated address (`test_cli_maps_every_page_the_build_maps`)."""
    project = copy_project(tmp_path_factory.mktemp("clean"))
    faq = project / "docs" / "faq.md"
    faq.write_text(
        faq.read_text("utf-8") + "\n[Neuauflage](blog/posts/neuauflage-vortrag.md)\n",
        encoding="utf-8",
    )
    return project, build(project)


def test_a_clean_build_says_nothing_but_the_summary(clean_build) -> None:
    _, completed = clean_build
    assert completed.returncode == 0, completed.stderr
    output = completed.stdout + completed.stderr
    assert problems(completed) == []
    assert "anchor" not in output  # MkDocs' notes about deck routes (#/push-pull) are gone
    assert re.search(r"sitecheck: 0 error\(s\), 0 warning\(s\)", output)


def test_guide_page_errors_are_findings_not_tracebacks(planted) -> None:
    project, _, returncode = planted
    assert returncode != 0
    snippet_line = line_of(project / GUIDE_ERRORS["include"], "gibt-es-nicht.md")
    link_line = line_of(project / GUIDE_ERRORS["include"], "[Kaputt](fehlt.md")
    tags_line = line_of(project / GUIDE_ERRORS["yaml"], "tags: [Kritik")
    found = [line for path in GUIDE_ERRORS.values() for line in findings_in(planted, path)]
    assert sorted(found) == sorted(
        [
            f"docs/quellen.md:{snippet_line}: error: missing-include: snippet "
            "'gibt-es-nicht.md' not found (looked in docs/_snippets)",
            f"docs/quellen.md:{link_line}: error: broken-link: 'fehlt.md#nirgends': page "
            "'fehlt.md' not found",
            "docs/erfolg-messen.md:11: error: encoding: not valid UTF-8 (byte 0xe9); "
            "save the file as UTF-8",
            f"docs/community.md:{tags_line}: error: front-matter: invalid YAML (while parsing "
            "a flow sequence): expected ',' or ']', but got '<stream end>'; check quotes, "
            "brackets and the indentation",
            "docs/neu.md:1: warning: not-in-nav: page is not in the navigation; add it under "
            "'nav:' in mkdocs.yml (e.g. '- Titel: neu.md'), or list it under 'not_in_nav:' if "
            "only links lead to it",
        ]
    )


def test_the_cli_finds_every_planted_problem_as_the_build_does(planted) -> None:
    """The CLI, which builds the project itself (from the config's folder, started elsewhere,
    into a folder of its own), says exactly what the build says, line for line."""
    project, found, _ = planted
    before = sorted(path.name for path in project.iterdir())
    cli = sitecheck_build(project)
    assert sorted(path.name for path in project.iterdir()) == before  # built elsewhere
    from_cli = [line for line in cli.stdout.splitlines() if FINDING_LINE.match(line)]
    assert sorted(from_cli) == sorted(found)
    assert cli.returncode == 1


HOSTILE_DECK = "slides/fremd.md"
BROKEN_EVENT_DECK = "slides/neue-medien-neue-chancen-ihre-veranstaltung.md"
SYMLINKS = {
    "docs/assets/geheim.txt": "symlink-outside",
    "docs/passwort.md": "symlink-outside",
    "slides/passwort.md": "symlink-outside",
    "docs/assets/schleife.png": "symlink-loop",
    "docs/innen.md": "not-in-nav",
    "docs/fremd/geheim.txt": "symlink-outside",  # in a linked folder
}
TEMPLATE = "overrides/partials/copyright.html"
UNREADABLE = "docs/redaktionsplan.md"  # text MkDocs' raw-HTML scan fails on, and a snippet with it
UNREADABLE_SNIPPET = "docs/_snippets/pdf-syntax.md"
UNREADABLE_POST = "docs/blog/posts/neuauflage-vortrag.md"  # the blog plugin reads it itself
OVERSIZED = "docs/riesig.md"
GUIDE_ERRORS = {
    "include": "docs/quellen.md",
    "encoding": "docs/erfolg-messen.md",
    "yaml": "docs/community.md",
    "not-in-nav": "docs/neu.md",
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], int]:
    """One copy, built once, with the problems of the tests below, each in files of its own:
    - snippet includes of a symlink out of the content folders and of a symlink to itself,
      and a snippet with a broken link (in docs/faq.md);
    - a hostile deck (slides/fremd.md) and a broken front matter in another deck;
    - symlinks out of the content folders (a file's and a folder's), one to itself and one to
      a page inside;
    - broken links in a template every page uses (overrides/partials/copyright.html);
    - an oversized page (docs/riesig.md);
    - `<![` that MkDocs' raw-HTML scan fails on, in text, a code span and a snippet;
    - a missing snippet and a broken link, a byte that is not UTF-8, broken front matter and a
      page outside the navigation (`GUIDE_ERRORS`).
    Each test reads the findings of its files; `test_the_planted_problems_are_all_the_findings`
    checks that there are no others. Gives the project, the findings and the exit status."""
    project = copy_project(tmp_path_factory.mktemp("planted"))
    docs, slides = project / "docs", project / "slides"
    snippets = docs / "_snippets"
    (snippets / "passwort.md").symlink_to("/etc/passwd")
    (snippets / "schleife.md").symlink_to(snippets / "schleife.md")
    (snippets / "hinweis.md").write_text(
        "Ein Hinweis.\n\nSiehe [FAQ](faq.md) und [kaputt](fehlt.md).\n", encoding="utf-8"
    )
    faq = docs / "faq.md"
    faq.write_text(
        faq.read_text("utf-8")
        + '\n--8<-- "passwort.md"\n\n--8<-- "schleife.md"\n\n--8<-- "hinweis.md"\n',
        encoding="utf-8",
    )
    (project / HOSTILE_DECK).write_text(
        "---\ntitle: Fremd\nrevealjs:\n  cdn: https://cdn.example.org/reveal\n---\n\n# Fremd\n\n"
        '--8<-- "/etc/passwd"\n\n--8<-- "../../.git/config"\n\nIn C++: `enable_if_t<![`\n',
        encoding="utf-8",
    )
    deck = project / BROKEN_EVENT_DECK
    text = deck.read_text("utf-8")
    deck.write_text(text.replace("\nevent: ", "\nevent: [Gründerwoche ", 1), encoding="utf-8")
    (docs / "assets" / "geheim.txt").symlink_to("/etc/passwd")
    (docs / "passwort.md").symlink_to("/etc/passwd")
    (slides / "passwort.md").symlink_to("/etc/passwd")
    (docs / "assets" / "schleife.png").symlink_to(docs / "assets" / "schleife.png")
    (docs / "innen.md").symlink_to(docs / "glossar.md")  # inside: an ordinary page
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "geheim.txt").write_text("root:x:0:0:root:/root:/bin/sh\n", encoding="utf-8")
    (docs / "fremd").symlink_to(elsewhere, target_is_directory=True)
    template = project / "overrides" / "partials" / "copyright.html"
    template.write_text(
        template.read_text("utf-8")
        + '\n<a href="{{ \'gibt-es-nicht/\' | url }}">Kaputt</a>\n<a href="faq/">Relativ</a>\n',
        encoding="utf-8",
    )
    quellen = project / GUIDE_ERRORS["include"]
    quellen.write_text(
        quellen.read_text("utf-8") + '\n--8<-- "gibt-es-nicht.md"\n\n[Kaputt](fehlt.md#nirgends)\n',
        encoding="utf-8",
    )
    latin = project / GUIDE_ERRORS["encoding"]
    lines = latin.read_bytes().split(b"\n")
    lines[10] += b" caf\xe9"  # Latin-1, as an old editor saves it
    latin.write_bytes(b"\n".join(lines))
    community = project / GUIDE_ERRORS["yaml"]
    community.write_text(
        community.read_text("utf-8").replace("\n---\n", "\ntags: [Kritik\n---\n", 1),
        encoding="utf-8",
    )
    (project / GUIDE_ERRORS["not-in-nav"]).write_text("# Neue Seite\n\nText.\n", encoding="utf-8")
    planned = project / UNREADABLE
    planned.write_text(
        planned.read_text("utf-8")
        + "\nIn C++ steht std::enable_if_t<![ für eine Bedingung.\n\n"
        + 'Ein PDF-Objekt: `obj<![x` und\tnoch <![y.\n\n--8<-- "pdf-syntax.md"\n',
        encoding="utf-8",
    )
    (project / UNREADABLE_SNIPPET).write_text("Aus dem Baustein: <![z\n", encoding="utf-8")
    post = project / UNREADABLE_POST
    post.write_text(post.read_text("utf-8") + "\nIm Beitrag: <![b\n", encoding="utf-8")
    (docs / "riesig.md").write_text(
        "# Riesig\n\n" + "Wort *[IHK]* " * (MAX_BYTES // 10) + "\n", encoding="utf-8"
    )
    nav_entry = "  - Impressum: impressum.md\n"
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(nav_entry, nav_entry + "  - Riesig: riesig.md\n"),
        encoding="utf-8",
    )
    completed = build(project)
    assert not [line for line in problems(completed) if not FINDING.match(line)]
    return project, findings(completed), completed.returncode


PLANTED_FILES = (
    *GUIDE_ERRORS.values(),
    "docs/faq.md",
    "docs/_snippets/hinweis.md",
    HOSTILE_DECK,
    BROKEN_EVENT_DECK,
    *SYMLINKS,
    TEMPLATE,
    OVERSIZED,
    UNREADABLE,
    UNREADABLE_SNIPPET,
    UNREADABLE_POST,
)


def findings_in(planted: tuple[Path, list[str], int], path: str) -> list[str]:
    return [line for line in planted[1] if line.startswith(f"{path}:")]


HOSTILE_FINDINGS = [
    f"{HOSTILE_DECK}:3: error: external-asset: 'revealjs: cdn:' would make the deck load "
    "code or styles from another host, which the page leaves out; remove it, or allow it "
    "for the whole site with 'extra: decks: allow_external_assets: true' in mkdocs.yml",
    f"{HOSTILE_DECK}:9: error: include-outside: '/etc/passwd' is outside the content "
    "folders (slides/, docs/); includes may only read there",
    f"{HOSTILE_DECK}:11: error: include-outside: '../../.git/config' is outside the "
    "content folders (slides/, docs/); includes may only read there",
]


def test_the_planted_problems_are_all_the_findings(planted) -> None:
    """Nothing but the findings of the tests below, each once: the deck with the broken
    front matter has one, the other decks and pages none."""
    _, found, returncode = planted
    assert returncode != 0
    ours = [line for path in PLANTED_FILES for line in findings_in(planted, path)]
    assert sorted(found) == sorted(ours)
    assert len(findings_in(planted, BROKEN_EVENT_DECK)) == 1


def test_snippets_are_confined_to_the_content_folders(planted) -> None:
    project, _, returncode = planted
    assert returncode != 0
    in_faq = findings_in(planted, "docs/faq.md")
    codes = [line.split(": ")[2] for line in in_faq]
    assert codes == ["include-outside", "include-loop"], in_faq
    site = project / "site"
    pages = [path for path in site.rglob("*") if path.is_file()]
    assert not any("root:x:0" in path.read_text("utf-8", "replace") for path in pages)


def test_a_hostile_deck_is_refused_and_nothing_of_it_is_published(planted) -> None:
    project, _, returncode = planted
    assert returncode != 0
    assert findings_in(planted, HOSTILE_DECK) == HOSTILE_FINDINGS
    page = (project / "site" / "folien" / "fremd" / "index.html").read_text("utf-8")
    assert "root:x:0" not in page and "example.org" not in page
    index = (project / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "root:x:0" not in index


def test_deck_front_matter_errors_are_reported_once_at_their_line(planted) -> None:
    project, _, returncode = planted
    assert returncode != 0
    event_line = line_of(project / BROKEN_EVENT_DECK, "event: [")
    assert [line.split(": error: ")[0] for line in findings_in(planted, BROKEN_EVENT_DECK)] == [
        f"{BROKEN_EVENT_DECK}:{event_line}"
    ]


def test_symlinks_out_of_the_content_folders_are_not_published(planted) -> None:
    project, _, returncode = planted
    assert returncode != 0
    found = [line for path in SYMLINKS for line in findings_in(planted, path)]
    assert {line.split(": ")[0]: line.split(": ")[2] for line in found} == {
        f"{path}:1": code for path, code in SYMLINKS.items()
    }
    assert len(found) == len(SYMLINKS)
    site = project / "site"
    published = [path for path in site.rglob("*") if path.is_file()]
    assert not any("root:x:0" in path.read_text("utf-8", "replace") for path in published)
    assert (site / "innen" / "index.html").is_file()


def sitecheck_build(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`sitecheck check` (which builds the project) started from another folder."""
    command = [sys.executable, "-m", "talk_kit.sitecheck", "check", *options]
    return subprocess.run(
        [*command, str(project / "mkdocs.yml")], cwd="/", capture_output=True, text=True
    )


def test_cli_quotes_the_build_error_exactly(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  - tags\n", "  - gibt-es-nicht\n", 1), encoding="utf-8"
    )
    completed = sitecheck_build(project)
    assert completed.returncode == 1
    assert completed.stdout.splitlines()[0] == (
        "mkdocs.yml:1: error: config: Config value 'plugins': "
        'The "gibt-es-nicht" plugin is not installed'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Text <![ mehr", 5),
        ("a\n`obj<![x`", 6),
        ("<![CDATA[ x ]]> und <![if x]>y<![endif]>", None),  # sections the parser knows
        ("<p>ok</p> <![", None),  # unclosed at the end: left as text
        ("<b>fett</b> <!-- <![ --> x", None),  # in a comment
    ],
)
def test_the_raw_html_scan_fails_where_mkdocs_would(text: str, expected: int | None) -> None:
    assert unreadable_at(text) == expected


def test_text_mkdocs_cannot_scan_is_an_error_at_its_line_not_a_traceback(planted) -> None:
    """A `<![` that Python's HTML parser fails on (MkDocs' raw-HTML scan would stop the
    build): one error per line, in the page or in the snippet that writes it; the page is
    built and shows the text."""
    project, _, returncode = planted
    assert returncode != 0
    found = [
        line
        for path in (UNREADABLE, UNREADABLE_SNIPPET, UNREADABLE_POST)
        for line in findings_in(planted, path)
    ]
    assert [line.split(": ")[0] for line in found] == [
        f"{UNREADABLE}:{line_of(project / UNREADABLE, 'enable_if_t')}",
        f"{UNREADABLE}:{line_of(project / UNREADABLE, 'PDF-Objekt')}",
        f"{UNREADABLE_SNIPPET}:1",
        f"{UNREADABLE_POST}:{line_of(project / UNREADABLE_POST, 'Im Beitrag')}",
    ]
    assert all(": error: unreadable-html: MkDocs' raw-HTML scan fails" in line for line in found)
    # A deck's slides are rendered by the decks plugin, without MkDocs' scan: as written.
    assert len([line for line in planted[1] if ": unreadable-html: " in line]) == len(found)
    deck = (project / "site" / "folien" / "fremd" / "index.html").read_text("utf-8")
    assert "<code>enable_if_t&lt;![</code>" in deck
    assert "'In C++ steht std::enable_if_t<![ für eine Bedingung.'" in found[0]
    page = (project / "site" / "redaktionsplan" / "index.html").read_text("utf-8")
    assert "std::enable_if_t&lt;![ für eine Bedingung." in page
    assert "Aus dem Baustein: &lt;![z" in page


def test_links_in_snippets_and_templates_are_checked_at_their_own_lines(planted) -> None:
    project, _, returncode = planted
    assert returncode != 0
    lines = (project / TEMPLATE).read_text("utf-8").splitlines()
    # Checked on every page that uses the template, as the browser resolves it there: one
    # finding per template line, with the count.
    assert findings_in(planted, "docs/_snippets/hinweis.md") + findings_in(planted, TEMPLATE) == [
        "docs/_snippets/hinweis.md:3: error: broken-link: 'fehlt.md': page 'fehlt.md' not found",
        f"{TEMPLATE}:{len(lines) - 1}: error: broken-link: "
        "'gibt-es-nicht/': 'gibt-es-nicht/' not found in the site (on 43 pages, e.g. "
        "docs/anzeigen.md)",
        f"{TEMPLATE}:{len(lines)}: error: broken-link: 'faq/': "
        "'anzeigen/faq/' not found in the site (on 42 pages, e.g. docs/anzeigen.md)",
    ]


def test_cli_maps_every_page_the_build_maps(clean_build, tmp_path: Path) -> None:
    """Blog posts move to dated addresses; the CLI, reading the built site (`--site-dir`),
    asks MkDocs where each page went, as the build knows them. It ends MkDocs' run as the
    build does: the blog plugin's temporary folder is removed, not left behind in TMPDIR."""
    project, completed = clean_build
    assert completed.returncode == 0, completed.stderr
    cli = subprocess.run(
        [sys.executable, "-m", "talk_kit.sitecheck", "check", "--site-dir", "site", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert cli.returncode == 0, cli.stdout
    assert list(tmp_path.iterdir()) == []
    summary = re.compile(r"sitecheck: 0 error\(s\), 0 warning\(s\) .*checked (\d+) page")
    from_build = summary.search(completed.stderr)
    from_cli = summary.search(cli.stdout)
    assert from_build and from_cli
    pages = len([p for p in (project / "docs").rglob("*.md") if "_snippets" not in p.parts])
    assert int(from_cli.group(1)) == int(from_build.group(1)) == pages


def test_an_oversized_page_is_one_finding_not_a_stuck_build(planted) -> None:
    """One size limit (sitecheck.sources.MAX_BYTES) for the hook and the CLI's own reading of
    the sources (`--site-dir`): a huge one-line page would keep Python-Markdown busy for
    minutes."""
    project, _, returncode = planted
    assert returncode != 0
    size = (project / OVERSIZED).stat().st_size
    expected = (
        f"{OVERSIZED}:1: error: file-too-large: file is {size:,} bytes, more than the limit "
        f"of {MAX_BYTES:,}; split it into several pages"
    )
    assert findings_in(planted, OVERSIZED) == [expected]
    cli = subprocess.run(
        [sys.executable, "-m", "talk_kit.sitecheck", "check", "--site-dir", "site", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert expected in cli.stdout.splitlines()
