"""
build_process_tree throughput: ours vs msticpy 3.0.2, in one run.

Cases: 100,000 generated Windows 4688 events and 100,000 Linux auditd events
(``tests/parity/proctree_generate.py``: deep trees on three hosts, orphans, PID reuse,
equal timestamps, noise rows, duplicates, shuffled). Each side runs in its own
interpreter (both packages are called ``msticpy``) on the same rows; the best of
``--repeat`` runs is reported, and the trees are compared by a digest of the index and
the ``path``, ``parent_key`` and flag columns.

    python benchmarks/bench_proctree.py [--ref-python PY] [--events N] [--repeat R]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from _harness import default_ref_python, run_worker

ROOT = Path(__file__).resolve().parents[1]


def worker(os_family: str, n_events: int, repeat: int) -> None:
    """Time ``build_process_tree`` and print JSON (runs in the measured interpreter)."""
    import warnings

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(ROOT / "tests" / "parity"))
    import pandas as pd
    from proctree_generate import generate_events

    from msticpy.transform.proc_tree_builder import build_process_tree

    frame = pd.DataFrame(generate_events(n_events, seed=2024, os_family=os_family))
    frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"])
    build_process_tree(frame.head(200))  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        tree = build_process_tree(frame)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    digest = hashlib.sha256()
    for part in (
        tree.index,
        tree["path"],
        tree["parent_key"],
        tree["IsRoot"],
        tree["IsLeaf"],
    ):
        digest.update("\n".join("nan" if pd.isna(x) else str(x) for x in part).encode())
    print(
        json.dumps(
            {
                "rows": len(frame),
                "tree_rows": len(tree),
                "wall": min(walls),
                "cpu": min(cpus),
                "digest": digest.hexdigest(),
            }
        )
    )


def run(python: str, os_family: str, n_events: int, repeat: int) -> dict | None:
    """Run the worker in ``python``; None if it fails."""
    return run_worker(python, __file__, os_family, n_events, repeat)


def main() -> None:
    """Print the ratio table."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    default_ref = default_ref_python()
    parser.add_argument("--ref-python", default=default_ref)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    have_ref = Path(args.ref_python).exists()
    print("Noisy 2-core machine: compare ratios. Best of --repeat runs, wall and CPU time.")
    print(
        f"{'case':<8} {'events':>7} {'tree':>7} {'ours s':>8} {'ref s':>8} "
        f"{'wall x':>8} {'cpu x':>8}  trees"
    )
    for os_family in ("windows", "linux"):
        ours = run(sys.executable, os_family, args.events, args.repeat)
        ref = run(args.ref_python, os_family, args.events, args.repeat) if have_ref else None
        if ours is None:
            print(f"{os_family:<8} ours failed")
            continue
        if ref is None:
            print(f"{os_family:<8} {ours['rows']:>7} {ours['wall']:>8.3f} reference missing")
            continue
        same = "equal" if ours["digest"] == ref["digest"] else "DIFFERENT"
        print(
            f"{os_family:<8} {ours['rows']:>7} {ours['tree_rows']:>7} {ours['wall']:>8.3f} "
            f"{ref['wall']:>8.3f} {ref['wall'] / ours['wall']:>7.1f}x "
            f"{ref['cpu'] / max(ours['cpu'], 1e-9):>7.1f}x  {same}"
        )


if __name__ == "__main__":
    main()
