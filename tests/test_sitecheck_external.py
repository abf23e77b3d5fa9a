"""External links against a local HTTP server: HEAD then GET, Retry-After,
cache with an age, per-host limit, "could not check" for network failures,
and the bounds (bytes, redirects, deadlines) against a hostile server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hostile_http import Record, hostile_server

from talk_kit.sitecheck.config import ExternalSettings
from talk_kit.sitecheck.external import ExternalChecker, retry_after_seconds
from talk_kit.sitecheck.findings import Finding, Location
from talk_kit.sitecheck.links import ExternalLink


class Server:
    """Records requests; answers by path."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        self.busy_left = 1
        self.release = threading.Event()


def make_handler(state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def answer(self) -> None:
            with state.lock:
                state.requests.append((self.command, self.path))
                state.active += 1
                state.max_active = max(state.max_active, state.active)
            self.respond()

        def respond(self) -> None:
            path = self.path
            if path == "/ok":
                self.send(200)
            elif path == "/gone":
                self.send(404)
            elif path == "/no-head":
                self.send(405 if self.command == "HEAD" else 200)
            elif path == "/busy":
                with state.lock:
                    busy = state.busy_left > 0
                    state.busy_left -= 1
                if busy:
                    self.send(429, {"Retry-After": "7"})
                else:
                    self.send(200)
            elif path == "/down":
                self.send(503, {"Retry-After": "1"})
            elif path.startswith("/slow"):
                state.release.wait(0.2)
                self.send(200)
            else:
                self.send(500)

        def send(self, status: int, headers: dict[str, str] | None = None) -> None:
            # No longer active once the answer is on its way: the client may send its next
            # request as soon as it has read this one, before this thread gets to run again.
            with state.lock:
                state.active -= 1
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = answer
        do_GET = answer

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, Server]]:
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    httpd.shutdown()
    httpd.server_close()


def links(base: str, *paths: str) -> list[ExternalLink]:
    return [
        ExternalLink(f"{base}{path}", Location("docs/a.md", n)) for n, path in enumerate(paths, 1)
    ]


def checker(
    tmp_path: Path, sleeps: list[float] | None = None, **options: object
) -> ExternalChecker:
    settings = ExternalSettings(enabled=True, timeout=5, **options)  # type: ignore[arg-type]
    record = sleeps if sleeps is not None else []
    return ExternalChecker(settings, tmp_path, sleep=record.append)


@pytest.mark.slow
def test_ok_gone_and_head_refused(server: tuple[str, Server], tmp_path: Path) -> None:
    base, state = server
    findings = checker(tmp_path).check(links(base, "/ok", "/gone", "/no-head"))
    assert [(f.location.line, f.severity, f.code) for f in findings] == [
        (2, "error", "external-broken")
    ]
    assert ("HEAD", "/no-head") in state.requests and ("GET", "/no-head") in state.requests
    assert ("GET", "/ok") not in state.requests


@pytest.mark.slow
def test_retry_after_is_honoured(server: tuple[str, Server], tmp_path: Path) -> None:
    base, _ = server
    sleeps: list[float] = []
    assert checker(tmp_path, sleeps).check(links(base, "/busy")) == []
    assert sleeps == [7.0]


@pytest.mark.slow
def test_server_error_after_retries_is_could_not_check(
    server: tuple[str, Server], tmp_path: Path
) -> None:
    base, state = server
    sleeps: list[float] = []
    findings = checker(tmp_path, sleeps, retries=2).check(links(base, "/down"))
    assert [(f.severity, f.code) for f in findings] == [("warning", "external-unchecked")]
    assert "could not check" in findings[0].message
    assert sleeps == [1.0, 1.0]
    assert [r for r in state.requests if r[1] == "/down"].count(("HEAD", "/down")) == 3


def test_network_failure_is_not_broken(tmp_path: Path) -> None:
    findings = checker(tmp_path, retries=1).check(links("http://127.0.0.1:9", "/x"))
    assert [(f.severity, f.code) for f in findings] == [("warning", "external-unchecked")]


@pytest.mark.slow
def test_cache_with_age(server: tuple[str, Server], tmp_path: Path) -> None:
    base, state = server
    checker(tmp_path).check(links(base, "/ok", "/gone"))
    first = len(state.requests)
    findings = checker(tmp_path).check(links(base, "/ok", "/gone"))
    assert len(state.requests) == first  # answered from the cache
    assert [f.code for f in findings] == ["external-broken"]
    checker(tmp_path, max_age_hours=0).check(links(base, "/ok"))
    assert len(state.requests) == first + 1  # expired entries are checked again


@pytest.mark.slow
def test_per_host_limit_and_exclude(server: tuple[str, Server], tmp_path: Path) -> None:
    base, state = server
    paths = [f"/slow{n}" for n in range(6)]
    findings = checker(tmp_path, per_host=2, workers=6, exclude=(r"/slow5$",)).check(
        links(base, *paths)
    )
    assert findings == []
    assert state.max_active <= 2
    assert all(path != "/slow5" for _, path in state.requests)


def test_retry_after_formats() -> None:
    assert retry_after_seconds("120", 0) == 120
    assert retry_after_seconds("Thu, 01 Jan 1970 00:01:00 GMT", 0) == 60
    assert retry_after_seconds("soon", 0) is None
    assert retry_after_seconds(None, 0) is None


