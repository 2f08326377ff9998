"""
``VTLookup.lookup_iocs`` (VirusTotal v2) against a loopback VirusTotal: ours vs msticpy 3.0.2.

Each side runs in its own interpreter with its own loopback server
(``tests/context/vt_loopback.py``) that answers every request after ``--latency`` seconds,
as a distant service would. ``--count`` IP addresses are looked up once; the row count and
the number of "Success" rows are printed with the time, so a fast wrong answer shows.
msticpy sends the requests one after the other; ours sends them through one ``fetch_many``
call (concurrent, within the "VirusTotal" group's limits).

    python benchmarks/bench_vtlookup.py [--ref-python PY] [--count 100] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from _harness import default_ref_python, run_worker

ROOT = Path(__file__).resolve().parents[1]


def worker(count: int, latency: float, side: str) -> None:
    """Time one ``lookup_iocs`` call in this interpreter; print a JSON line."""
    import json
    import time
    import warnings

    warnings.simplefilter("ignore")
    if side == "ref":  # the reference must not import this checkout's package
        sys.path[:] = [p for p in sys.path if not p.startswith(str(ROOT))]
    sys.path.insert(0, str(ROOT / "tests" / "context"))
    import pandas as pd
    import vt_canned as canned
    from vt_loopback import vt_service

    from msticpy.context.vtlookupv3.vtlookup import VTLookup

    ips = [f"8.8.{i // 250}.{i % 250 + 1}" for i in range(count)]
    reply = canned.v2_ip(["h.example.com"], [("http://u.example.com/", 1)])
    answers = {("/vtapi/v2/ip-address/report", ip): (200, reply, {"delay": latency}) for ip in ips}
    with vt_service(answers) as server:
        VTLookup._VT_API = server.base + "/vtapi/v2/{type}/report"
        lookup = VTLookup("bench-key", verbosity=0)
        data = pd.DataFrame({"Observable": ips, "IoCType": ["ipv4"] * count})
        start = time.perf_counter()
        result = lookup.lookup_iocs(data)
        elapsed = time.perf_counter() - start
    ok = int((result["Status"] == "Success").sum())
    print(json.dumps({"seconds": elapsed, "rows": len(result), "ok": ok}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref-python", default=default_ref_python())
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("args", nargs="*")
    opts = parser.parse_args()
    if opts.worker:
        worker(int(opts.args[0]), float(opts.args[1]), opts.args[2])
        return
    script = str(Path(__file__).resolve())
    ours = run_worker(sys.executable, script, opts.count, opts.latency, "ours")
    ref = (
        run_worker(opts.ref_python, script, opts.count, opts.latency, "ref")
        if os.path.exists(opts.ref_python)
        else None
    )
    print(f"VTLookup.lookup_iocs, {opts.count} IPv4 addresses, {opts.latency * 1000:.0f} ms each")
    print(f"{'side':<16}{'seconds':>10}{'rows':>8}{'ok':>6}")
    for name, res in (("ours", ours), ("msticpy 3.0.2", ref)):
        if res is None:
            print(f"{name:<16}{'n/a':>10}")
        else:
            print(f"{name:<16}{res['seconds']:>10.2f}{res['rows']:>8}{res['ok']:>6}")
    if ours and ref and ours["rows"] == ref["rows"] and ours["ok"] == ref["ok"]:
        print(f"ratio (msticpy / ours): {ref['seconds'] / ours['seconds']:.1f}x, same rows")


if __name__ == "__main__":
    main()
