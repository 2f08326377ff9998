"""
A loopback VirusTotal service (v2 and v3) for the VTLookup tests, standard library only.

It runs on 127.0.0.1 in the process that starts it, so the parity worker starts its own in
the reference interpreter. Replies are chosen by the request path and the value of the
observable (v2: the ``resource``/``ip``/``domain`` query parameter; v3: the path), so
many observables can share one path:

    answers = {("/vtapi/v2/file/report", "<md5>"): (200, {...})}
    with vt_service(answers) as svc:
        VTLookup._VT_API = svc.base + "/vtapi/v2/{type}/report"

An answer is ``(status, body)`` (a JSON value, or bytes sent raw), optionally with a
third item of options: ``{"delay": s}`` (a slow body), ``{"size": n}`` (a body of ``n``
spaces), ``{"headers": {...}}``. Unknown requests get 404 with a v3-style error body.
Every request (method, path with query, headers) is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[Any, ...]
NOT_FOUND_V3 = {"error": {"code": "NotFoundError", "message": "not found"}}
_V2_PARAMS = ("resource", "ip", "domain")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        return

    def do_GET(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        with server.lock:
            server.seen.append(("GET", self.path, dict(self.headers)))
        key: tuple[str, str] = (parts.path, "")
        for name in _V2_PARAMS:
            if name in query:
                key = (parts.path, query[name][0])
                break
        if "cursor" in query:
            key = (parts.path, "cursor=" + query["cursor"][0])
        answer = server.answers.get(key) or server.answers.get((parts.path, "*"))
        if answer is None:
            answer = (404, NOT_FOUND_V3)
        self._write(answer)

    def _write(self, answer: Answer) -> None:
        status, body = answer[0], answer[1]
        options: dict[str, Any] = answer[2] if len(answer) > 2 else {}
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        size = int(options.get("size", 0))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(size or len(payload)))
        for name, value in options.get("headers", {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            if size:
                chunk = b" " * (1 << 20)
                left = size
                while left > 0:
                    self.wfile.write(chunk[: min(left, len(chunk))])
                    left -= len(chunk)
                return
            if options.get("delay"):
                self.wfile.write(payload[:1])
                self.wfile.flush()
                time.sleep(float(options["delay"]))
                self.wfile.write(payload[1:])
                return
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (its cap or deadline)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, answers: dict[tuple[str, str], Answer]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers = answers
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.base = f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def vt_service(answers: dict[tuple[str, str], Answer]) -> Iterator[_Server]:
    """Serve ``answers`` on 127.0.0.1 until the block ends; yields the server."""
    server = _Server(answers)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
