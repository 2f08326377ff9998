#!/usr/bin/env python3
"""
First call and warm call, ours vs msticpy 3.0.2, per capability, size and corpus.

Every cell runs in a fresh interpreter per side (both packages are called ``msticpy``):
the worker loads its input (untimed), imports the capability's module (timed apart),
then times the **first call** and, in the same process, one **warm call** on the same
input. CPU seconds are process CPU of all threads, so a multithreaded call is charged
for every core it uses; the ratios quoted are reference CPU / our CPU.

Capabilities and bars (first call, every size):

===========  ==================================================================  ====
ioc_text     ``IoCExtract().extract(src=text)``, 2 and 20 MiB                    100x
ioc_df       ``IoCExtract().extract(data=df, columns=["CommandLine"])``           100x
b64          ``unpack_df(df, "CommandLine")``                                      50x
auditd       ``read_from_file(path)`` on the first N lines                         30x
proctree     ``build_process_tree(df)`` on N generated events                      20x
cluster      ``add_process_features`` + ``dbcluster_events`` on N events           20x
===========  ==================================================================  ====

Corpora: ``regular`` (``/work/shared/bench/make_corpus.py``) and ``hard``
(``benchmarks/make_hard_corpus.py``), generated into ``scratch/`` when missing. Process
trees come from ``tests/parity/proctree_generate.py`` (regular: Windows rows, 5 % PID
reuse; hard: auditd rows, 30 % PID reuse). The regular corpus has 10,000 base64 rows:
larger sizes repeat them.

    python benchmarks/bench_matrix.py                        # everything (~1 h)
    python benchmarks/bench_matrix.py --caps ioc_text ioc_df --sizes 1000 10000
    python benchmarks/bench_matrix.py --ref-cache scratch/matrix_ref.json   # reuse ref runs

Results of both sides are compared by digest (``equal`` / ``differ``). ``--ref-cache``
keeps the reference's cells, which do not change between runs of ours.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
CAPS = ("ioc_text", "ioc_df", "b64", "auditd", "proctree", "cluster")
BARS = {"ioc_text": 100, "ioc_df": 100, "b64": 50, "auditd": 30, "proctree": 20, "cluster": 20}
ROW_SIZES = (1_000, 10_000, 100_000)
TEXT_SIZES = (2 * MIB, 20 * MIB)
CORPORA = {
    "regular": ("scratch/corpus", Path("/work/shared/bench/make_corpus.py")),
    "hard": ("scratch/hard_corpus", ROOT / "benchmarks" / "make_hard_corpus.py"),
}
MODULES = {
    "ioc_text": "msticpy.transform.iocextract",
    "ioc_df": "msticpy.transform.iocextract",
    "b64": "msticpy.transform.base64unpack",
    "auditd": "msticpy.transform.auditdextract",
    "proctree": "msticpy.transform.proc_tree_builder",
    "cluster": "msticpy.analysis.eventcluster",
}
IMPORT_PROBE = (
    "import sys, time, importlib; t = time.perf_counter(); "
    "importlib.import_module(sys.argv[1]); print(time.perf_counter() - t)"
)


# -- worker: runs in the measured interpreter ----------------------------------------


def _lines(path: Path, count: int, header: bool) -> list[str]:
    """The first ``count`` data lines of ``path``, repeated when the file is shorter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if header:
        lines = lines[1:]
    out = lines[:count]
    while len(out) < count:
        out.extend(lines[: count - len(out)])
    return out


def _text(path: Path, size: int) -> str:
    """The first ``size`` bytes of ``path``, cut back to a line end."""
    data = path.read_bytes()[:size]
    return data[: data.rfind(b"\n") + 1].decode("utf-8")


def _frame_digest(frame: Any) -> str:
    """Order-independent digest of a frame's columns and cells."""
    digest = hashlib.sha256()
    for name in sorted(map(str, frame.columns)):
        # None (object columns) and NaN (pandas 3 ``str``) both spell a missing cell.
        cells = sorted("" if v is None or v != v else str(v) for v in frame[name].tolist())
        digest.update(name.encode() + b"\x1e" + "\x1f".join(cells).encode())
    return digest.hexdigest()


