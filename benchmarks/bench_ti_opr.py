"""
Open PageRank look-ups against a slow loopback service: ours vs msticpy 3.0.2.

A local HTTP server (127.0.0.1, a listen backlog of 256) answers every
``getPageRank`` request after ``--latency`` seconds, as a distant API would. Each side,
in its own interpreter with ``OPR._BASE_URL`` pointed at the server, times:

* ``lookup_iocs`` of N domains: 100 per request in both; msticpy sends the batches one
  after another, ours in one transport call (concurrently);
* ``lookup_items`` of 50 domains (the ``TILookup`` path): one request per domain in both.

The row counts of both sides are printed as the correctness check.

    python benchmarks/bench_ti_opr.py [--ref-python PY] [--domains 1000] [--latency 0.2]
"""

from __future__ import annotations

import argparse
import json
import os
import socketserver
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

from _harness import default_ref_python

WORKER = r"""
import json, sys, time, warnings, logging
warnings.simplefilter("ignore"); logging.disable(logging.CRITICAL)
from msticpy.context.tiproviders.open_page_rank import OPR
try:
    from msticpy.context import lookup_cache
    lookup_cache.configure(enabled=False)
except ImportError:
    pass
base, count = sys.argv[2], int(sys.argv[3])
prov = OPR(AuthKey="bench-key")
prov._BASE_URL = base
domains = [f"site{n}.example.com" for n in range(count)]
t = time.perf_counter(); bulk = prov.lookup_iocs(domains); bulk_s = time.perf_counter() - t
t = time.perf_counter(); items = prov.lookup_items(domains[:50]); items_s = time.perf_counter() - t
import msticpy
print(json.dumps({"bulk": bulk_s, "bulk_rows": len(bulk), "items": items_s,
                  "items_rows": len(items), "version": msticpy.__version__}))
"""


def _run(python: str, base: str, count: int, *, reference: bool) -> dict[str, Any] | None:
    """Run the worker; the reference side gets no PYTHONPATH (it must not see ours)."""
    env = dict(os.environ)
    if reference:
        env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [python, "-c", WORKER, "--worker", base, str(count)],
        capture_output=True,
        text=True,
        cwd="/",
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        del args

    def do_GET(self) -> None:
        time.sleep(self.server.latency)  # type: ignore[attr-defined]
        query = unquote(self.path.split("?", 1)[-1])
        domains = [v for k, v in parse_qsl(query) if k.startswith("domains[")]
        records = [{"status_code": 200, "domain": d, "rank": "1"} for d in domains]
        body = json.dumps({"status_code": 200, "response": records}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    # The default backlog (5) drops connections of a concurrent client: each costs a
    # one-second SYN retry, which would be timed instead of the client.
    request_queue_size = 256
    daemon_threads = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref-python", default=default_ref_python())
    parser.add_argument("--domains", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    assert issubclass(_Server, socketserver.TCPServer)
    server = _Server(("127.0.0.1", 0), _Handler)
    server.latency = args.latency  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        ours = _run(sys.executable, base, args.domains, reference=False)
        theirs = _run(args.ref_python, base, args.domains, reference=True)
    finally:
        server.shutdown()
    versions = [side["version"] if side else "failed" for side in (ours, theirs)]
    print(
        f"OPR, {args.domains} domains, {args.latency * 1000:.0f} ms per request "
        f"(ours {versions[0]}, reference {versions[1]})"
    )
    print(f"{'case':<22}{'ours s':>10}{'msticpy s':>12}{'speedup':>10}  rows equal")
    for case, rows in (("lookup_iocs", "bulk_rows"), ("lookup_items (50)", "items_rows")):
        key = "bulk" if rows == "bulk_rows" else "items"
        mine = ours[key] if ours else float("nan")
        ref = theirs[key] if theirs else float("nan")
        equal = bool(ours and theirs and ours[rows] == theirs[rows])
        print(f"{case:<22}{mine:>10.2f}{ref:>12.2f}{ref / mine:>10.1f}  {equal}")


if __name__ == "__main__":
    main()
