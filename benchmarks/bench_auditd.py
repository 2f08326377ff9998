"""
auditd throughput: ours vs msticpy 3.0.2, in one run.

``read_from_file`` on ``audit.log`` from ``shared/bench/make_corpus.py`` (50,000 events,
300,000 lines, 47.8 MB; generated into ``--corpus-dir`` when missing). Each side runs in
its own interpreter (both packages are called ``msticpy``); the frames are compared by
a digest of their columns, dtypes (object and pandas 3's ``str`` both count as text) and
cells. LAUREL's published rate (``reference/peers.md`` 2.4: about 60-80 k lines/s of CPU
on the same corpus) is printed for comparison.

    python benchmarks/bench_auditd.py [--ref-python PY] [--quick]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from _harness import default_ref_python, run_worker

ROOT = Path(__file__).resolve().parents[1]
LAUREL_LINES_PER_S = (60_000, 80_000)


def worker(path: str, limit: int, repeat: int) -> None:
    """Time ``read_from_file`` (best of ``repeat``) and print JSON."""
    import contextlib
    import hashlib
    import io
    import logging
    import tempfile
    import time
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from msticpy.transform.auditdextract import read_from_file

    if limit:
        with open(path, encoding="utf-8") as fh:
            head = [next(fh) for _ in range(limit)]
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as tmp:
            tmp.writelines(head)
        path = tmp.name
    lines = sum(1 for _ in open(path, encoding="utf-8"))
    best_wall, best_cpu, frame = float("inf"), float("inf"), None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):  # msticpy prints timings
            frame = read_from_file(path)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    assert frame is not None
    digest = hashlib.sha256()
    for name in frame.columns:
        col = frame[name]
        kind = "text" if str(col.dtype) in ("object", "str", "string") else str(col.dtype)
        digest.update(f"{name}|{kind}|".encode())
        digest.update("\x1f".join("" if v != v else str(v) for v in col.tolist()).encode())
    print(
        json.dumps(
            {
                "lines": lines,
                "rows": len(frame),
                "cols": frame.shape[1],
                "wall": best_wall,
                "cpu": best_cpu,
                "digest": digest.hexdigest(),
            }
        )
    )


def run(python: str, path: Path, limit: int, repeat: int) -> dict | None:
    """Run the worker in ``python``; None if it fails."""
    return run_worker(python, __file__, path, limit, repeat)


def main() -> None:
    """Print the ratio table."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    default_ref = default_ref_python()
    parser.add_argument("--ref-python", default=default_ref)
    parser.add_argument("--corpus-dir", default=str(ROOT / "scratch" / "corpus"))
    parser.add_argument("--quick", action="store_true", help="first 30,000 lines")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours (best kept)")
    args = parser.parse_args()
    corpus = Path(args.corpus_dir)
    log = corpus / "audit.log"
    if not log.exists():
        maker = ROOT.parent / "shared" / "bench" / "make_corpus.py"
        subprocess.run([sys.executable, str(maker), str(corpus)], check=True)
    limit = 30_000 if args.quick else 0
    ours = run(sys.executable, log, limit, args.repeat)
    ref = run(args.ref_python, log, limit, 1) if Path(args.ref_python).exists() else None
    print("Noisy 2-core machine: compare ratios. Best wall and process CPU time.")
    print(
        f"{'impl':<16} {'lines':>8} {'rows':>6} {'cols':>5} {'wall s':>8} {'cpu s':>8} "
        f"{'lines/s':>10}"
    )
    for name, res in (("ours", ours), ("msticpy 3.0.2", ref)):
        if res is None:
            print(f"{name:<16} failed or not installed")
            continue
        rate = res["lines"] / res["wall"]
        print(
            f"{name:<16} {res['lines']:>8} {res['rows']:>6} {res['cols']:>5} "
            f"{res['wall']:>8.3f} {res['cpu']:>8.3f} {rate:>10,.0f}"
        )
    lo, hi = LAUREL_LINES_PER_S
    print(f"{'LAUREL 0.8.2':<16} {'(published, peers.md 2.4, CPU)':>40} {lo:>10,}-{hi:,}")
    if ours and ref:
        same = "equal" if ours["digest"] == ref["digest"] else "DIFFERENT"
        print(
            f"ratio vs msticpy: wall {ref['wall'] / ours['wall']:.1f}x, "
            f"cpu {ref['cpu'] / max(ours['cpu'], 1e-9):.1f}x; frames {same}"
        )
    if ours:
        rate = ours["lines"] / max(ours["cpu"], 1e-9)
        print(f"ours vs LAUREL (CPU lines/s): {rate / hi:.1f}x-{rate / lo:.1f}x")


if __name__ == "__main__":
    main()
