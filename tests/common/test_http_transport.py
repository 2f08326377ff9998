"""The HTTP transport (Rust core) against a loopback ThreadingHTTPServer."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from data.loopback import JsonHandler, serve
from msticpy.common.http_transport import (
    HttpReply,
    HttpRequest,
    fetch,
    fetch_many,
    get_group_limits,
    set_group_limits,
)

pytestmark = pytest.mark.timeout(60)

_BIG = 100 * 2**20


class Handler(JsonHandler):
    """Routes by path; counts hits and open requests on the server object."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        srv: Any = self.server
        route = self.path.split("?", 1)[0]
        with srv.lock:
            srv.hits.setdefault(route, []).append(time.monotonic())
            srv.open += 1
            srv.most_open = max(srv.most_open, srv.open)
        try:
            self._route(route)
        except OSError:
            pass  # the client hung up (deadline, size cap): expected in these tests
        finally:
            with srv.lock:
                srv.open -= 1

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(size)
        self._send(200, {"echo": data.decode(), "method": "POST"})

    def _route(self, route: str) -> None:
        srv: Any = self.server
        if route == "/ok":
            self._send(200, {"ok": True, "path": self.path}, {"X-Test": "yes"})
        elif route == "/missing":
            self._send(404, {"error": "not found"})
        elif route == "/denied":
            self._send(401, {"error": "bad key"})
        elif route == "/broken":
            self._send(500, b"server error")
        elif route == "/flaky":
            if len(srv.hits["/flaky"]) == 1:
                self._send(429, {"error": "slow down"}, {"Retry-After": "1"})
            else:
                self._send(200, {"ok": "second"})
        elif route == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 10)
            self.wfile.flush()
            time.sleep(5)
        elif route == "/malformed":
            self._send(200, b'{"not": json')
        elif route == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "500")
            self.end_headers()
            self.wfile.write(b'{"partial": ')
            self.close_connection = True
        elif route == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(_BIG))
            self.end_headers()
            chunk = b"y" * 2**20
            for _ in range(_BIG // len(chunk)):
                self.wfile.write(chunk)
        elif route == "/hold":
            time.sleep(0.3)
            self._send(200, {"held": True})
        else:
            self._send(500, {"error": "no route"})


@pytest.fixture
def server() -> Any:
    with serve(Handler, hits={}, lock=threading.Lock(), open=0, most_open=0) as httpd:
        yield httpd


def _req(server: Any, path: str, group: str = "test", **kwargs: Any) -> HttpRequest:
    return HttpRequest(url=f"{server.base}{path}", group=group, **kwargs)


def test_statuses_order_and_headers(server: Any) -> None:
    paths = ["/ok", "/missing", "/denied", "/broken", "/ok?x=1"]
    replies = fetch_many([_req(server, p) for p in paths], timeout=5)
    assert [r.status for r in replies] == [200, 404, 401, 500, 200]
    assert all(r.error is None for r in replies)
    assert replies[0].json() == {"ok": True, "path": "/ok"}
    last = replies[4].json()
    assert last is not None and last["path"] == "/ok?x=1"
    assert replies[0].headers["x-test"] == "yes"
    assert replies[3].json() is None
    assert all(isinstance(r, HttpReply) and r.elapsed >= 0 for r in replies)


def test_post_body_and_fetch(server: Any) -> None:
    reply = fetch(_req(server, "/echo", method="post", body=b"hello"), timeout=5)
    assert reply.json() == {"echo": "hello", "method": "POST"}


def test_429_retry_after_is_honoured(server: Any) -> None:
    start = time.monotonic()
    reply = fetch(_req(server, "/flaky"), timeout=10)
    assert reply.status == 200 and reply.json() == {"ok": "second"}
    assert len(server.hits["/flaky"]) == 2
    assert time.monotonic() - start >= 0.95


def test_429_without_retries_is_returned(server: Any) -> None:
    reply = fetch(_req(server, "/flaky"), timeout=10, retries=0)
    assert reply.status == 429 and reply.error is None
    assert len(server.hits["/flaky"]) == 1


def test_slow_body_stops_at_deadline(server: Any) -> None:
    start = time.monotonic()
    reply = fetch(_req(server, "/slow"), timeout=1.0)
    assert time.monotonic() - start < 2.0
    assert reply.status == 200
    assert reply.body == b"x" * 10
    assert reply.error is not None and "deadline" in reply.error


def test_malformed_and_truncated_bodies(server: Any) -> None:
    malformed, truncated = fetch_many(
        [_req(server, "/malformed"), _req(server, "/truncated")], timeout=5
    )
    assert malformed.status == 200 and malformed.error is None and malformed.json() is None
    assert truncated.status == 200 and truncated.body == b'{"partial": '
    assert truncated.error is not None and "incomplete" in truncated.error
    assert truncated.json() is None


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")
def test_huge_body_is_capped_in_a_child(server: Any) -> None:
    # Measured in a fresh interpreter so the peak is this fetch's, not the suite's.
    # VmHWM belongs to the new address space (getrusage's maxrss would also count the
    # forking parent's pages).
    code = textwrap.dedent(
        f"""
        import re
        from pathlib import Path
        from msticpy.common.http_transport import HttpRequest, fetch
        reply = fetch(HttpRequest("{server.base}/huge"), timeout=20, max_bytes=2**20)
        assert reply.status == 200, reply
        assert len(reply.body) == 2**20, len(reply.body)
        assert "max_bytes" in reply.error, reply.error
        status = Path("/proc/self/status").read_text()
        print(int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) // 1024)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=50, env=_env()
    )
    assert out.returncode == 0, out.stderr
    peak_mib = int(out.stdout.strip().splitlines()[-1])
    assert peak_mib < 100, f"peak RSS {peak_mib} MiB for a 100 MB body capped at 1 MiB"


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    reply = fetch(HttpRequest(f"http://127.0.0.1:{port}/x"), timeout=5, retries=1)
    assert reply.status == 0
    assert reply.error is not None and "2 attempts" in reply.error


def test_per_minute_quota_holds_across_calls(server: Any) -> None:
    set_group_limits("t-minute", per_minute=300)  # one request per 0.2 s
    first = fetch_many([_req(server, "/ok", "t-minute") for _ in range(3)], timeout=10)
    second = fetch_many([_req(server, "/ok", "t-minute") for _ in range(3)], timeout=10)
    assert all(r.status == 200 for r in first + second)
    times = sorted(server.hits["/ok"])
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(times) == 6
    assert min(gaps) >= 0.15, gaps
    assert get_group_limits("t-minute")["per_minute"] == 300


def test_concurrency_limit(server: Any) -> None:
    set_group_limits("t-conc", concurrency=2)
    replies = fetch_many([_req(server, "/hold", "t-conc") for _ in range(6)], timeout=10)
    assert all(r.status == 200 for r in replies)
    assert server.most_open == 2


def test_unlimited_group_runs_concurrently(server: Any) -> None:
    start = time.monotonic()
    replies = fetch_many([_req(server, "/hold", "t-wide") for _ in range(8)], timeout=10)
    assert all(r.status == 200 for r in replies)
    assert time.monotonic() - start < 1.5
    assert server.most_open > 2


def test_secret_never_in_error(server: Any) -> None:
    secret = "k3y-S3CR3T"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    requests = [
        HttpRequest(f"http://127.0.0.1:{port}/x?apikey={secret}"),
        HttpRequest(f"{server.base}/ok", headers={f"bad header {secret}": "v"}),
        HttpRequest(f"{server.base}/slow?apikey={secret}", headers={"x-apikey": secret}),
    ]
    replies = fetch_many(requests, timeout=1.0, retries=0, secrets=[secret])
    for reply in replies:
        assert reply.error is not None
        assert secret not in reply.error
        assert secret not in repr(reply)
    # Keys in the query string or in header values never reach a repr.
    assert secret not in repr(requests[0]) and secret not in repr(requests[2])
    assert "hidden" in repr(HttpRequest(f"http://u:{secret}@[::1/x"))
    assert "?..." in repr(HttpRequest(f"https://h:8443/p?key={secret}"))
    assert "[REDACTED]" in (replies[1].error or "")


def test_invalid_arguments(server: Any) -> None:
    good = _req(server, "/ok")
    with pytest.raises(ValueError, match="method"):
        fetch(_req(server, "/ok", method="DELETE"))
    with pytest.raises(ValueError, match="timeout"):
        fetch(good, timeout=0)
    with pytest.raises(ValueError, match="timeout"):
        fetch(good, timeout=float("nan"))
    with pytest.raises(ValueError, match="max_bytes"):
        fetch(good, max_bytes=-1)
    with pytest.raises(ValueError, match="retries"):
        fetch(good, retries=-1)
    with pytest.raises(ValueError, match="HttpRequest"):
        fetch_many([good.url])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="per_minute"):
        set_group_limits("t-bad", per_minute=0)
    with pytest.raises(ValueError, match="concurrency"):
        set_group_limits("t-bad", concurrency=0)
    assert fetch_many([]) == []
    bad_url = fetch(HttpRequest("not a url"), timeout=2)
    assert bad_url.status == 0 and bad_url.error is not None


def test_default_timeout_comes_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from msticpy.common import http_transport, pkg_config

    def fake_get_config(path: str, default: Any = None) -> Any:
        return [7, 2] if path == "msticpy.http_timeout" else default

    monkeypatch.setattr(pkg_config, "get_config", fake_get_config)
    assert http_transport._default_timeout() == 7.0
    monkeypatch.setattr(pkg_config, "get_config", lambda path, default=None: default)
    assert http_transport._default_timeout() == http_transport.DEFAULT_TIMEOUT


def test_progress_bar(
    server: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("tqdm")
    from msticpy.common import progress

    replies = fetch_many([_req(server, "/ok") for _ in range(12)], timeout=5, progress=True)
    assert all(r.status == 200 for r in replies)
    assert capsys.readouterr().err == ""  # stderr is not a terminal here: no bar
    monkeypatch.setattr(progress, "_is_terminal", lambda stream: True)
    fetch_many([_req(server, "/ok") for _ in range(5)], timeout=5, progress=True)
    assert capsys.readouterr().err == ""  # too small a batch to be worth a bar
    fetch_many([_req(server, "/ok") for _ in range(12)], timeout=5, progress=True)
    assert "12/12" in capsys.readouterr().err


def test_interrupt_in_progress_is_raised(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from msticpy.common import http_transport

    class Bar:
        closed = False

        def advance_to(self, done: int) -> None:
            raise KeyboardInterrupt

        def close(self) -> None:
            self.closed = True

    bar = Bar()
    monkeypatch.setattr(http_transport, "_progress_bar", lambda total, label=None: bar)
    with pytest.raises(KeyboardInterrupt):
        fetch_many([_req(server, "/ok") for _ in range(3)], timeout=5, progress=True)
    assert bar.closed


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_works_after_fork(server: Any) -> None:
    assert fetch(_req(server, "/ok"), timeout=5).status == 200  # runtime built in the parent
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report the status through the pipe, never run pytest code
        status = 0
        try:
            status = fetch(_req(server, "/ok"), timeout=5).status
        finally:
            os.write(write_end, str(status).encode())
            os._exit(0)
    os.close(write_end)
    _, code = os.waitpid(pid, 0)
    assert os.read(read_end, 16) == b"200"
    os.close(read_end)
    assert code == 0
    assert fetch(_req(server, "/ok"), timeout=5).status == 200  # the parent still works


def test_inside_a_running_event_loop(server: Any) -> None:
    async def main() -> int:
        # Jupyter runs cells inside a loop: the blocking call must still work there.
        return fetch(_req(server, "/ok"), timeout=5).status

    assert asyncio.run(main()) == 200


def test_gil_is_released(server: Any) -> None:
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    worker = threading.Thread(target=spin)
    worker.start()
    try:
        before = ticks
        reply = fetch(_req(server, "/hold"), timeout=5)
        during = ticks - before
    finally:
        stop.set()
        worker.join()
    assert reply.status == 200
    assert during >= 50, f"other thread ran {during} times in a 0.3 s fetch"


def _env() -> dict[str, str]:
    """The child imports the msticpy this test imported (installed, or the checkout's)."""
    import msticpy

    env = dict(os.environ)
    package_parent = Path(msticpy.__file__).resolve().parents[1]
    env["PYTHONPATH"] = os.pathsep.join(
        [str(package_parent), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env
