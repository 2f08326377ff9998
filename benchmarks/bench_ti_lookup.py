"""
Bulk threat-intelligence look-ups: ours vs msticpy 3.0.2, against one loopback service.

``TILookup.lookup_iocs`` on ``--iocs`` public IPv4 addresses across three providers
(AlienVault OTX, VirusTotal, GreyNoise; each pointed at the service through its
``_BASE_URL``, the same attribute in both packages). The service (started here, on
127.0.0.1) adds ``--latency`` seconds to every reply, as a remote API would, and enforces
a quota of ``--quota`` requests per second over all providers, answering 429 past it; it
counts every request. Our providers are given request limits that fit the quota
(``set_rate_limits``, msticpyconfig ``RequestsPerMinute``); msticpy has none to give.
The service (``_async_ti_server.py``) runs on an asyncio loop with keep-alive, so it is
not the bottleneck of either side.

Each side runs in a fresh interpreter: ``first`` is the whole first call (imports,
provider set-up, look-ups) as a notebook meets it, ``lookups`` the ``lookup_iocs`` call
alone. Rows, hits and failed rows are reported, and the service's count of requests
that arrived over quota.

    python benchmarks/bench_ti_lookup.py [--iocs 10000] [--latency 0.02] [--quota 1500]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from _async_ti_server import AsyncTIService
from _harness import default_ref_python

PROVIDERS = ("OTX", "VirusTotal", "GreyNoise")

WORKER = r"""
import json, sys, time, warnings, logging
warnings.simplefilter("ignore"); logging.disable(logging.CRITICAL)
base, iocs_file, per_minute = sys.argv[1], sys.argv[2], float(sys.argv[3])
iocs = json.load(open(iocs_file))
t0 = time.perf_counter()
from msticpy.context.tilookup import TILookup
from msticpy.context.tiproviders.alienvault_otx import OTX
from msticpy.context.tiproviders.virustotal import VirusTotal
from msticpy.context.tiproviders.greynoise import GreyNoise
OTX._BASE_URL = base
VirusTotal._BASE_URL = base + "/"
GreyNoise._BASE_URL = base
providers = [cls(AuthKey="bench-key") for cls in (OTX, VirusTotal, GreyNoise)]
for provider in providers:
    if hasattr(provider, "set_rate_limits"):   # ours: stay within the service's quota
        provider.set_rate_limits(per_minute=per_minute, concurrency=32)
ti = TILookup(primary_providers=providers)
t1 = time.perf_counter()
frame = ti.lookup_iocs(iocs, progress=False)
t2 = time.perf_counter()
print(json.dumps({"first": t2 - t0, "lookups": t2 - t1, "rows": len(frame),
                  "hits": int(frame["Result"].astype(bool).sum()),
                  "failed": int((frame["Status"] != 0).sum())}))
"""


def _iocs(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < count:
        address = ipaddress.IPv4Address(rng.randrange(1 << 24, 223 << 24))
        if address.is_global:
            out.add(str(address))
    return sorted(out)


def _routes() -> dict[str, object]:
    """Canned answers written from each service's public API documentation."""
    otx_hit = {
        "pulse_info": {
            "count": 2,
            "pulses": [
                {"name": "Scanner campaign", "tags": ["scanner"], "references": []},
                {"name": "Botnet C2", "tags": ["c2"], "references": []},
            ],
        }
    }
    vt_report = {
        "response_code": 1,
        "verbose_msg": "IP address in dataset",
        "detected_urls": [],
        "detected_downloaded_samples": [],
        "resolutions": [{"hostname": "host.example.com", "last_resolved": "2026-11-01"}],
    }
    greynoise = {
        "noise": True,
        "riot": False,
        "classification": "malicious",
        "name": "unknown",
        "link": "https://viz.greynoise.io/ip/",
        "last_seen": "2026-12-01",
        "message": "Success",
    }
    return {
        r"/api/v1/indicators/IPv4/[^/]+/general": otx_hit,
        r"/vtapi/v2/ip-address/report": vt_report,
        r"/v3/community/[^/]+": greynoise,
    }


def run_side(python: str, base: str, iocs_file: str, per_minute: float, ours: bool) -> dict:
    """Run the worker in ``python``; the reference must not see our package."""
    env = dict(os.environ)
    if not ours:
        for name in ("PYTHONPATH", "VIRTUAL_ENV"):
            env.pop(name, None)
    proc = subprocess.run(
        [python, "-c", WORKER, base, iocs_file, str(per_minute)],
        capture_output=True,
        text=True,
        cwd="/",
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return {}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref-python", default=default_ref_python())
    parser.add_argument("--iocs", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--quota", type=int, default=1500, help="requests per second, all")
    args = parser.parse_args()
    iocs = _iocs(args.iocs)
    # Our limit per provider: 90% of an equal share of the quota.
    per_minute = 0.9 * args.quota / len(PROVIDERS) * 60
    iocs_file = Path("/tmp") / f"bench_ti_iocs_{os.getpid()}.json"
    iocs_file.write_text(json.dumps(iocs), encoding="utf-8")
    print(
        f"{args.iocs} IPv4 IoCs x {len(PROVIDERS)} providers ({', '.join(PROVIDERS)}); "
        f"service latency {args.latency * 1000:.0f} ms, quota {args.quota} requests/s"
    )
    print(
        f"{'side':<8} {'first s':>9} {'lookups s':>10} {'rows':>6} {'hits':>6} "
        f"{'failed':>7} {'requests':>9} {'over quota':>11}"
    )
    results = {}
    try:
        for side, python in (("ours", sys.executable), ("msticpy", args.ref_python)):
            if side == "msticpy" and not Path(python).exists():
                print("msticpy: reference interpreter absent")
                continue
            with AsyncTIService(_routes(), latency=args.latency, quota=args.quota) as svc:
                result = run_side(python, svc.base, str(iocs_file), per_minute, side == "ours")
                requests, over = svc.requests, svc.over_quota
            results[side] = result
            if not result:
                print(f"{side:<8} failed")
                continue
            print(
                f"{side:<8} {result['first']:9.2f} {result['lookups']:10.2f} {result['rows']:6} "
                f"{result['hits']:6} {result['failed']:7} {requests:9} {over:11}"
            )
    finally:
        iocs_file.unlink(missing_ok=True)
    if results.get("ours") and results.get("msticpy"):
        ratio = results["msticpy"]["first"] / results["ours"]["first"]
        print(f"speed-up (first call, wall): {ratio:.1f}x")


if __name__ == "__main__":
    main()