@pytest.mark.slow
def test_cli_checks_external_links_only_when_asked(
    server: tuple[str, Server],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from talk_kit.sitecheck.cli import main

    base, state = server
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(f"# A\n\n[Quelle]({base}/gone)\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\n", "utf-8")
    config = str(tmp_path / "mkdocs.yml")
    assert main(["check", config]) == 0
    assert state.requests == []
    assert main(["check", "--external", config]) == 1
    out = capsys.readouterr().out.splitlines()
    broken = f"docs/index.md:3: error: external-broken: '{base}/gone': HTTP 404, the page is gone"
    assert broken in out
    # The cache is the user's, one folder per project; nothing is written into the project.
    assert list((tmp_path / "user-cache" / "sitecheck").glob("*/external.json"))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["docs", "mkdocs.yml", "user-cache"]


# --- bounds against a hostile server (tests/hostile_http.py) ----------------------------------

SLACK = 5.0  # seconds beyond a configured deadline for thread start-up on a busy machine


@pytest.fixture
def hostile() -> Iterator[tuple[str, Record]]:
    with hostile_server() as served:
        yield served


def bounded(tmp_path: Path, **options: object) -> ExternalChecker:
    """A checker that really sleeps: the bounds must hold in real time."""
    settings = ExternalSettings(enabled=True, timeout=10, **options)  # type: ignore[arg-type]
    return ExternalChecker(settings, tmp_path)


def codes(findings: list[Finding]) -> list[tuple[int, str, str]]:
    return [(f.location.line, f.severity, f.code) for f in findings]


@pytest.mark.slow
def test_big_redirect_body_is_not_downloaded(hostile: tuple[str, Record], tmp_path: Path) -> None:
    base, record = hostile
    started = time.monotonic()
    findings = bounded(tmp_path, url_deadline=20).check(links(base, "/big-redirect"))
    assert findings == []  # the redirect leads to /ok
    assert time.monotonic() - started < 20 + SLACK
    assert ("HEAD", "/ok") in record.requests
    assert record.body_bytes_sent < 64_000_000  # what socket buffers take, not 3 GB


@pytest.mark.slow
def test_one_byte_a_second_hits_the_url_deadline(
    hostile: tuple[str, Record], tmp_path: Path
) -> None:
    base, _ = hostile
    started = time.monotonic()
    findings = bounded(tmp_path, url_deadline=1.5).check(links(base, "/drip"))
    assert codes(findings) == [(1, "warning", "external-timeout")]
    assert "deadline of 1.5 s" in findings[0].message
    assert time.monotonic() - started < 1.5 + SLACK


@pytest.mark.slow
def test_run_deadline_bounds_all_links(hostile: tuple[str, Record], tmp_path: Path) -> None:
    base, _ = hostile
    started = time.monotonic()
    urls = [f"/drip?{n}" for n in range(4)]
    checker = bounded(tmp_path, url_deadline=20, run_deadline=1, per_host=1)
    findings = checker.check([*links(base, *urls)])
    assert codes(findings) == [(n, "warning", "external-timeout") for n in range(1, 5)]
    assert sum("run's deadline" in f.message for f in findings) == 4
    assert time.monotonic() - started < 1 + SLACK


@pytest.mark.slow
def test_redirect_loop_and_endless_chain(hostile: tuple[str, Record], tmp_path: Path) -> None:
    base, record = hostile
    findings = bounded(tmp_path, max_redirects=5).check(links(base, "/loop-a", "/chain/0"))
    assert codes(findings) == [(n, "warning", "external-redirects") for n in (1, 2)]
    assert "redirect loop" in findings[0].message
    assert "more than 5 redirects" in findings[1].message
    assert record.count("/loop-") == 2
    assert record.count("/chain/") == 6


@pytest.mark.slow
def test_long_retry_after_is_not_waited_for(hostile: tuple[str, Record], tmp_path: Path) -> None:
    base, record = hostile
    started = time.monotonic()
    paths = [f"/limited/{n}" for n in range(6)]
    findings = bounded(tmp_path, per_host=2, max_retry_after=30).check(links(base, *paths))
    assert codes(findings) == [(n, "warning", "external-rate-limited") for n in range(1, 7)]
    assert "asks to wait 3600 s" in findings[0].message
    assert record.count("/limited/") <= 2  # the host is not asked again in this run
    assert time.monotonic() - started < SLACK


@pytest.mark.slow
def test_header_flood_is_capped(hostile: tuple[str, Record], tmp_path: Path) -> None:
    base, _ = hostile
    findings = bounded(tmp_path, max_bytes=100_000).check(links(base, "/endless-headers"))
    assert codes(findings) == [(1, "warning", "external-too-large")]
    assert "larger than 100000 bytes" in findings[0].message


def test_invalid_addresses_are_could_not_check(tmp_path: Path) -> None:
    bad = [ExternalLink("http://127.0.0.1:notaport/", Location("docs/a.md", 1))]
    assert codes(bounded(tmp_path).check(bad)) == [(1, "warning", "external-unchecked")]


def test_bounds_are_configurable_in_mkdocs_yml(tmp_path: Path) -> None:
    from talk_kit.sitecheck.project import open_project

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nplugins:\n  - talk-kit/checks:\n      external:\n"
        "        max_bytes: 5000\n        max_redirects: 3\n        url_deadline: 7\n"
        "        run_deadline: 70\n",
        "utf-8",
    )
    external = open_project(tmp_path / "mkdocs.yml")[2].external
    assert (external.max_bytes, external.max_redirects) == (5000, 3)
    assert (external.url_deadline, external.run_deadline) == (7.0, 70.0)
    assert (external.timeout, external.retries) == (10.0, 2)  # the defaults
