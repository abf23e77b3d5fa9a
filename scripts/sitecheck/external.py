"""External links: opt-in, cached, polite, and honest about failures.

Off by default (and in CI): the network is slow and flaky, and a build must
not fail because someone else's server is down. When on, each URL is checked
once per `max_age_hours` (cache on disk), with at most `per_host` requests to
one host at a time, a timeout, TLS verification, HEAD first and GET when a
server refuses HEAD, and retries that wait as long as `Retry-After` asks.
A network failure is "could not check" (a warning), never "broken".
"""

from __future__ import annotations

import email.utils
import json
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from .config import ExternalSettings
from .findings import Finding, error, warning
from .links import ExternalLink

OK = "ok"
BROKEN = "broken"
UNKNOWN = "unknown"
RETRY_STATUSES = (429, 502, 503, 504)
BROKEN_STATUSES = (404, 410)
HEAD_REFUSED = (400, 403, 405, 406, 501)
USER_AGENT = "sitecheck/0.1 (+link checker for a MkDocs site)"


@dataclass(frozen=True)
class Outcome:
    status: str
    detail: str


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
    if re.fullmatch(r"\d+", value):
        return float(value)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - now)


class ExternalChecker:
    """Checks URLs concurrently, never more than `per_host` at once per host."""

    def __init__(
        self,
        settings: ExternalSettings,
        root: Path,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.cache = Cache(root / settings.cache_dir / "external.json", settings.max_age_hours)
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.sleep = sleep
        self.clock = clock
        self.excludes = [re.compile(pattern) for pattern in settings.exclude]
        self.host_limits: dict[str, threading.Semaphore] = {}
        self.limits_lock = threading.Lock()

    def check(self, links: list[ExternalLink]) -> list[Finding]:
        urls = sorted({link.url for link in links if not self._excluded(link.url)})
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
                findings.append(warning(link.location, "external-unchecked", message))
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
        with self._limit(urlsplit(url).netloc.lower()):
            result = self._fetch(url)
        self.cache.put(url, result, self.clock())
        return result

    def _fetch(self, url: str) -> Outcome:
        attempt = 0
        while True:
            try:
                response = self._request(url)
            except requests.exceptions.SSLError as exc:
                return Outcome(UNKNOWN, f"TLS certificate problem ({type(exc).__name__})")
            except requests.RequestException as exc:
                if attempt >= self.settings.retries:
                    return Outcome(UNKNOWN, f"network error ({type(exc).__name__})")
                self.sleep(min(2.0**attempt, self.settings.max_retry_after))
                attempt += 1
                continue
            status = response.status_code
            if status in RETRY_STATUSES and attempt < self.settings.retries:
                wait = retry_after_seconds(response.headers.get("Retry-After"), self.clock())
                self.sleep(
                    min(wait if wait is not None else 2.0**attempt, self.settings.max_retry_after)
                )
                attempt += 1
                continue
            return _classify(status)

    def _request(self, url: str) -> requests.Response:
        timeout = self.settings.timeout
        response = self.session.head(url, allow_redirects=True, timeout=timeout, verify=True)
        if response.status_code in HEAD_REFUSED or response.status_code in BROKEN_STATUSES:
            response.close()
            response = self.session.get(
                url, allow_redirects=True, timeout=timeout, verify=True, stream=True
            )
        response.close()
        return response


def _classify(status: int) -> Outcome:
    if status < 400:
        return Outcome(OK, f"HTTP {status}")
    if status in BROKEN_STATUSES:
        return Outcome(BROKEN, f"HTTP {status}, the page is gone")
    return Outcome(UNKNOWN, f"HTTP {status}")
