"""A hostile HTTP server on loopback, for the external link checker's bounds.

Each path misbehaves in one way a real server can: a redirect that carries a
huge body, an answer dripped one byte a second, redirect loops and endless
redirect chains, rate limiting with a Retry-After of an hour, and headers
without end. Every loop it runs is bounded in bytes and in time, and stops
when the server is shut down, so a test can never hang on it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY_CHUNK = b"x" * 65536
MAX_BODY_BYTES = 3_000_000_000  # what the big redirect claims to carry
MAX_SECONDS = 30.0  # no answer of this server lasts longer


@dataclass
class Record:
    """What the server saw and sent, for the test's assertions."""

    requests: list[tuple[str, str]] = field(default_factory=list)
    body_bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def count(self, prefix: str) -> int:
        with self.lock:
            return sum(1 for _, path in self.requests if path.startswith(prefix))


def _handler(record: Record) -> type[BaseHTTPRequestHandler]:
    class Hostile(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def answer(self) -> None:
            with record.lock:
                record.requests.append((self.command, self.path))
            with contextlib.suppress(OSError):  # the checker hung up, as it should
                self.route()
            self.close_connection = True

        def route(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/ok":
                self.plain(200)
            elif path == "/big-redirect":
                self.big_redirect()
            elif path == "/drip":
                self.drip()
            elif path in ("/loop-a", "/loop-b"):
                self.plain(302, {"Location": "/loop-b" if path == "/loop-a" else "/loop-a"})
            elif path.startswith("/chain/"):
                self.plain(301, {"Location": f"/chain/{int(path.rsplit('/', 1)[1]) + 1}"})
            elif path.startswith("/limited"):
                self.plain(429, {"Retry-After": "3600"})
            elif path == "/endless-headers":
                self.endless_headers()
            else:
                self.plain(404)

        def plain(self, status: int, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def big_redirect(self) -> None:
            """A 301 whose body claims 3 GB and keeps coming until the client leaves."""
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", str(MAX_BODY_BYTES))
            self.end_headers()
            started = time.monotonic()
            sent = 0
            while sent < MAX_BODY_BYTES and time.monotonic() - started < MAX_SECONDS:
                if record.stop.is_set():
                    return
                self.wfile.write(BODY_CHUNK)
                sent += len(BODY_CHUNK)
                with record.lock:
                    record.body_bytes_sent += len(BODY_CHUNK)

        def drip(self) -> None:
            """A valid answer, one byte a second: each byte well within any read timeout."""
            answer = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
            for byte in answer[: int(MAX_SECONDS)]:
                if record.stop.wait(1.0):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()

        def endless_headers(self) -> None:
            """Header lines of 60 kB (under http.client's line limit) without end."""
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            started = time.monotonic()
            number = 0
            while number < 1000 and time.monotonic() - started < MAX_SECONDS:
                if record.stop.is_set():
                    return
                self.wfile.write(b"X-Filler-%d: %s\r\n" % (number, b"y" * 60000))
                number += 1

        do_HEAD = answer
        do_GET = answer

    return Hostile


@contextmanager
def hostile_server() -> Iterator[tuple[str, Record]]:
    """Serve on 127.0.0.1 (a free port) until the block ends."""
    record = Record()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(record))
    server.daemon_threads = True
    server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", record
    finally:
        record.stop.set()
        server.shutdown()
        server.server_close()
