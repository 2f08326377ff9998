"""
Query provider start-up with the whole built-in library: ours vs msticpy 3.0.2.

``QueryProvider(env)`` reads and validates every query file of the environment and builds
the ``qp.Family.query`` attributes; it is the cell every data notebook runs first. Per
environment (Sentinel: 191 queries, Defender for Endpoint: 125, Microsoft 365 Defender:
73), each side is timed:

* ``first``: in a fresh interpreter with an IPython shell and pandas already loaded (as
  in a notebook kernel after its first cell), ``from msticpy.data import QueryProvider``
  plus the first ``QueryProvider(env)``; median of ``--repeats`` processes;
* ``warm``: another ``QueryProvider(env)`` in the same process (median of 10);
* ``render all``: every query of the environment rendered once through the provider's
  ``"print"`` path (warm; median of 5).

    python benchmarks/bench_provider_start.py [--ref-python PY] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

from _harness import default_ref_python

ENVIRONMENTS = ["MSSentinel", "MDE", "M365D"]

WORKER = r"""
import json, logging, statistics, sys, time, warnings
warnings.simplefilter("ignore"); logging.disable(logging.CRITICAL)
import pandas
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
env = sys.argv[1]
t = time.perf_counter()
from msticpy.data import QueryProvider
qp = QueryProvider(env)
first = time.perf_counter() - t
names = qp.list_queries()
warm = []
for _ in range(10):
    t = time.perf_counter(); QueryProvider(env); warm.append(time.perf_counter() - t)

def required(source):
    values = {}
    for name, spec in source.params.items():
        if "default" in spec:
            continue
        kind = spec.get("type")
        values[name] = (
            "2024-05-06" if kind == "datetime" else ["a", "b"] if kind == "list"
            else 5 if kind == "int" else "web01"
        )
    return values

calls = []
for qualified in names:
    family, name = qualified.rsplit(".", 1)
    source = qp.query_store.get_query(query_path=family, query_name=name)
    calls.append((getattr(qp, qualified), required(source)))
renders = []
for _ in range(5):
    t = time.perf_counter()
    for call, values in calls:
        call("print", **values)
    renders.append(time.perf_counter() - t)
print(json.dumps({"queries": len(names), "first": first,
                  "warm": statistics.median(warm), "render": statistics.median(renders)}))
"""


def measure(python: str, env: str, repeats: int, reference: bool = False) -> dict | None:
    """Median figures over ``repeats`` fresh processes, or None when it fails."""
    environ = dict(os.environ)
    if reference:  # the reference must not see our package through PYTHONPATH
        for name in ("PYTHONPATH", "VIRTUAL_ENV"):
            environ.pop(name, None)
    runs = []
    for _ in range(repeats):
        proc = subprocess.run(
            [python, "-c", WORKER, env],
            capture_output=True,
            text=True,
            cwd="/",
            env=environ,
            check=False,
        )
        if proc.returncode != 0:
            print(proc.stderr[-1500:], file=sys.stderr)
            return None
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return {
        key: statistics.median(run[key] for run in runs) for key in ("first", "warm", "render")
    } | {"queries": runs[0]["queries"]}


def main() -> None:
    """Print the start-up table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref-python", default=default_ref_python())
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"median of {args.repeats} fresh processes; times in ms")
    print(f"{'environment':<12} {'case':<11} {'queries':>7} {'ours':>8} {'msticpy':>8} {'x':>6}")
    for env in ENVIRONMENTS:
        ours = measure(sys.executable, env, args.repeats)
        ref = measure(args.ref_python, env, args.repeats, reference=True)
        for key in ("first", "warm", "render"):
            mine = ours[key] * 1000 if ours else None
            theirs = ref[key] * 1000 if ref else None
            count = (ours or ref or {}).get("queries", 0)
            ratio = f"{theirs / mine:5.1f}x" if mine and theirs else f"{'-':>6}"
            mine_txt = f"{mine:8.1f}" if mine is not None else f"{'error':>8}"
            theirs_txt = f"{theirs:8.1f}" if theirs is not None else f"{'absent':>8}"
            label = {"first": "first", "warm": "warm", "render": "render all"}[key]
            print(f"{env:<12} {label:<11} {count:>7} {mine_txt} {theirs_txt} {ratio}")


if __name__ == "__main__":
    main()
