"""
A fast loopback HTTP/1.1 service for the TI benchmark (127.0.0.1 only).

``tests/context/ti_loopback.py`` starts a thread per connection and closes every
connection (HTTP/1.0): fine for tests, but it tops out near 200 requests per second,
which would make the server, not the clients, what a bulk benchmark measures. This one
runs on an asyncio loop in a background thread, keeps connections alive, waits
``latency`` seconds before each reply (as a remote API would) without blocking others,
answers 429 with ``Retry-After`` past ``quota`` requests per second, and counts requests.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections import deque
from typing import Any


class AsyncTIService:
    """Run with ``with AsyncTIService(routes, latency=0.02, quota=1500) as svc: svc.base``."""

    def __init__(self, routes: dict[str, Any], *, latency: float, quota: int) -> None:
        """Compile the routes (path regex -> JSON body)."""
        self._routes = [(re.compile(p), json.dumps(body).encode()) for p, body in routes.items()]
        self._latency = latency
        self._quota = quota
        self._window: deque[float] = deque()
        self.requests = 0
        self.over_quota = 0
        self.base = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> AsyncTIService:
        """Start the loop thread and wait for the listening socket."""
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        """Cancel the connections still open, then stop the loop."""

        async def shutdown() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=4096)
        )
        self.base = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        self._ready.set()
        self._loop.run_forever()
        server.close()

    def _admit(self) -> bool:
        now = time.monotonic()
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        if len(self._window) >= self._quota:
            self.over_quota += 1
            return False
        self._window.append(now)
        return True

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                target = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
                length = 0
                for line in lines[1:]:
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                if length:
                    await reader.readexactly(length)
                self.requests += 1
                admitted = self._admit()
                await asyncio.sleep(self._latency)
                path = target.split("?", 1)[0]
                if not admitted:
                    status, body, extra = (
                        "429 Too Many Requests",
                        b'{"error":"quota"}',
                        ("Retry-After: 1\r\n"),
                    )
                else:
                    body = next((b for p, b in self._routes if p.fullmatch(path)), b"")
                    status = "200 OK" if body else "404 Not Found"
                    body = body or b'{"error":"no route"}'
                    extra = ""
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n{extra}\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
