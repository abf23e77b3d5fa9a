"""External links: opt-in, cached, polite, bounded, and honest about failures.

Off by default (and in CI): the network is slow and flaky, and a build must
not fail because someone else's server is down. When on, each URL is checked
once per `max_age_hours` (cache on disk), with at most `per_host` requests to
one host at a time, TLS verification, HEAD first and GET when a server
refuses HEAD, and retries that wait as long as `Retry-After` asks.

Every check is bounded, whatever the server does:
- a response is read up to its headers and at most `max_bytes` bytes; bodies
  (of redirects too) are never downloaded, the connection is closed instead;
- redirects are followed by hand, at most `max_redirects` of them;
- one URL gets `url_deadline` seconds in total (connections, redirects,
  retries and `Retry-After` waits), the whole run `run_deadline` seconds; a
  watchdog shuts the socket of a request that outlives its deadline, so a
  server that sends one byte a second cannot hold a URL longer;
- a `Retry-After` longer than the time left is not waited for.
A failure to get an answer is "could not check" (a warning), never "broken".
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import certifi
from requests.utils import requote_uri

from talk_kit.sitecheck.config import ExternalSettings
from talk_kit.sitecheck.findings import Finding, error, warning
from talk_kit.sitecheck.links import ExternalLink

OK = "ok"
BROKEN = "broken"
UNKNOWN = "unknown"
RETRY_STATUSES = (429, 502, 503, 504)
BROKEN_STATUSES = (404, 410)
HEAD_REFUSED = (400, 403, 405, 406, 501)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
USER_AGENT = "sitecheck/0.1 (+link checker for a MkDocs site)"
CODES = {
    "deadline": "external-timeout",
    "redirects": "external-redirects",
    "too-large": "external-too-large",
    "rate-limited": "external-rate-limited",
    "unchecked": "external-unchecked",
}


@dataclass(frozen=True)
class Outcome:
    status: str
    detail: str
    reason: str = "unchecked"  # which bound or failure, for the finding's code


class Cache:
    """URL -> outcome with the time it was checked; only definite answers are kept."""

    def __init__(self, path: Path, max_age_hours: float) -> None:
        self.path = path
        self.max_age = max_age_hours * 3600
        self.entries: dict[str, dict[str, object]] = {}
        self.lock = threading.Lock()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.entries = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.entries = {}

    def get(self, url: str, now: float) -> Outcome | None:
        entry = self.entries.get(url)
        if not isinstance(entry, dict):
            return None
        checked = entry.get("checked")
        if not isinstance(checked, int | float) or now - checked > self.max_age:
            return None
        return Outcome(str(entry.get("status")), str(entry.get("detail")))

    def put(self, url: str, outcome: Outcome, now: float) -> None:
        if outcome.status == UNKNOWN:
            return
        with self.lock:
            self.entries[url] = {"status": outcome.status, "detail": outcome.detail, "checked": now}

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.entries, indent=1, sort_keys=True), "utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time next run


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """`Retry-After` as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{1,12}", value):
        return float(value)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - now)


class DeadlineExceeded(Exception):
    """The URL's or the run's time is up."""


class TooLarge(Exception):
    """A response sent more than `max_bytes` before its headers ended."""


@dataclass(frozen=True)
class Answer:
    """What one request learned: status and the headers the checker uses."""

    status: int
    location: str | None
    retry_after: str | None


