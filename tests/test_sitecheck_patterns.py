"""Patterns of real MkDocs sites (issue 19): the build and `sitecheck check` agree.

Each fixture project under `fixtures/sitecheck/patterns/` is one pattern the checker
met on public sites. Every project is copied once, built with `mkdocs build` (the
`talk-kit/checks` plugin logs its findings) and checked with the CLI, which builds the
project itself into a temporary folder (run from an unrelated folder, it builds as
`mkdocs build` does in the project's own folder), writing nothing into the project; the CLI
with `--site-dir` also checks the build's site. All must report the same lines: exactly the
expected `(path, line, severity, code)` and nothing else, with the counts the messages
promise. `stranger` lists no checker plugin and is checked with the CLI only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from talk_kit.sitecheck.cli import main, parser

ROOT = Path(__file__).resolve().parent.parent
PATTERNS_FOLDER = Path("tests") / "fixtures" / "sitecheck" / "patterns"
PATTERNS = ROOT / PATTERNS_FOLDER
LOG_PREFIXES = ("ERROR   -  ", "WARNING -  ", "INFO    -  ")
FINDING_RE = re.compile(
    r"^(?P<path>\S+):(?P<line>\d+): (?P<severity>error|warning): (?P<code>[\w-]+): "
    r"(?P<message>.*)$"
)

Key = tuple[str, int, str, str]  # path, line, severity, code


@dataclass(frozen=True)
class Case:
    expected: list[Key]
    # (path, line, code, text): a finding there whose message contains the text
    messages: list[tuple[str, int, str, str]] = field(default_factory=list)
    # host -> (path, line): exactly one third-party-load names the host, there
    hosts: dict[str, tuple[str, int]] = field(default_factory=dict)


CASES: dict[str, Case] = {
    # A link on a lazy continuation line of a list item, indented 8 spaces after a second
    # paragraph in the item: Python-Markdown renders an <a> (line 5 is the simpler form).
    "lazy-continuation": Case(
        expected=[
            ("docs/index.md", 5, "error", "broken-link"),
            ("docs/index.md", 13, "error", "broken-link"),
        ],
    ),
    # `auto_append` snippet with a relative link: fine from docs/, broken from docs/api/.
    "auto-append": Case(
        expected=[("snippets/footer.md", 3, "error", "broken-link")],
        messages=[("snippets/footer.md", 3, "broken-link", "on 2 pages")],
    ),
    # A snippet folder beside docs/: an included file, an appended file and a reference
    # definition from a snippet used by a page.
    "snippet-links": Case(
        expected=[
            ("snippets/appended.md", 3, "error", "broken-link"),
            ("snippets/included.md", 3, "error", "broken-link"),
            ("snippets/refs.md", 2, "error", "broken-link"),
        ],
        messages=[("snippets/appended.md", 3, "broken-link", "on 2 pages")],
    ),
    # `{{ 'about/#nope' | url }}` in a theme override: the fragment is checked too, and the
    # finding stays at the template although a page's prose names the same URL. A fragment
    # after a template expression (`{{ page.next_page.url | url }}#more`) is found at its line
    # too.
    "template-anchor": Case(
        expected=[
            ("overrides/main.html", 5, "error", "broken-anchor"),
            ("overrides/main.html", 6, "error", "broken-anchor"),
        ],
        messages=[
            ("overrides/main.html", 5, "broken-anchor", "on 2 pages"),
            ("overrides/main.html", 6, "broken-anchor", "'about/#more': no id 'more'"),
        ],
    ),
    # Slide backgrounds and `data-src` load from other hosts; a second attribute comment.
    # `--site-dir` reads the slides as the build rendered them (a wiki link the project's
    # extension makes; a slide's own <section>s and <aside>), and quotes links as written.
    "deck-built-slides": Case(
        expected=[
            ("slides/talk.md", 9, "warning", "missing-notes"),
            ("slides/talk.md", 11, "warning", "generic-link-text"),
            ("slides/talk.md", 15, "warning", "missing-guide-link"),
            ("slides/talk.md", 15, "warning", "missing-notes"),
            ("slides/talk.md", 17, "warning", "missing-alt"),
            ("slides/talk.md", 34, "warning", "missing-guide-link"),
            ("slides/talk.md", 34, "warning", "missing-notes"),
        ],
        messages=[
            ("slides/talk.md", 11, "generic-link-text", "about '../hier.md'"),
            ("slides/talk.md", 17, "missing-alt", "image './img/bild.svg'"),
        ],
    ),
    "deck-loads": Case(
        expected=[
            ("slides/talk.md", 12, "warning", "third-party-load"),
            ("slides/talk.md", 22, "warning", "third-party-load"),
            ("slides/talk.md", 34, "warning", "third-party-load"),
            ("slides/talk.md", 44, "warning", "duplicate-slide-attributes"),
        ],
        hosts={
            "images.example.com": ("slides/talk.md", 12),
            "embed.example.net": ("slides/talk.md", 22),
            "media.example.org": ("slides/talk.md", 34),
        },
    ),
    # Blog posts get their navigation from the blog plugin; a raw link leaving the site; an
    # author's avatar from another host, named in the blog plugin's `.authors.yml`.
    "blog": Case(
        expected=[
            ("docs/blog/.authors.yml", 5, "warning", "third-party-load"),
            ("docs/blog/posts/first.md", 11, "error", "broken-link"),
        ],
        # on the blog's index and in the sidebar (a <nav>) of the author's post
        messages=[("docs/blog/.authors.yml", 5, "third-party-load", "2 loads on 2 page(s)")],
        hosts={"avatars.example.org": ("docs/blog/.authors.yml", 5)},
    ),
    # Only the definition Python-Markdown renders (the last one, and only if used) counts.
    "reference-definitions": Case(
        expected=[("docs/index.md", 16, "error", "broken-link")],
    ),
    # special.html serves one page, from which its relative image resolves; pair.html
    # serves two pages, from neither of which its image resolves.
    "template-per-page": Case(
        expected=[("overrides/pair.html", 4, "error", "broken-link")],
        messages=[("overrides/pair.html", 4, "broken-link", "on 2 pages")],
    ),
    # `base_path: [snippets, .snippets]` beside docs/ is the project's own confinement.
    "snippets-beside-docs": Case(expected=[]),
    # Loads the theme adds are at `theme:`, `extra_javascript` at its entry, never in a
    # code fence that merely shows the URL; a logo from another host at `logo:`.
    "theme-loads": Case(
        expected=[
            ("mkdocs.yml", 2, "warning", "third-party-load"),
            ("mkdocs.yml", 2, "warning", "third-party-load"),
            ("mkdocs.yml", 4, "warning", "third-party-load"),
            ("mkdocs.yml", 6, "warning", "third-party-load"),
        ],
        messages=[
            ("mkdocs.yml", 2, "third-party-load", "theme"),
            # Material shows the logo only inside navigation: the header's and the drawer's
            ("mkdocs.yml", 4, "third-party-load", "2 loads on 1 page(s)"),
        ],
        hosts={
            "fonts.googleapis.com": ("mkdocs.yml", 2),
            "fonts.gstatic.com": ("mkdocs.yml", 2),  # the theme's <link rel="preconnect">
            "logos.example.net": ("mkdocs.yml", 4),
            "cdn.example.com": ("mkdocs.yml", 6),
        },
    ),
    # A link named by code (`link`, an option's self-link) is no generic text; `alt=""` written
    # out, on the page or in a template, is a decorative image; Markdown's `![](x)` has no
    # alt. The toc's permalinks, text "link", are in no file: at `markdown_extensions:`, not
    # at a line that merely has the word ("interlink"), another link with that text or a
    # longer anchor (`#notes_1` for `#notes`). The permalink of the repeated heading "Notes"
    # is no fragile anchor (the build makes it again); a page's link to it is.
    "names-and-decorations": Case(
        expected=[
            ("docs/further.md", 3, "warning", "fragile-anchor"),
            ("docs/index.md", 8, "warning", "missing-alt"),
            ("mkdocs.yml", 6, "warning", "generic-link-text"),
        ],
        messages=[("mkdocs.yml", 6, "generic-link-text", "a Markdown extension adds it")],
    ),
    # site_url https://example.org/docs/: /docs/… are site links, /other/… is elsewhere.
    "site-url-paths": Case(
        expected=[
            ("docs/index.md", 4, "error", "broken-link"),
            ("docs/index.md", 5, "warning", "outside-site"),
        ],
    ),
}

# The stranger's Material site, without the checker in its plugins (CLI only).
EMOJI_HOST = "cdn.jsdelivr.net"
EMOJI_LOADS = 65  # 13 lines of 5 emoji on docs/emoji.md
# No file names the emoji CDN: its first emoji, or the `markdown_extensions:` section that makes it.
EMOJI_PLACES = {("docs/emoji.md", 5), ("mkdocs.yml", 7), ("mkdocs.yml", 8)}
STRANGER_EXPECTED: list[Key] = [
    ("docs/extra.md", 1, "warning", "not-in-nav"),
    ("docs/index.md", 3, "warning", "missing-alt"),
    ("docs/index.md", 5, "warning", "generic-link-text"),
    ("mkdocs.yml", 2, "warning", "third-party-load"),  # Google Fonts' stylesheet
    ("mkdocs.yml", 2, "warning", "third-party-load"),  # and its preconnect
]
GERMAN_RE = re.compile(
    r"\b(?:Titel|Seiten?|nicht|gefunden|fehlt|Bild|Folien?|Vortrag|oder|und|Datei|Überschrift)\b"
)


@dataclass
class Check:
    """One in-process `sitecheck check --format json …` and what it left in the project."""

    status: int | None = None
    findings: list[dict] = field(default_factory=list)
    failure: str | None = None  # the CLI raised or printed no JSON
    written: list[str] = field(default_factory=list)  # files it added to the project

    def result(self) -> list[dict]:
        assert self.failure is None, self.failure
        return self.findings


@dataclass
class Run:
    name: str
    project: Path  # the copy the CLI checked (and built itself)
    build: subprocess.CompletedProcess[str]  # `mkdocs build` of another copy
    check: Check  # `sitecheck check mkdocs.yml`
    site_check: Check | None  # `sitecheck check --site-dir <the build's site> mkdocs.yml`

    def cli(self) -> list[dict]:
        return self.check.result()

    def built(self) -> list[dict]:
        """The findings `mkdocs build` logged, as the CLI's JSON has them."""
        findings = []
        for line in hook_lines(self.build.stderr):
            found = FINDING_RE.match(line)
            assert found is not None
            findings.append({**found.groupdict(), "line": int(found.group("line"))})
        return findings

    def of(self, source: str) -> list[dict]:
        return self.built() if source == "build" else self.cli()