def _prepare(cap: str, corpus: Path, size: int, flavour: str) -> tuple[Any, Any, Any]:
    """Return (call, input, digest function) for one cell; loading is not timed."""
    if cap == "ioc_text":
        from msticpy.transform.iocextract import IoCExtract

        def text_digest(res: Any) -> str:
            pairs = sorted(f"{k}\x1f{v}" for k, vals in res.items() for v in vals)
            return hashlib.sha256("\n".join(pairs).encode()).hexdigest()

        return (
            (lambda s: IoCExtract().extract(src=s)),
            _text(corpus / "corpus.txt", size),
            text_digest,
        )
    import pandas as pd

    if cap == "ioc_df":
        from msticpy.transform.iocextract import IoCExtract

        frame = pd.DataFrame({"CommandLine": _lines(corpus / "cmdlines.tsv", size, True)})
        call = lambda df: IoCExtract().extract(data=df, columns=["CommandLine"])  # noqa: E731
        return call, frame, lambda out: _frame_digest(out[["IoCType", "Observable", "SourceIndex"]])
    if cap == "b64":
        from msticpy.transform.base64unpack import unpack_df

        frame = pd.DataFrame({"CommandLine": _lines(corpus / "b64rows.tsv", size, True)})
        return (
            (lambda df: unpack_df(df, "CommandLine")),
            frame,
            lambda out: _frame_digest(
                out[["src_index", "decoded_string", "sha256"]] if len(out) else out
            ),
        )
    if cap == "auditd":
        from msticpy.transform.auditdextract import read_from_file

        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False, encoding="utf-8") as tmp:
            tmp.write("\n".join(_lines(corpus / "audit.log", size, False)) + "\n")

        def read(path: str) -> Any:
            with contextlib.redirect_stdout(io.StringIO()):  # msticpy prints timings
                return read_from_file(path)

        return read, tmp.name, _frame_digest
    if cap == "proctree":
        sys.path.insert(0, str(ROOT / "tests" / "parity"))
        from proctree_generate import generate_events

        from msticpy.transform.proc_tree_builder import build_process_tree

        if flavour == "hard":
            rows = generate_events(size, seed=0x22F1C4, os_family="linux", reuse=0.3)
        else:
            rows = generate_events(size, seed=2024, os_family="windows")
        frame = pd.DataFrame(rows)
        frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"])

        def tree_digest(tree: Any) -> str:
            return _frame_digest(tree[["path", "parent_key", "IsRoot", "IsLeaf"]].reset_index())

        return build_process_tree, frame, tree_digest
    if cap == "cluster":
        from msticpy.analysis.eventcluster import add_process_features, dbcluster_events

        frame = pd.read_csv(
            corpus / "procs.tsv",
            sep="\t",
            nrows=size,
            dtype=str,
            keep_default_na=False,
            quoting=3,
        )
        frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"], utc=True, format="ISO8601")

        def cluster(df: Any) -> Any:
            feats = add_process_features(df)
            out, model, _ = dbcluster_events(
                feats,
                ["commandlineTokensFull", "pathScore", "isSystemSession"],
                time_column="TimeGenerated",
                max_cluster_distance=0.0001,
            )
            return out, model

        def cluster_digest(res: Any) -> str:
            out, model = res
            digest = hashlib.sha256(model.labels_.astype("int64").tobytes())
            digest.update(out["ClusterSize"].to_numpy().astype("int64").tobytes())
            return digest.hexdigest()

        return cluster, frame, cluster_digest
    raise ValueError(cap)


def _timed(call: Any, arg: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call(arg)
    return time.process_time() - cpu, time.perf_counter() - wall, result


def worker(
    cap: str, corpus: str, size: int, flavour: str, out_file: str, warm_limit: float
) -> None:
    """Time the first and the warm call of one cell; write JSON to ``out_file``.

    The warm call is skipped (``null``) when the first call took longer than
    ``warm_limit`` seconds of wall time: a slow reference call would double the run.
    """
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    import msticpy

    setup_s = time.perf_counter() - start
    call, data, digest_of = _prepare(cap, Path(corpus), size, flavour)
    first_cpu, first_wall, result = _timed(call, data)
    digest = digest_of(result)
    del result
    warm_cpu = warm_wall = warm_same = None
    if first_wall <= warm_limit:
        warm_cpu, warm_wall, result = _timed(call, data)
        warm_same = digest_of(result) == digest
    Path(out_file).write_text(
        json.dumps(
            {
                "version": getattr(msticpy, "__version__", "?"),
                "setup_s": setup_s,
                "first_cpu": first_cpu,
                "first_wall": first_wall,
                "warm_cpu": warm_cpu,
                "warm_wall": warm_wall,
                "digest": digest,
                "warm_same": warm_same,
            }
        ),
        encoding="utf-8",
    )


# -- harness -------------------------------------------------------------------------


def _env(side: str) -> dict[str, str]:
    """The reference must not see our checkout through PYTHONPATH."""
    env = dict(os.environ)
    if side == "ref":
        env.pop("PYTHONPATH", None)
    elif env.get("PYTHONPATH"):
        # Workers run in a scratch directory: relative entries would point nowhere.
        parts = env["PYTHONPATH"].split(os.pathsep)
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in parts if p)
    return env


