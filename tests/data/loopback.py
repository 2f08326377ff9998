"""Loopback HTTP server helpers shared by the driver tests (127.0.0.1 only)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class JsonHandler(BaseHTTPRequestHandler):
    """Request handler base: quiet, with a JSON (or raw bytes) reply helper."""

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        del args

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler], **attrs: Any) -> Iterator[Any]:
    """
    Run ``handler`` on an ephemeral 127.0.0.1 port in a background thread.

    Parameters
    ----------
    handler : type[BaseHTTPRequestHandler]
        The request handler class.
    **attrs
        Set on the server object (handlers read them as ``self.server.<name>``).

    Yields
    ------
    ThreadingHTTPServer
        The running server, with ``base`` set to its ``http://127.0.0.1:<port>`` root.

    """
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # A handler still sleeping (deadline tests) must not block shutdown.
    httpd.daemon_threads = True
    for name, value in attrs.items():
        setattr(httpd, name, value)
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
