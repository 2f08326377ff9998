"""
Event clustering throughput: ours vs msticpy 3.0.2 (scikit-learn), in one run.

Case: ``procs.tsv`` from ``shared/bench/make_corpus.py`` (100,000 Windows process
events): ``add_process_features`` then ``dbcluster_events`` on msticpy's documented
feature set (``commandlineTokensFull``, ``pathScore``, ``isSystemSession``,
eps 0.0001) and on the hash features (``pathHash``, ``commandlineTokensHash``,
``isSystemSession``, eps 0.001). Each side runs in its own interpreter (both packages
are called ``msticpy``); results are compared by a digest of the labels and of the
clustered frame's index and ClusterSize. ``--scale N`` repeats the corpus N times
(1M events with 10) and reports our time and peak memory only.

    python benchmarks/bench_cluster.py [--ref-python PY] [--rows N] [--scale N]
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
sys.path.insert(0, str(ROOT / "tests"))
from peak_memory import PEAK_RSS_SOURCE  # noqa: E402

exec(PEAK_RSS_SOURCE)  # defines peak_rss_mb()

CLUSTERINGS = [
    (["commandlineTokensFull", "pathScore", "isSystemSession"], 0.0001),
    (["pathHash", "commandlineTokensHash", "isSystemSession"], 0.001),
]


def worker(path: str, rows: int, scale: int) -> None:
    """Time features + clustering and print JSON (runs in the measured interpreter)."""
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    import pandas as pd

    from msticpy.analysis.eventcluster import add_process_features, dbcluster_events

    frame = pd.read_csv(path, sep="\t", nrows=rows or None, dtype=str, keep_default_na=False)
    if scale > 1:
        frame = pd.concat([frame] * scale, ignore_index=True)
    frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"], utc=True, format="ISO8601")
    add_process_features(frame.head(50))  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    feats = add_process_features(frame)
    t1 = time.perf_counter()
    digest = hashlib.sha256()
    out_rows = []
    for columns, eps in CLUSTERINGS:
        out, model, _ = dbcluster_events(
            feats, columns, time_column="TimeGenerated", max_cluster_distance=eps
        )
        digest.update(model.labels_.astype("int64").tobytes())
        digest.update(out.index.to_numpy().astype("int64").tobytes())
        digest.update(out["ClusterSize"].to_numpy().astype("int64").tobytes())
        out_rows.append(len(out))
    t2, c2 = time.perf_counter(), time.process_time()
    print(
        json.dumps(
            {
                "rows": len(frame),
                "features_s": t1 - t0,
                "cluster_s": t2 - t1,
                "wall": t2 - t0,
                "cpu": c2 - c0,
                "out_rows": out_rows,
                "digest": digest.hexdigest(),
                "peak_mb": peak_rss_mb(),  # noqa: F821 (prepended source)
            }
        )
    )


def run(python: str, path: Path, rows: int, scale: int) -> dict | None:
    """Run the worker in ``python``; None if it fails."""
    return run_worker(python, __file__, path, rows, scale)


def main() -> None:
    """Print the ratio table."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    default_ref = default_ref_python()
    parser.add_argument("--ref-python", default=default_ref)
    parser.add_argument("--corpus-dir", default=str(ROOT / "scratch" / "corpus"))
    parser.add_argument("--rows", type=int, default=0, help="first N events (default all)")
    parser.add_argument("--scale", type=int, default=1, help="repeat the corpus N times")
    args = parser.parse_args()
    corpus = Path(args.corpus_dir)
    path = corpus / "procs.tsv"
    if not path.exists():
        maker = ROOT.parent / "shared" / "bench" / "make_corpus.py"
        subprocess.run([sys.executable, str(maker), str(corpus)], check=True)
    print("Noisy 2-core machine: compare ratios. One run each; peak RSS from VmHWM.")
    ours = run(sys.executable, path, args.rows, args.scale)
    if ours is None:
        print("ours failed")
        return
    print(
        f"ours: {ours['rows']} events  features {ours['features_s']:.2f}s  clustering "
        f"{ours['cluster_s']:.2f}s  total {ours['wall']:.2f}s (cpu {ours['cpu']:.2f}s)  "
        f"peak {ours['peak_mb']:.0f} MB  output rows {ours['out_rows']}"
    )
    if args.scale > 1 or not Path(args.ref_python).exists():
        return
    ref = run(args.ref_python, path, args.rows, 1)
    if ref is None:
        print("reference failed")
        return
    same = "equal" if ref["digest"] == ours["digest"] else "DIFFERENT"
    print(
        f"ref:  {ref['rows']} events  features {ref['features_s']:.2f}s  clustering "
        f"{ref['cluster_s']:.2f}s  total {ref['wall']:.2f}s (cpu {ref['cpu']:.2f}s)  "
        f"peak {ref['peak_mb']:.0f} MB  output rows {ref['out_rows']}"
    )
    print(
        f"ratio: features {ref['features_s'] / ours['features_s']:.1f}x  clustering "
        f"{ref['cluster_s'] / ours['cluster_s']:.1f}x  total {ref['wall'] / ours['wall']:.1f}x "
        f"(cpu {ref['cpu'] / max(ours['cpu'], 1e-9):.1f}x)  results {same}"
    )


if __name__ == "__main__":
    main()
