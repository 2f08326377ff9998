"""
Batch DNS: ``dns_resolve_many`` vs msticpy 3.0.2's ``dns_resolve`` called per name.

Both sides query the same loopback responder (``tests/context/dns_responder.py``), which
answers each query after ``--delay`` seconds, as a remote resolver would. Prints wall
times, the ratio and whether every name got the same addresses.

    python benchmarks/bench_dns.py [--names 200] [--delay 0.02]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "context"))
REF_PYTHON = os.environ.get(
    "MSTICPY_REF_PYTHON", str(Path.home() / ".cache/msticpy-ref/v302/bin/python")
)
REF_CODE = """
import json, sys, time
from msticpy.context import domain_utils
port, names = json.load(sys.stdin)
domain_utils._dns_resolver.nameservers = ["127.0.0.1"]
domain_utils._dns_resolver.port = port
start = time.perf_counter()
out = [sorted(domain_utils.dns_resolve(n).get("rrset", [])) for n in names]
print(json.dumps([time.perf_counter() - start, out]))
"""


def main() -> int:
    """Run both sides and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.02)
    args = parser.parse_args()
    from dns_responder import DnsResponder

    from msticpy.context import domain_utils

    responder = DnsResponder(delay=args.delay)
    names = [f"n{i}.bulk.test" for i in range(args.names)]
    try:
        domain_utils.configure_resolver([f"127.0.0.1:{responder.port}"], timeout=5)
        start = time.perf_counter()
        ours = [sorted(r.get("rrset", [])) for r in domain_utils.dns_resolve_many(names)]
        our_time = time.perf_counter() - start
        ref = None
        if Path(REF_PYTHON).exists():
            proc = subprocess.run(
                [REF_PYTHON, "-c", REF_CODE],
                input=json.dumps([responder.port, names]),
                capture_output=True,
                text=True,
                check=False,
                cwd="/",
                env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            )
            ref = json.loads(proc.stdout) if proc.returncode == 0 else None
    finally:
        responder.close()
    print(f"names={args.names} delay={args.delay}s")
    print(f"ours   dns_resolve_many: {our_time:.3f} s")
    if ref is None:
        print("reference: not available")
        return 0
    ref_time, ref_out = ref
    print(f"msticpy dns_resolve x{args.names}: {ref_time:.3f} s")
    print(f"ratio {ref_time / our_time:.1f}x, same answers: {ref_out == ours}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