class _CappedReader:
    """The response's socket file, refusing to read past `limit` bytes."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self.raw = raw
        self.left = limit

    def readline(self, size: int = -1) -> bytes:
        allowed = self.left + 1 if size < 0 else min(size, self.left + 1)
        line = self.raw.readline(allowed)
        self.left -= len(line)
        if self.left < 0:
            raise TooLarge
        return line

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(self.left + 1 if size < 0 else min(size, self.left + 1))
        self.left -= len(data)
        if self.left < 0:
            raise TooLarge
        return data

    def __getattr__(self, name: str) -> object:
        """Everything else (flush, close) as the socket file has it; bodies are never read."""
        return getattr(self.raw, name)


def _capped_response(limit: int) -> type[http.client.HTTPResponse]:
    class CappedResponse(http.client.HTTPResponse):
        def __init__(self, sock: socket.socket, *args: object, **kwargs: object) -> None:
            super().__init__(sock, *args, **kwargs)  # type: ignore[arg-type]
            self.fp = _CappedReader(self.fp, limit)  # type: ignore[assignment,arg-type]

    return CappedResponse


class ExternalChecker:
    """Checks URLs concurrently, never more than `per_host` at once per host."""

    def __init__(
        self,
        settings: ExternalSettings,
        cache_folder: Path,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.cache = Cache(cache_folder / "external.json", settings.max_age_hours)
        self.sleep = sleep
        self.clock = clock
        self.monotonic = monotonic
        self.excludes = [re.compile(pattern) for pattern in settings.exclude]
        self.host_limits: dict[str, threading.Semaphore] = {}
        self.limits_lock = threading.Lock()
        self.tls = ssl.create_default_context(cafile=certifi.where())
        self.response_class = _capped_response(max(1, settings.max_bytes))
        self.run_end = float("inf")
        self.blocked: dict[str, str] = {}  # host -> why it is not asked again in this run

    def check(self, links: list[ExternalLink]) -> list[Finding]:
        urls = sorted({link.url for link in links if not self._excluded(link.url)})
        self.run_end = self.monotonic() + self.settings.run_deadline
        with ThreadPoolExecutor(max_workers=max(1, self.settings.workers)) as pool:
            outcomes = dict(zip(urls, pool.map(self.outcome, urls), strict=True))
        self.cache.save()
        findings: list[Finding] = []
        for link in links:
            outcome = outcomes.get(link.url)
            if outcome is None or outcome.status == OK:
                continue
            if outcome.status == BROKEN:
                findings.append(
                    error(link.location, "external-broken", f"'{link.url}': {outcome.detail}")
                )
            else:
                message = f"could not check '{link.url}': {outcome.detail}"
                findings.append(warning(link.location, CODES[outcome.reason], message))
        return findings

    def _excluded(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self.excludes)

    def _limit(self, host: str) -> threading.Semaphore:
        with self.limits_lock:
            if host not in self.host_limits:
                self.host_limits[host] = threading.BoundedSemaphore(max(1, self.settings.per_host))
            return self.host_limits[host]

    def outcome(self, url: str) -> Outcome:
        cached = self.cache.get(url, self.clock())
        if cached is not None:
            return cached
        host = urlsplit(url).netloc.lower()
        limit = self._limit(host)
        if not limit.acquire(timeout=max(0.0, self.run_end - self.monotonic())):
            return self._run_over()
        try:
            if self.monotonic() >= self.run_end:
                return self._run_over()
            if host in self.blocked:
                return Outcome(UNKNOWN, self.blocked[host], "rate-limited")
            end = min(self.monotonic() + self.settings.url_deadline, self.run_end)
            result = self._fetch(url, end)
        finally:
            limit.release()
        self.cache.put(url, result, self.clock())
        return result

    def _run_over(self) -> Outcome:
        detail = f"the run's deadline of {self.settings.run_deadline:g} s was reached first"
        return Outcome(UNKNOWN, detail, "deadline")

    def _fetch(self, url: str, end: float) -> Outcome:
        attempt = 0
        while True:
            try:
                answer = self._follow(url, "HEAD", end)
                if answer.status in HEAD_REFUSED or answer.status in BROKEN_STATUSES:
                    answer = self._follow(url, "GET", end)
            except DeadlineExceeded:
                return self._deadline_outcome(end)
            except _Stop as stop:
                return stop.outcome
            except ssl.SSLError as exc:
                return Outcome(UNKNOWN, f"TLS certificate problem ({type(exc).__name__})")
            except ValueError as exc:  # a port that is no number, a host IDNA refuses
                return Outcome(UNKNOWN, f"not a valid address ({type(exc).__name__})")
            except (OSError, http.client.HTTPException) as exc:
                if attempt >= self.settings.retries:
                    return Outcome(UNKNOWN, f"network error ({type(exc).__name__})")
                if not self._wait(2.0**attempt, end):
                    return self._deadline_outcome(end)
                attempt += 1
                continue
            if answer.status in RETRY_STATUSES and attempt < self.settings.retries:
                wait = retry_after_seconds(answer.retry_after, self.clock())
                wanted = wait if wait is not None else 2.0**attempt
                if wanted > self.settings.max_retry_after or not self._wait(wanted, end):
                    detail = (
                        f"HTTP {answer.status}, the server asks to wait {wanted:g} s "
                        f"(more than max_retry_after or the time left)"
                    )
                    self._block(url, detail)
                    return Outcome(UNKNOWN, detail, "rate-limited")
                attempt += 1
                continue
            return _classify(answer.status)

    def _block(self, url: str, detail: str) -> None:
        """A host that asks for a long wait is not asked again in this run: N
        rate-limited links of one host cost one request, not N waits."""
        with self.limits_lock:
            self.blocked[urlsplit(url).netloc.lower()] = f"not asked again: {detail}"

    def _deadline_outcome(self, end: float) -> Outcome:
        if end >= self.run_end and self.monotonic() >= self.run_end:
            return self._run_over()
        detail = f"no answer within the deadline of {self.settings.url_deadline:g} s"
        return Outcome(UNKNOWN, detail, "deadline")

    def _wait(self, seconds: float, end: float) -> bool:
        """Sleep `seconds` unless that would pass `end`; False if it would."""
        if self.monotonic() + seconds > end:
            return False
        self.sleep(seconds)
        return True

    def _follow(self, url: str, method: str, end: float) -> Answer:
        """Request `url`, following redirects by hand; the last answer."""
        seen = {url}
        current = url
        for _ in range(self.settings.max_redirects + 1):
            answer = self._request(current, method, end)
            if answer.status not in REDIRECT_STATUSES or not answer.location:
                return answer
            target = urljoin(current, answer.location.strip())
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise _Stop(Outcome(UNKNOWN, f"redirects to '{target}', not a web address"))
            if target in seen:
                detail = f"redirect loop: '{current}' leads back to '{target}'"
                raise _Stop(Outcome(UNKNOWN, detail, "redirects"))
            seen.add(target)
            current = target
            if answer.status == 303:
                method = "GET"
        detail = f"more than {self.settings.max_redirects} redirects"
        raise _Stop(Outcome(UNKNOWN, detail, "redirects"))

    def _request(self, url: str, method: str, end: float) -> Answer:
        """One request, read up to the end of its headers, within `end`."""
        remaining = end - self.monotonic()
        if remaining <= 0:
            raise DeadlineExceeded
        parts = urlsplit(requote_uri(url))
        host = (parts.hostname or "").encode("idna").decode("ascii")
        timeout = min(self.settings.timeout, remaining)
        connection: http.client.HTTPConnection
        if parts.scheme.lower() == "https":
            connection = http.client.HTTPSConnection(
                host, parts.port, timeout=timeout, context=self.tls
            )
        else:
            connection = http.client.HTTPConnection(host, parts.port, timeout=timeout)
        connection.response_class = self.response_class
        fired = threading.Event()
        watchdog = threading.Timer(remaining, _shut, (connection, fired))
        watchdog.daemon = True
        watchdog.start()
        try:
            target = parts.path or "/"
            if parts.query:
                target += f"?{parts.query}"
            headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Connection": "close"}
            connection.request(method, target, headers=headers)
            response = connection.getresponse()
            return Answer(
                response.status, response.getheader("Location"), response.getheader("Retry-After")
            )
        except TooLarge:
            detail = f"the response headers are larger than {self.settings.max_bytes} bytes"
            raise _Stop(Outcome(UNKNOWN, detail, "too-large")) from None
        except (OSError, http.client.HTTPException):
            if fired.is_set() or self.monotonic() >= end:
                raise DeadlineExceeded from None
            raise
        finally:
            watchdog.cancel()
            connection.close()  # the body, of a redirect too, is never read


class _Stop(Exception):
    """A definite outcome found while following a URL."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.detail)
        self.outcome = outcome


def _shut(connection: http.client.HTTPConnection, fired: threading.Event) -> None:
    """Deadline reached: make the blocked read fail at once."""
    fired.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _classify(status: int) -> Outcome:
    if status < 400:
        return Outcome(OK, f"HTTP {status}")
    if status in BROKEN_STATUSES:
        return Outcome(BROKEN, f"HTTP {status}, the page is gone")
    return Outcome(UNKNOWN, f"HTTP {status}")