def run_cell(
    python: str,
    side: str,
    cap: str,
    corpus: Path,
    size: int,
    flavour: str,
    timeout: float,
    warm_limit: float = float("inf"),
) -> dict[str, Any]:
    """Run one worker in a fresh interpreter; an ``error`` key when it fails."""
    with tempfile.TemporaryDirectory(prefix="bench_matrix_") as tmp:
        out = Path(tmp) / "out.json"
        cmd = [python, str(Path(__file__).resolve()), "--worker", cap, str(corpus), str(size)]
        cmd += [flavour, str(out), str(warm_limit)]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, cwd=tmp, env=_env(side), timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return {"error": f"timeout {timeout:.0f} s"}
        if proc.returncode != 0 or not out.exists():
            tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
            return {"error": f"exit {proc.returncode}: {tail[0][:120]}"}
        return json.loads(out.read_text(encoding="utf-8"))


def import_time(python: str, side: str, module: str, repeats: int) -> float | None:
    """Median wall seconds of importing ``module`` in fresh interpreters."""
    samples = []
    for _ in range(repeats):
        proc = subprocess.run(
            [python, "-c", IMPORT_PROBE, module],
            capture_output=True,
            text=True,
            cwd="/",
            env=_env(side),
            check=False,
        )
        if proc.returncode != 0:
            return None
        samples.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


INPUT_FILES = {
    "ioc_text": "corpus.txt",
    "ioc_df": "cmdlines.tsv",
    "b64": "b64rows.tsv",
    "auditd": "audit.log",
    "cluster": "procs.tsv",
}


