"""
Query library load time: ours vs msticpy 3.0.2, in one run.

Generates a library of query files (``tests/parity/query_generate.py``, seeded) into a
temporary folder and times ``QueryStore.import_files`` on it in each interpreter (both
packages are called ``msticpy``), plus rendering every query once. The results are
compared by a digest of the loaded query names, docstrings and templates.

    python benchmarks/bench_query.py [--ref-python PY] [--files N] [--queries N] [--repeat N]

Each side is timed ``--repeat`` times (default 3) in its interpreter after one warm-up
load; the best run counts: on a shared 2-core machine other load only ever adds time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "parity"))


def worker(folder: str, repeat: int) -> None:
    """Time loading (and rendering) the library; print JSON (in the measured interpreter)."""
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from msticpy.data.core.query_store import QueryStore

    QueryStore.import_files([folder])  # warm-up (imports, caches)
    loads, renders = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        stores = QueryStore.import_files([folder])
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        for store in stores.values():
            for name in store.query_names:
                store.get_query(name).create_query(
                    start="2024-01-01", end="2024-01-02", host_name="web01"
                )
        renders.append(time.perf_counter() - start)
    digest = hashlib.sha256()
    count = 0
    for env in sorted(stores):
        for name in stores[env].query_names:
            source = stores[env].get_query(name)
            digest.update(f"{env}:{name}\n{source.create_doc_string()}\n{source.query}".encode())
            count += 1
    print(
        json.dumps(
            {
                "load": min(loads),
                "render": min(renders),
                "queries": count,
                "digest": digest.hexdigest(),
            }
        )
    )


def _run(python: str, folder: str, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH="")
    out = subprocess.run(
        [python, __file__, "--worker", folder, "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd="/",
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--ref-python", default=os.environ.get("MSTICPY_REF_PYTHON", "/opt/ref/v302/bin/python")
    )
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--queries", type=int, default=6, help="queries per file")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.repeat)
        return 0
    from query_generate import make_library

    with tempfile.TemporaryDirectory(prefix="bench-query-") as folder:
        library = make_library(seed=2024, files=args.files, queries=args.queries)
        for name, text in library.items():
            Path(folder, name).write_text(text, encoding="utf-8")
        size = sum(len(t.encode()) for t in library.values())
        print(f"library: {args.files} files x {args.queries} queries, {size / 1024:.0f} KiB")
        ours = _run(sys.executable, folder, args.repeat)
        theirs = _run(args.ref_python, folder, args.repeat)
    same = ours["digest"] == theirs["digest"]
    print(f"{'':10} {'load (ms)':>10} {'render all (ms)':>16} {'queries':>8}")
    for label, row in (("msticpy", theirs), ("ours", ours)):
        print(
            f"{label:10} {row['load'] * 1000:10.1f} {row['render'] * 1000:16.1f} {row['queries']:8}"
        )
    print(
        f"load speedup {theirs['load'] / ours['load']:.1f}x, "
        f"render speedup {theirs['render'] / ours['render']:.1f}x, identical: {same}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
