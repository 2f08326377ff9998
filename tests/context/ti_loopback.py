"""
A loopback threat-intelligence service for provider tests (127.0.0.1 only).

Routes map a request path (regular expression, matched against the path without the
query string) to a reply: JSON, raw bytes, a status with ``Retry-After``, a delay before
the body, a huge body, or a malformed one. The server counts requests per route and can
enforce a quota (requests per window) by answering 429, so tests and benchmarks can show
that a client never exceeded it, and add latency to every reply.

    with ti_service({r"/api/v1/indicators/IPv4/[^/]+/general": Reply(json={...})}) as svc:
        provider._BASE_URL = svc.base
        ...
        assert svc.count(r"/api/v1/indicators") == 3
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from data.loopback import JsonHandler, serve  # tests/ is on sys.path (pytest rootdir import)


@dataclass
class Reply:
    """What a route answers (the first matching route wins)."""

    status: int = 200
    json: Any = None  # JSON body (used when body is None)
    body: bytes | None = None  # raw body (e.g. malformed JSON)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the body is written (a slow body)
    size: int = 0  # if > 0: a body of this many bytes, streamed in 1 MiB chunks
    times: int = 0  # if > 0: answer this way this many times, then fall through


@dataclass
class _State:
    routes: list[tuple[re.Pattern[str], Reply]]
    latency: float = 0.0
    quota: tuple[int, float] | None = None  # (requests, window seconds)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seen: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    window: deque[float] = field(default_factory=deque)
    over_quota: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(JsonHandler):
    def _answer(self) -> None:
        state: _State = self.server.state  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with state.lock:
            state.seen.append((self.command, self.path, dict(self.headers), body))
            now = time.monotonic()
            if state.quota is not None:
                limit, window = state.quota
                while state.window and now - state.window[0] > window:
                    state.window.popleft()
                if len(state.window) >= limit:
                    state.over_quota += 1
                    reply: Reply | None = Reply(
                        status=429, json={"error": "quota"}, headers={"Retry-After": "1"}
                    )
                else:
                    state.window.append(now)
                    reply = None
            else:
                reply = None
            if reply is None:
                for pattern, candidate in state.routes:
                    if pattern.fullmatch(path):
                        if candidate.times and state.counts[pattern.pattern] >= candidate.times:
                            continue
                        state.counts[pattern.pattern] += 1
                        reply = candidate
                        break
        if state.latency:
            time.sleep(state.latency)
        if reply is None:
            self._send(404, {"error": "no route", "path": path})
            return
        self._write(reply)

    def _write(self, reply: Reply) -> None:
        if reply.size:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(reply.size))
            self.end_headers()
            chunk = b" " * (1 << 20)
            left = reply.size
            try:
                while left > 0:
                    self.wfile.write(chunk[: min(left, len(chunk))])
                    left -= len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its cap
            return
        data = reply.body if reply.body is not None else None
        if reply.delay:
            self.send_response(reply.status)
            payload = data if data is not None else _dumps(reply.json)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(payload[:1])
                self.wfile.flush()
                time.sleep(reply.delay)
                self.wfile.write(payload[1:])
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        self._send(reply.status, data if data is not None else reply.json, reply.headers)

    do_GET = _answer
    do_POST = _answer


def _dumps(value: Any) -> bytes:
    import json

    return json.dumps(value).encode()


class TIService:
    """Handle on a running loopback service."""

    def __init__(self, httpd: Any) -> None:
        self._httpd = httpd
        self.base: str = httpd.base
        self.state: _State = httpd.state

    def count(self, pattern: str | None = None) -> int:
        """Requests answered by routes whose pattern contains ``pattern`` (all if None)."""
        with self.state.lock:
            return sum(n for p, n in self.state.counts.items() if pattern is None or pattern in p)

    @property
    def requests(self) -> list[tuple[str, str, dict[str, str], bytes]]:
        """``(method, path with query, headers, body)`` of every request, in order."""
        with self.state.lock:
            return list(self.state.seen)

    @property
    def over_quota(self) -> int:
        """How many requests arrived while the quota was used up (answered 429)."""
        return self.state.over_quota


@contextmanager
def ti_service(
    routes: dict[str, Reply],
    *,
    latency: float = 0.0,
    quota: tuple[int, float] | None = None,
) -> Iterator[TIService]:
    """Serve ``routes`` on 127.0.0.1; yields a ``TIService`` (``.base`` is the root URL)."""
    state = _State(
        routes=[(re.compile(pattern), reply) for pattern, reply in routes.items()],
        latency=latency,
        quota=quota,
    )
    with serve(_Handler, state=state) as httpd:
        yield TIService(httpd)
