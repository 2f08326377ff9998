"""
Process-tree navigation helpers: ours vs msticpy 3.0.2, in one run.

Trees are built (by each side's own ``build_process_tree``) from generated Windows 4688
events (``tests/parity/proctree_generate.py``) of two sizes. Each helper is called on
the same processes on both sides: ``get_descendents`` and ``get_children`` on up to 40
roots, ``get_ancestors``, ``get_root_tree``, ``get_siblings``, ``get_parent`` and
``get_root`` on the 40 deepest processes. Reported: milliseconds per call (best of
``--repeat`` passes) and the ratio; the answers are compared by a digest of the result
indexes.

    python benchmarks/bench_proctree_nav.py [--ref-python PY] [--repeat R]
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
SIZES = (3_000, 100_000)
HELPERS = (
    "get_descendents",
    "get_children",
    "get_ancestors",
    "get_root_tree",
    "get_siblings",
    "get_parent",
    "get_root",
)


def worker(n_events: int, repeat: int) -> None:
    """Time every helper and print JSON (runs in the measured interpreter)."""
    import warnings

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(ROOT / "tests" / "parity"))
    import pandas as pd
    from proctree_generate import generate_events

    from msticpy.transform import process_tree_utils as utils
    from msticpy.transform.proc_tree_builder import build_process_tree

    frame = pd.DataFrame(generate_events(n_events, seed=7, os_family="windows"))
    frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"])
    tree = build_process_tree(frame)
    roots = list(utils.get_roots(tree).index[:40])
    deepest = list(tree["path"].str.count("/").sort_values(kind="stable").index[-40:])
    timings: dict[str, float] = {}
    digest = hashlib.sha256()
    for name in HELPERS:
        helper = getattr(utils, name)
        keys = roots if name in ("get_descendents", "get_children") else deepest
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            answers = [helper(tree, key) for key in keys]
            best = min(best, (time.perf_counter() - start) / len(keys))
        timings[name] = best
        for answer in answers:
            part = answer.index if isinstance(answer, pd.DataFrame) else [answer.name]
            digest.update("\n".join(map(str, part)).encode())
    print(json.dumps({"tree_rows": len(tree), "ms": timings, "digest": digest.hexdigest()}))


def main() -> None:
    """Print the ratio table."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(int(sys.argv[2]), int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref-python", default=default_ref_python())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    have_ref = Path(args.ref_python).exists()
    print("Noisy 2-core machine: compare ratios. Milliseconds per call, best of --repeat.")
    print(f"{'tree rows':>9} {'helper':<16} {'ours ms':>8} {'ref ms':>8} {'ratio':>7}")
    for n_events in SIZES:
        ours = run_worker(sys.executable, __file__, n_events, args.repeat)
        ref = run_worker(args.ref_python, __file__, n_events, args.repeat) if have_ref else None
        if ours is None:
            print(f"{n_events:>9} ours failed")
            continue
        for name in HELPERS:
            mine = ours["ms"][name] * 1000
            if ref is None:
                print(f"{ours['tree_rows']:>9} {name:<16} {mine:>8.2f} reference missing")
                continue
            theirs = ref["ms"][name] * 1000
            print(
                f"{ours['tree_rows']:>9} {name:<16} {mine:>8.2f} {theirs:>8.2f} "
                f"{theirs / mine:>6.1f}x"
            )
        if ref is not None:
            same = "equal" if ours["digest"] == ref["digest"] else "DIFFERENT"
            print(f"{'':>9} answers: {same}")


if __name__ == "__main__":
    main()