def copy_fixture(name: str, root: Path) -> Path:
    """The fixture at the same depth below `root` as in the repository, so a deck's
    `node_modules: ../../../../../node_modules` reaches `root/node_modules`."""
    target = root / PATTERNS_FOLDER / name
    shutil.copytree(PATTERNS / name, target)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


@contextlib.contextmanager
def working_directory(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    return subprocess.run(
        [*command, "-d", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def check_in_process(project: Path, elsewhere: Path, *options: str) -> Check:
    """`sitecheck check --format json [options] mkdocs.yml`, run from an unrelated folder:
    the CLI builds the project as `mkdocs build` does in the project's own folder."""
    check = Check()
    before = listing(project)
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", "--format", "json", *options, str(project / "mkdocs.yml")]
    try:
        with (
            working_directory(elsewhere),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            check.status = main(argv)
        check.findings = json.loads(out.getvalue())["findings"]
    except (Exception, SystemExit) as exc:
        check.failure = f"CLI failed: {exc!r}\nstdout: {out.getvalue()}\nstderr: {err.getvalue()}"
    check.written = sorted(listing(project) - before)
    return check


def hook_lines(stderr: str) -> list[str]:
    """The finding lines `mkdocs build` logged, without the log level."""
    lines = []
    for line in stderr.splitlines():
        for prefix in LOG_PREFIXES:
            if line.startswith(prefix) and FINDING_RE.match(line[len(prefix) :]):
                lines.append(line[len(prefix) :])
    return lines


def as_line(finding: dict) -> str:
    return (
        f"{finding['path']}:{finding['line']}: {finding['severity']}: "
        f"{finding['code']}: {finding['message']}"
    )


def keys(findings: list[dict]) -> list[Key]:
    return sorted((f["path"], f["line"], f["severity"], f["code"]) for f in findings)


def make_run(name: str, base: Path, build: bool = True) -> Run:
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    project = copy_fixture(name, base / "cli")
    check = check_in_process(project, elsewhere)
    if not build:
        return Run(name, project, subprocess.CompletedProcess([], 0, "", ""), check, None)
    built_project, site = copy_fixture(name, base / "build"), base / "site"
    completed = mkdocs_build(built_project, site)
    site_check = check_in_process(built_project, elsewhere, "--site-dir", str(site))
    return Run(name, project, completed, check, site_check)


@pytest.fixture(scope="module", params=sorted(CASES))
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return make_run(request.param, tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return make_run("stranger", tmp_path_factory.mktemp("stranger"), build=False)


@pytest.mark.slow
def test_build_and_cli_report_the_same_lines(run: Run) -> None:
    assert sorted(hook_lines(run.build.stderr)) == sorted(map(as_line, run.cli()))


# Each check runs on what the build logged and on what the CLI printed, so a failure says
# which of the two is wrong.
SOURCES = pytest.mark.parametrize("source", ["build", "cli"])


@pytest.mark.slow
@SOURCES
def test_findings_are_exactly_the_expected_ones(run: Run, source: str) -> None:
    assert keys(run.of(source)) == sorted(CASES[run.name].expected)


@pytest.mark.slow
def test_build_and_cli_fail_exactly_on_errors(run: Run) -> None:
    has_errors = any(severity == "error" for _, _, severity, _ in CASES[run.name].expected)
    assert run.build.returncode == (1 if has_errors else 0), run.build.stderr
    assert run.check.status == (1 if has_errors else 0), run.check.failure or run.check.findings


@pytest.mark.slow
@SOURCES
def test_messages_say_how_often(run: Run, source: str) -> None:
    findings = run.of(source)
    for path, line, code, text in CASES[run.name].messages:
        messages = [
            f["message"]
            for f in findings
            if (f["path"], f["line"], f["code"]) == (path, line, code)
        ]
        assert any(text in message for message in messages), (path, line, code, text, messages)


@pytest.mark.slow
@SOURCES
def test_each_third_party_host_is_one_finding_at_its_source(run: Run, source: str) -> None:
    loads = [f for f in run.of(source) if f["code"] == "third-party-load"]
    for host, place in CASES[run.name].hosts.items():
        naming = [(f["path"], f["line"]) for f in loads if host in f["message"]]
        assert naming == [place], (host, [f["message"] for f in loads])


@pytest.mark.slow
def test_the_cli_writes_nothing_into_the_project(run: Run) -> None:
    assert run.check.failure is None, run.check.failure
    assert run.check.written == []


@pytest.mark.slow
def test_cli_on_the_built_site_reports_the_same_lines(run: Run) -> None:
    assert run.site_check is not None
    expected = sorted(hook_lines(run.build.stderr))
    assert sorted(map(as_line, run.site_check.result())) == expected


def test_snippets_beside_docs_are_in_the_built_page(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = tmp_path_factory.mktemp("snippets-html")
    project = copy_fixture("snippets-beside-docs", base)
    completed = mkdocs_build(project, base / "site")
    page = (base / "site" / "index.html").read_text(encoding="utf-8")
    assert "Greetings from the snippet folder." in page, completed.stderr
    assert "Text from the hidden snippet folder." in page, completed.stderr


@pytest.mark.slow
def test_stranger_first_run_passes_with_warnings_only(stranger: Run) -> None:
    findings = stranger.cli()
    assert stranger.check.status == 0
    emoji = [f for f in findings if f["code"] == "third-party-load" and EMOJI_HOST in f["message"]]
    assert len(emoji) == 1, [f["message"] for f in emoji]
    assert (emoji[0]["path"], emoji[0]["line"]) in EMOJI_PLACES
    assert emoji[0]["severity"] == "warning"
    assert re.search(rf"\b{EMOJI_LOADS}\b", emoji[0]["message"]), emoji[0]["message"]
    assert keys([f for f in findings if f is not emoji[0]]) == sorted(STRANGER_EXPECTED)
    fonts = [f for f in findings if "fonts.googleapis.com" in f["message"]]
    assert len(fonts) == 1 and "theme" in fonts[0]["message"]


@pytest.mark.slow
def test_stranger_messages_are_english(stranger: Run) -> None:
    german = [f["message"] for f in stranger.cli() if GERMAN_RE.search(f["message"])]
    assert german == []


@pytest.mark.slow
def test_stranger_project_stays_untouched(stranger: Run) -> None:
    stranger.cli()
    assert not (stranger.project / "site").exists()
    assert not (stranger.project / ".cache").exists()
    assert stranger.check.written == []


def test_help_lists_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    commands = next(
        action for action in parser()._actions if isinstance(action, argparse._SubParsersAction)
    )
    options = {
        option
        for action in commands.choices["check"]._actions
        for option in action.option_strings
        if option.startswith("--")
    }
    assert {"--format", "--external", "--site-dir"} <= options
    with pytest.raises(SystemExit) as exited:
        main(["check", "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert [option for option in sorted(options) if option not in shown] == []


def test_the_command_ends_with_mains_status_after_the_exit_handlers_and_the_report() -> None:
    """`sitecheck` ends the process without Python's teardown, but not before the exit
    handlers ran (a plugin's clean-up) and the report is out, also through a pipe."""
    script = (
        "import atexit, sys\n"
        "from talk_kit.sitecheck import cli\n"
        "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
        "cli.main = lambda: print('x' * 200000) or 3\n"
        "cli.command()\n"
    )
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    ended = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=buffered
    )
    assert (ended.returncode, ended.stdout, ended.stderr) == (
        3,
        "x" * 200000 + "\n",
        "handler ran\n",
    )