def ensure_corpus(flavour: str, caps: list[str]) -> Path:
    """The corpus directory, generated when a file the capabilities read is missing."""
    rel, maker = CORPORA[flavour]
    path = ROOT / rel
    needed = [INPUT_FILES[cap] for cap in caps if cap in INPUT_FILES]
    if not all((path / name).exists() for name in needed):
        print(f"generating the {flavour} corpus in {path} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, str(maker), str(path)], check=True)
    return path


def size_label(cap: str, size: int) -> str:
    return f"{size // MIB} MiB" if cap == "ioc_text" else f"{size:,}"


def fmt_ratio(ref: dict[str, Any], ours: dict[str, Any], key: str) -> str:
    if "error" in ref or "error" in ours or ref[key] is None or ours[key] is None:
        return "-"
    return f"{ref[key] / max(ours[key], 1e-6):.0f}x"


def fmt_s(res: dict[str, Any], key: str) -> str:
    if "error" in res:
        return str(res["error"])
    return "skipped" if res[key] is None else f"{res[key]:.3f}"


def verdict(cap: str, ref: dict[str, Any], ours: dict[str, Any]) -> str:
    if "error" in ref or "error" in ours:
        return "-"
    return "met" if ref["first_cpu"] / max(ours["first_cpu"], 1e-6) >= BARS[cap] else "MISSED"


def main(argv: list[str] | None = None) -> int:
    """Run the matrix and print one table (and ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--caps", nargs="+", choices=CAPS, default=list(CAPS))
    parser.add_argument("--corpora", nargs="+", choices=list(CORPORA), default=list(CORPORA))
    parser.add_argument("--sizes", nargs="+", type=int, default=list(ROW_SIZES))
    parser.add_argument("--text-mib", nargs="+", type=int, default=[s // MIB for s in TEXT_SIZES])
    parser.add_argument("--ours-python", default=sys.executable)
    parser.add_argument(
        "--ref-python",
        default=os.environ.get(
            "MSTICPY_REF_PYTHON", str(Path.home() / ".cache/msticpy-ref/v302/bin/python")
        ),
    )
    parser.add_argument("--ref-cache", type=Path, help="JSON file of reference cells to reuse")
    parser.add_argument("--no-ref", action="store_true", help="measure ours only")
    parser.add_argument(
        "--cached-ref-only",
        action="store_true",
        help="never run the reference: cells missing from --ref-cache show 'not run'",
    )
    parser.add_argument("--import-repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800.0, help="per cell and side, s")
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument(
        "--warm-limit",
        type=float,
        default=float("inf"),
        help="skip the warm call when the first one took longer (wall s)",
    )
    args = parser.parse_args(argv)
    have_ref = not args.no_ref and Path(args.ref_python).exists()
    cache: dict[str, Any] = {}
    if args.ref_cache and args.ref_cache.exists():
        cache = json.loads(args.ref_cache.read_text(encoding="utf-8"))
    header = (
        "capability",
        "corpus",
        "size",
        "ours 1st s",
        "ref 1st s",
        "1st ratio",
        "bar",
        "ours warm s",
        "ref warm s",
        "warm ratio",
        "ours 1st/warm",
        "results",
    )
    rows: list[tuple[str, ...]] = [header]
    records = []
    for flavour in args.corpora:
        corpus = ensure_corpus(flavour, args.caps)
        for cap in args.caps:
            sizes = [m * MIB for m in args.text_mib] if cap == "ioc_text" else args.sizes
            for size in sizes:
                key = f"{cap}|{flavour}|{size}"
                print(f"[{key}] ours ...", file=sys.stderr, flush=True)
                ours = run_cell(args.ours_python, "ours", cap, corpus, size, flavour, args.timeout)
                ref: dict[str, Any] = {"error": "no reference"}
                if have_ref:
                    if key in cache and "error" not in cache[key]:
                        ref = cache[key]
                    elif args.cached_ref_only:
                        ref = {"error": "not run"}
                    else:
                        print(f"[{key}] reference ...", file=sys.stderr, flush=True)
                        ref = run_cell(
                            args.ref_python,
                            "ref",
                            cap,
                            corpus,
                            size,
                            flavour,
                            args.timeout,
                            args.warm_limit,
                        )
                        cache[key] = ref
                        if args.ref_cache:
                            args.ref_cache.write_text(json.dumps(cache, indent=1), encoding="utf-8")
                same = "-"
                if "error" not in ours and "error" not in ref:
                    same = "equal" if ours["digest"] == ref["digest"] else "differ"
                spread = (
                    "-"
                    if "error" in ours or ours["warm_cpu"] is None
                    else f"{ours['first_cpu'] / max(ours['warm_cpu'], 1e-6):.2f}"
                )
                bar = f"{BARS[cap]}x {verdict(cap, ref, ours)}"
                rows.append(
                    (
                        cap,
                        flavour,
                        size_label(cap, size),
                        fmt_s(ours, "first_cpu"),
                        fmt_s(ref, "first_cpu"),
                        fmt_ratio(ref, ours, "first_cpu"),
                        bar,
                        fmt_s(ours, "warm_cpu"),
                        fmt_s(ref, "warm_cpu"),
                        fmt_ratio(ref, ours, "warm_cpu"),
                        spread,
                        same,
                    )
                )
                records.append({"cell": key, "ours": ours, "ref": ref, "results": same})
                print("  ".join(rows[-1]), file=sys.stderr, flush=True)
    imports = []
    for module in dict.fromkeys(MODULES[cap] for cap in args.caps):
        ours_s = import_time(args.ours_python, "ours", module, args.import_repeats)
        ref_s = (
            import_time(args.ref_python, "ref", module, args.import_repeats) if have_ref else None
        )
        imports.append((module, ours_s, ref_s))
    print("CPU seconds (process, all threads); first call in a fresh process, then one warm call.")
    print(f"ours: {args.ours_python}; ref: {args.ref_python if have_ref else 'not run'}")
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print()
    print(f"{'import (median, wall s)':<40} {'ours':>7} {'ref':>7} {'ratio':>7}")
    for module, ours_s, ref_s in imports:
        o = f"{ours_s:.3f}" if ours_s is not None else "error"
        r = f"{ref_s:.3f}" if ref_s is not None else "-"
        q = f"{ref_s / ours_s:.0f}x" if ours_s and ref_s else "-"
        print(f"{module:<40} {o:>7} {r:>7} {q:>7}")
    if args.json:
        args.json.write_text(
            json.dumps({"cells": records, "imports": imports}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        limit = float(sys.argv[7]) if len(sys.argv) > 7 else float("inf")
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6], limit)
    else:
        sys.exit(main())
