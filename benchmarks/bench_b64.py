"""
base64unpack throughput: ours vs msticpy 3.0.2, in one run.

Cases (corpus from ``shared/bench/make_corpus.py``, generated into ``--corpus-dir`` when
missing): ``unpack_df`` over ``b64rows.tsv`` (10,000 command lines, 30 % with blobs) and
over every line of ``corpus.txt`` (117,685 log lines). Each side runs in its own
interpreter (both packages are called ``msticpy``); results are compared by a digest of
the records (count and sorted sha256 list).

    python benchmarks/bench_b64.py [--ref-python PY] [--quick] [--repeat N]

Each side is timed ``--repeat`` times in its interpreter (default 3) and the best run
counts, for both sides alike: on a shared 2-core machine other load only ever adds time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

from _harness import default_ref_python, run_worker

ROOT = Path(__file__).resolve().parents[1]
CASES = {"b64rows": "b64rows.tsv", "corpus_lines": "corpus.txt"}


def worker(case: str, path: str, limit: int, repeat: int) -> None:
    """Time ``unpack_df`` on one case and print JSON (runs in the measured interpreter)."""
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    import pandas as pd

    from msticpy.transform.base64unpack import unpack_df

    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if case == "b64rows":
        lines = lines[1:]
    if limit:
        lines = lines[:limit]
    frame = pd.DataFrame({"CommandLine": lines})
    unpack_df(frame.head(50), "CommandLine")  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        out = unpack_df(frame, "CommandLine")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall, cpu = min(walls), min(cpus)
    digest = hashlib.sha256("\n".join(sorted(map(str, out["sha256"]))).encode()).hexdigest()
    print(
        json.dumps(
            {"rows": len(frame), "records": len(out), "wall": wall, "cpu": cpu, "digest": digest}
        )
    )


def run(python: str, case: str, path: Path, limit: int, repeat: int) -> dict | None:
    """Run the worker in ``python``; None if it fails."""
    return run_worker(python, __file__, case, path, limit, repeat)


def main() -> None:
    """Print the ratio table."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    default_ref = default_ref_python()
    parser.add_argument("--ref-python", default=default_ref)
    parser.add_argument("--corpus-dir", default=str(ROOT / "scratch" / "corpus"))
    parser.add_argument("--quick", action="store_true", help="first 2,000 lines per case")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per side (best counts)")
    args = parser.parse_args()
    corpus = Path(args.corpus_dir)
    if not all((corpus / name).exists() for name in CASES.values()):
        maker = ROOT.parent / "shared" / "bench" / "make_corpus.py"
        subprocess.run([sys.executable, str(maker), str(corpus)], check=True)
    limit = 2000 if args.quick else 0
    have_ref = Path(args.ref_python).exists()
    print(
        "Noisy 2-core machine: compare ratios. Wall and process CPU time, "
        f"best of {args.repeat} runs per side."
    )
    print(
        f"{'case':<14} {'rows':>7} {'records':>8} {'ours s':>8} {'ref s':>8} "
        f"{'wall x':>8} {'cpu x':>8}  results"
    )
    for case, name in CASES.items():
        ours = run(sys.executable, case, corpus / name, limit, args.repeat)
        ref = run(args.ref_python, case, corpus / name, limit, args.repeat) if have_ref else None
        if ours is None:
            print(f"{case:<14} ours failed")
            continue
        if ref is None:
            print(
                f"{case:<14} {ours['rows']:>7} {ours['records']:>8} {ours['wall']:>8.3f} "
                "reference not installed"
            )
            continue
        same = "equal" if ours["digest"] == ref["digest"] else "DIFFERENT"
        print(
            f"{case:<14} {ours['rows']:>7} {ours['records']:>8} {ours['wall']:>8.3f} "
            f"{ref['wall']:>8.3f} {ref['wall'] / ours['wall']:>7.1f}x "
            f"{ref['cpu'] / max(ours['cpu'], 1e-9):>7.1f}x  {same}"
        )


if __name__ == "__main__":
    main()
