"""Shared fixtures: the site built once per session, served like GitHub Pages, and Chromium."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.structure.files import File
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from talk_kit.presenter.local_site import CHROMIUM_ARGS, INSTALL_HINT, find_chromium, serve_site
from talk_kit.sitecheck.documents import file_url

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/neue-medien-neue-chancen/"
# A small project with one page (the deck list) and one talk, for tests of the scripts that
# build a whole project: they are about the scripts, not this project's content.
SMALL_PROJECT = ROOT / "tests" / "fixtures" / "kit" / "mkdocs.yml"


def address(src_uri: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs publishes the docs file `src_uri` (its `File`), as the checker reads it."""
    return file_url(File(src_uri, "docs", "site", use_directory_urls))


def build_site(destination: Path, site_url: str, config: Path = ROOT / "mkdocs.yml") -> Path:
    """Strict build of the project (or another config) into `destination`."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    result = subprocess.run(
        [*command, "-d", str(destination)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}{result.stderr}"
    return destination


# The two ways the site is published, with the fixtures through which a test needs each.
SITE_URLS = {"root": "http://127.0.0.1/", "prefix": f"http://127.0.0.1{PREFIX}"}
NEEDED_BY = {
    "root": {"built_site", "served_site", "any_served_site"},
    "prefix": {"built_site_prefixed", "served_site_prefixed", "any_served_site"},
}


def as_in_a_terminal() -> None:
    """For `preexec_fn`: Ctrl-C works as in a terminal even if the tests run in the
    background: there the shell has the child ignore SIGINT, and an ignored signal cannot be
    trapped after exec."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every worker of this run sees: with pytest-xdist each worker has a session
    folder of its own below one shared parent. Asked for in the main thread only: pytest
    makes the session folder on first use, and two threads asking at once both try."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Held by one process at a time: the first worker builds, the others wait for it.
    Closing the file releases the lock."""
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def shared_build(variant: str, folder: Path) -> Path:
    """The site built for `variant` once per run in `folder` (`shared_folder`), whichever
    worker asks first."""
    destination = folder / f"site-{variant}"
    done = destination.with_name(f"{destination.name}.done")
    with exclusive(destination.with_name(f"{destination.name}.lock")):
        if not done.exists():
            shutil.rmtree(destination, ignore_errors=True)  # what a failed build left
            build_site(destination, SITE_URLS[variant])
            done.touch()
    return destination


@pytest.fixture(scope="session")
def site_builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Path]]]:
    """Every build of the site this session's tests need, started side by side.

    Each build is a single process, so on two cores both take hardly longer than one; a test
    waits only for its own. Nothing but the wall time depends on the order they finish in.
    """
    needed = [
        variant
        for variant, fixtures in NEEDED_BY.items()
        if any(fixtures & set(getattr(item, "fixturenames", ())) for item in request.session.items)
    ]
    folder = shared_folder(tmp_path_factory)
    with ThreadPoolExecutor(max_workers=len(SITE_URLS)) as pool:
        yield {variant: pool.submit(shared_build, variant, folder) for variant in needed}


def finished_build(
    variant: str, builds: dict[str, Future[Path]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The build started for `variant`, or (if no collected test asked for it) one now."""
    if variant in builds:
        return builds[variant].result()
    return shared_build(variant, shared_folder(tmp_path_factory))


@pytest.fixture(scope="session")
def built_site(
    site_builds: dict[str, Future[Path]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The site as served at the root of a host (`site_url` http://127.0.0.1/)."""
    return finished_build("root", site_builds, tmp_path_factory)


@pytest.fixture(scope="session")
def built_site_prefixed(
    site_builds: dict[str, Future[Path]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The site as a GitHub project site below `/neue-medien-neue-chancen/`."""
    return finished_build("prefix", site_builds, tmp_path_factory)


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """Base URL (ending in `/`) of the built site served on loopback."""
    with serve_site(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def served_site_prefixed(built_site_prefixed: Path) -> Iterator[str]:
    with serve_site(built_site_prefixed, PREFIX) as base:
        yield base


@pytest.fixture(scope="session", params=["root", "prefix"])
def any_served_site(request: pytest.FixtureRequest) -> str:
    """Both ways the site is published: at a host's root and below a project prefix."""
    name = "served_site" if request.param == "root" else "served_site_prefixed"
    return request.getfixturevalue(name)


def chromium_executable() -> str:
    """The Chromium binary; a missing one fails browser tests with the fix, never skips them."""
    executable = find_chromium()
    if executable is None:
        pytest.fail(
            f"Chromium is needed for the browser tests: {INSTALL_HINT}; "
            "deselect them with -m 'not browser'",
            pytrace=False,
        )
    return executable


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_executable()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A page plus what it did: every request and every console error."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self, base: str) -> list[str]:
        """Requests to any host other than the one serving the site."""
        host = urlsplit(base).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(url).netloc != host
        ]


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    """A fresh browser context at 1280×720 that records requests and errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    recorded = Tab(page)
    context.on("request", lambda request: recorded.requests.append(request.url))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            recorded.errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    yield recorded
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium is marked `browser`, so `-m "not browser"` needs none."""
    unmarked = [
        item.nodeid
        for item in items
        if {"browser", "tab"} & set(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError(f"mark these tests with pytest.mark.browser: {unmarked}")
    longest_first(items)


def longest_first(items: list[pytest.Item]) -> None:
    """Files with browser tests first, then files with other slow tests, then the rest, each
    file's tests together and in their order: the workers that run files side by side start
    with the longest, so no long file is left for the end while the other worker idles."""
    rank: dict[Path, int] = {}
    for item in items:
        marks = {mark.name for mark in item.iter_markers()}
        here = 0 if "browser" in marks else 1 if "slow" in marks else 2
        rank[item.path] = min(here, rank.get(item.path, here))
    items.sort(key=lambda item: rank[item.path])
