#!/usr/bin/env python3
"""Benchmark IoC extraction: our msticpy vs the reference msticpy 3.0.2, in one run.

Both packages are called ``msticpy``, so the reference always runs in a subprocess
with its own interpreter (``--ref-python``, env ``MSTICPY_REF_PYTHON``, default
``$HOME/.cache/msticpy-ref/v302/bin/python``). "Ours" is whatever ``import msticpy``
gives the interpreter running this script (in-process), or, with ``--ours-python``,
in a subprocess of the given interpreter. Both sides execute the same worker code
(:func:`measure_case`), which times each case and digests its result.

Cases
-----
text
    ``IoCExtract().extract(src=<corpus.txt>)``.
dataframe
    ``IoCExtract().extract(data=<df>, columns=["CommandLine"])`` on cmdlines.tsv.

Examples
--------
Full run (ours in-process)::

    python benchmarks/bench_ioc.py --json scratch/bench_ioc.json

Harness self-test, both sides the reference::

    python benchmarks/bench_ioc.py --quick --ours-python /opt/ref/v302/bin/python
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS_DIR = REPO_ROOT / "scratch" / "corpus"
DEFAULT_MAKE_CORPUS = Path("/work/shared/bench/make_corpus.py")
DEFAULT_REF_PYTHON = Path.home() / ".cache" / "msticpy-ref" / "v302" / "bin" / "python"
CORPUS_FILES = ("corpus.txt", "cmdlines.tsv")
CASES = ("text", "dataframe")
MIB = 1024 * 1024
QUICK_TEXT_BYTES = 2 * MIB
QUICK_ROWS = 10_000
IMPORT_REPEATS = 3
MACHINE_NOTE = (
    "Noisy 2-core machine: absolute numbers wander between runs, the ratios matter. "
    "Times are best-of-N after one untimed warm-up call; CPU time is process CPU (all threads)."
)
IMPORT_SNIPPET = (
    "import time\n"
    "start = time.perf_counter()\n"
    "import msticpy.transform.iocextract\n"
    "print(time.perf_counter() - start)\n"
)
REF_NOT_INSTALLED = "reference not installed"
WARMUP_TEXT = (
    r"warm-up 10.1.2.3 http://example.com/a C:\Windows\x.exe d41d8cd98f00b204e9800998ecf8427e"
)


# --------------------------------------------------------------------------------------
# Worker side: identical for "ours" and the reference.
# --------------------------------------------------------------------------------------


@dataclass
class Measurement:
    """Timings and result digest of one case on one side.

    Attributes
    ----------
    case : str
        Case name (``text`` or ``dataframe``).
    size_bytes : int
        UTF-8 size of the input text.
    rows : int
        Number of input lines (text) or DataFrame rows.
    warmup_s : float
        Wall time of the untimed warm-up call on a tiny input (one-time costs).
    wall_s, cpu_s : list[float]
        Wall-clock and process-CPU seconds of every repeat.
    n_pairs : int
        Number of digest entries.
    sha256 : str
        Hash of the sorted digest (order-independent result identity).
    stable : bool
        True if every repeat produced the same digest.
    package : str
        ``msticpy.__version__`` and module location, to show what was measured.
    pairs : list[list[Any]]
        The sorted digest itself (not written to ``--json``).
    """

    case: str
    size_bytes: int
    rows: int
    warmup_s: float
    wall_s: list[float]
    cpu_s: list[float]
    n_pairs: int
    sha256: str
    stable: bool
    package: str
    pairs: list[list[Any]] = field(repr=False)


def load_text(corpus_dir: Path, quick: bool) -> str:
    """Read corpus.txt; in quick mode keep the first 2 MiB, cut at a line end.

    Parameters
    ----------
    corpus_dir : Path
        Directory holding the corpus files.
    quick : bool
        Use only a slice of the corpus.

    Returns
    -------
    str
        The text to extract from.
    """
    text = (corpus_dir / "corpus.txt").read_text(encoding="utf-8")
    if not quick or len(text) <= QUICK_TEXT_BYTES:
        return text
    return text[: text.rindex("\n", 0, QUICK_TEXT_BYTES) + 1]


def load_cmdlines(corpus_dir: Path, quick: bool) -> list[str]:
    """Read cmdlines.tsv (a ``CommandLine`` header, then one command line per line).

    The file is read as plain lines: command lines hold quotes that a CSV parser
    would interpret.

    Parameters
    ----------
    corpus_dir : Path
        Directory holding the corpus files.
    quick : bool
        Keep only the first 10k rows.

    Returns
    -------
    list[str]
        The command lines.
    """
    lines = (corpus_dir / "cmdlines.tsv").read_text(encoding="utf-8").splitlines()
    rows = lines[1:] if lines and lines[0] == "CommandLine" else lines
    return rows[:QUICK_ROWS] if quick else rows


def text_digest(result: Mapping[str, Iterable[Any]]) -> list[list[Any]]:
    """Sorted ``[ioc_type, observable]`` pairs of an ``extract(src=...)`` result."""
    return sorted([str(ioc_type), str(obs)] for ioc_type, found in result.items() for obs in found)


def frame_digest(frame: Any) -> list[list[Any]]:
    """Sorted ``[IoCType, Observable, SourceIndex]`` rows of an extraction DataFrame."""
    columns = zip(frame["IoCType"], frame["Observable"], frame["SourceIndex"], strict=True)
    return sorted([str(ioc_type), str(obs), int(index)] for ioc_type, obs, index in columns)


def time_call(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """Run ``func`` once and return (wall seconds, process CPU seconds, result)."""
    gc.collect()
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    result = func()
    cpu_end, wall_end = time.process_time(), time.perf_counter()
    return wall_end - wall_start, cpu_end - cpu_start, result


@dataclass
class CasePlan:
    """Everything a worker needs to time one case.

    Attributes
    ----------
    extract : Callable[[Any], Any]
        The timed call, applied to an input (text or DataFrame).
    digest : Callable[[Any], list[list[Any]]]
        Turns the call's result into a sorted digest.
    data : Any
        The benchmark input.
    warmup_data : Any
        A tiny input of the same kind, run once untimed to pay one-time costs.
    size_bytes : int
        UTF-8 size of the input text.
    rows : int
        Input lines or rows.
    """

    extract: Callable[[Any], Any]
    digest: Callable[[Any], list[list[Any]]]
    data: Any
    warmup_data: Any
    size_bytes: int
    rows: int


def prepare_case(case: str, corpus_dir: Path, quick: bool) -> CasePlan:
    """Load a case's input and build its timed call.

    Parameters
    ----------
    case : str
        ``text`` or ``dataframe``.
    corpus_dir : Path
        Directory holding the corpus files.
    quick : bool
        Use the reduced input sizes.

    Returns
    -------
    CasePlan
        The call, its input and the digest function.
    """
    import pandas as pd

    from msticpy.transform.iocextract import IoCExtract

    if case == "text":
        text = load_text(corpus_dir, quick)
        return CasePlan(
            extract=lambda src: IoCExtract().extract(src=src),
            digest=text_digest,
            data=text,
            warmup_data=WARMUP_TEXT,
            size_bytes=len(text.encode("utf-8")),
            rows=text.count("\n"),
        )
    if case == "dataframe":
        cmdlines = load_cmdlines(corpus_dir, quick)
        return CasePlan(
            extract=lambda frame: IoCExtract().extract(data=frame, columns=["CommandLine"]),
            digest=frame_digest,
            data=pd.DataFrame({"CommandLine": cmdlines}),
            warmup_data=pd.DataFrame({"CommandLine": [WARMUP_TEXT]}),
            size_bytes=sum(len(line.encode("utf-8")) + 1 for line in cmdlines),
            rows=len(cmdlines),
        )
    raise ValueError(f"unknown case {case!r}")


def describe_package() -> str:
    """Version and location of the ``msticpy`` this interpreter imports."""
    import msticpy

    version = getattr(msticpy, "__version__", "?")
    return f"msticpy {version} at {Path(msticpy.__file__).parent}"


def measure_case(case: str, corpus_dir: Path, quick: bool, repeats: int) -> Measurement:
    """Time one case ``repeats`` times, after one untimed warm-up, and digest its result.

    Parameters
    ----------
    case : str
        ``text`` or ``dataframe``.
    corpus_dir : Path
        Directory holding the corpus files.
    quick : bool
        Use the reduced input sizes.
    repeats : int
        Number of timed runs.

    Returns
    -------
    Measurement
        All timings, the digest of the last run and whether the digests agreed.
    """
    plan = prepare_case(case, corpus_dir, quick)
    warmup_s, _, _ = time_call(lambda: plan.extract(plan.warmup_data))
    wall_s: list[float] = []
    cpu_s: list[float] = []
    hashes: set[str] = set()
    pairs: list[list[Any]] = []
    for _ in range(max(1, repeats)):
        wall, cpu, result = time_call(lambda: plan.extract(plan.data))
        wall_s.append(wall)
        cpu_s.append(cpu)
        pairs = plan.digest(result)
        hashes.add(hash_pairs(pairs))
        del result
    return Measurement(
        case=case,
        size_bytes=plan.size_bytes,
        rows=plan.rows,
        warmup_s=warmup_s,
        wall_s=wall_s,
        cpu_s=cpu_s,
        n_pairs=len(pairs),
        sha256=hash_pairs(pairs),
        stable=len(hashes) == 1,
        package=describe_package(),
        pairs=pairs,
    )


def hash_pairs(pairs: list[list[Any]]) -> str:
    """SHA-256 of a sorted digest."""
    return hashlib.sha256(json.dumps(pairs).encode("utf-8")).hexdigest()


def worker_main(args: argparse.Namespace) -> int:
    """Entry point of ``--worker CASE``: measure and write the JSON to ``--worker-out``."""
    measurement = measure_case(args.worker, args.corpus_dir, args.quick, args.repeats)
    Path(args.worker_out).write_text(json.dumps(asdict(measurement)), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------------------
# Harness side.
# --------------------------------------------------------------------------------------


@dataclass
class SideResult:
    """Outcome of one case on one side: a measurement, or why there is none."""

    measurement: Measurement | None = None
    error: str | None = None


def ensure_corpus(corpus_dir: Path, make_corpus: Path) -> None:
    """Generate the corpus with ``make_corpus.py`` unless all needed files exist."""
    if all((corpus_dir / name).is_file() for name in CORPUS_FILES):
        return
    if not make_corpus.is_file():
        sys.exit(f"corpus missing in {corpus_dir} and generator {make_corpus} not found")
    print(f"generating corpus in {corpus_dir} ...", file=sys.stderr)
    subprocess.run([sys.executable, str(make_corpus), str(corpus_dir)], check=True)


def resolve_ref_python(option: str | None) -> Path:
    """Reference interpreter: option, else ``$MSTICPY_REF_PYTHON``, else the default."""
    return Path(option or os.environ.get("MSTICPY_REF_PYTHON") or DEFAULT_REF_PYTHON)


def is_interpreter(path: Path) -> bool:
    """True if ``path`` is an executable file."""
    return path.is_file() and os.access(path, os.X_OK)


def error_tail(stderr: str, lines: int = 15) -> str:
    """Last lines of a subprocess's stderr, for error reports."""
    return "\n".join(stderr.strip().splitlines()[-lines:])


def run_worker(
    side: str, python: Path, case: str, args: argparse.Namespace, repeats: int, workdir: Path
) -> SideResult:
    """Run :func:`measure_case` in a subprocess of ``python`` and load its JSON."""
    out_file = workdir / f"{side}-{case}.json"
    command = [
        str(python),
        str(Path(__file__).resolve()),
        "--worker",
        case,
        "--corpus-dir",
        str(args.corpus_dir),
        "--repeats",
        str(repeats),
        "--worker-out",
        str(out_file),
    ]
    if args.quick:
        command.append("--quick")
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, timeout=args.timeout, cwd=workdir
        )
    except subprocess.TimeoutExpired:
        return SideResult(error=f"timed out after {args.timeout} s")
    if proc.returncode != 0 or not out_file.is_file():
        return SideResult(error=f"exit {proc.returncode}: {error_tail(proc.stderr)}")
    data = json.loads(out_file.read_text(encoding="utf-8"))
    out_file.unlink()
    return SideResult(measurement=Measurement(**data))


def run_in_process(case: str, args: argparse.Namespace) -> SideResult:
    """Run :func:`measure_case` in this interpreter, turning exceptions into errors."""
    try:
        return SideResult(measurement=measure_case(case, args.corpus_dir, args.quick, args.repeats))
    except Exception as exc:  # report any failure of the package under test
        return SideResult(error=f"{type(exc).__name__}: {exc}")


def import_seconds(python: Path, workdir: Path) -> float | str:
    """Median time of ``import msticpy.transform.iocextract`` in fresh interpreters."""
    samples: list[float] = []
    for _ in range(IMPORT_REPEATS):
        proc = subprocess.run(
            [str(python), "-c", IMPORT_SNIPPET], capture_output=True, text=True, cwd=workdir
        )
        if proc.returncode != 0:
            return f"import failed: {error_tail(proc.stderr, 3)}"
        samples.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def compare(ours: Measurement, ref: Measurement) -> tuple[str, list[Any], list[Any]]:
    """Compare two digests as multisets.

    Returns
    -------
    tuple
        (status text, entries only in ours, entries only in the reference).
    """
    if ours.sha256 == ref.sha256:
        return "equal", [], []
    ours_count = Counter(tuple(pair) for pair in ours.pairs)
    ref_count = Counter(tuple(pair) for pair in ref.pairs)
    only_ours = sorted((ours_count - ref_count).elements())
    only_ref = sorted((ref_count - ours_count).elements())
    return f"DIFF +{len(only_ours)} ours/-{len(only_ref)} ref", only_ours, only_ref


def write_diff(
    case: str, only_ours: list[Any], only_ref: list[Any], limit: int, sink: TextIO
) -> None:
    """Write up to ``limit`` examples of each kind of difference."""
    print(f"== {case}: {len(only_ours)} only in ours, {len(only_ref)} only in ref", file=sink)
    for label, entries in (("only in ours", only_ours), ("only in ref", only_ref)):
        for entry in entries[:limit]:
            print(f"  {label}: {entry!r}", file=sink)


def best(values: list[float]) -> float:
    """Best (smallest) time of the repeats."""
    return min(values)


def ratio(numerator: float, denominator: float) -> str:
    """``numerator / denominator`` formatted as a speedup."""
    return f"{numerator / denominator:.2f}x" if denominator > 0 else "inf"


def throughputs(side: SideResult) -> tuple[str, str]:
    """MiB/s and rows/s (best wall time) of one side, or placeholders."""
    if side.measurement is None:
        return "-", "-"
    m = side.measurement
    wall = best(m.wall_s)
    return f"{m.size_bytes / MIB / wall:.2f}", f"{m.rows / wall:,.0f}"


def size_label(m: Measurement) -> str:
    """Human size of a case's input."""
    return f"{m.size_bytes / MIB:.1f} MiB" if m.case == "text" else f"{m.rows} rows"


def result_status(ours: SideResult, ref: SideResult, ref_installed: bool) -> str:
    """Correctness cell: equal / DIFF / why no comparison was possible."""
    if ours.measurement is None:
        return "ours FAILED"
    if ref.measurement is None:
        return "no reference" if not ref_installed else "ref FAILED"
    status, _, _ = compare(ours.measurement, ref.measurement)
    unstable = [
        name
        for name, side in (("ours", ours), ("ref", ref))
        if side.measurement and not side.measurement.stable
    ]
    return status + (f" (unstable: {','.join(unstable)})" if unstable else "")


def speedups(ours: SideResult, ref: SideResult, ref_installed: bool) -> tuple[str, str]:
    """Reference time / our time, on CPU and wall, or why they are missing."""
    if not ref_installed:
        return REF_NOT_INSTALLED, REF_NOT_INSTALLED
    if ours.measurement is None or ref.measurement is None:
        return "-", "-"
    cpu = ratio(best(ref.measurement.cpu_s), best(ours.measurement.cpu_s))
    wall = ratio(best(ref.measurement.wall_s), best(ours.measurement.wall_s))
    return cpu, wall


def format_table(rows: list[list[str]]) -> str:
    """Left-aligned text table; the first row is the header."""
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


TABLE_HEADER = [
    "case",
    "size",
    "ours MiB/s",
    "ours rows/s",
    "ref MiB/s",
    "ref rows/s",
    "speedup(cpu)",
    "speedup(wall)",
    "results",
]


def table_row(case: str, ours: SideResult, ref: SideResult, ref_installed: bool) -> list[str]:
    """One line of the results table."""
    known = ours.measurement or ref.measurement
    size = size_label(known) if known else "-"
    return [
        case,
        size,
        *throughputs(ours),
        *throughputs(ref),
        *speedups(ours, ref, ref_installed),
        result_status(ours, ref, ref_installed),
    ]


def side_summary(side: SideResult) -> dict[str, Any]:
    """JSON-ready view of one side (digest entries left out)."""
    if side.measurement is None:
        return {"error": side.error}
    summary = asdict(side.measurement)
    del summary["pairs"]
    summary["best_wall_s"] = best(side.measurement.wall_s)
    summary["best_cpu_s"] = best(side.measurement.cpu_s)
    return summary


def format_import_line(ours: float | str | None, ref: float | str | None) -> str:
    """Import-time summary line."""

    def show(value: float | str | None) -> str:
        if value is None:
            return REF_NOT_INSTALLED
        return f"{value * 1000:.0f} ms" if isinstance(value, float) else value

    line = f"import msticpy.transform.iocextract (median of {IMPORT_REPEATS}): "
    line += f"ours {show(ours)}, ref {show(ref)}"
    if isinstance(ours, float) and isinstance(ref, float):
        line += f", speedup {ratio(ref, ours)}"
    return line


def run_case_both_sides(
    case: str, args: argparse.Namespace, ref_python: Path | None, workdir: Path
) -> tuple[SideResult, SideResult]:
    """Measure one case for ours and, if installed, the reference."""
    print(f"[{case}] ours ...", file=sys.stderr, flush=True)
    if args.ours_python:
        ours = run_worker("ours", Path(args.ours_python), case, args, args.repeats, workdir)
    else:
        ours = run_in_process(case, args)
    ref = SideResult(error=REF_NOT_INSTALLED)
    if ref_python is not None:
        print(f"[{case}] reference ...", file=sys.stderr, flush=True)
        ref = run_worker("ref", ref_python, case, args, args.ref_repeats, workdir)
    for name, side in (("ours", ours), ("ref", ref)):
        if side.error and side.error != REF_NOT_INSTALLED:
            print(f"[{case}] {name} failed: {side.error}", file=sys.stderr)
    return ours, ref


def report_diffs(
    results: dict[str, tuple[SideResult, SideResult]], args: argparse.Namespace
) -> dict[str, dict[str, int]]:
    """Write difference examples (stderr or ``--diff-out``); return the counts."""
    counts: dict[str, dict[str, int]] = {}
    sink: TextIO = open(args.diff_out, "w", encoding="utf-8") if args.diff_out else sys.stderr
    try:
        for case, (ours, ref) in results.items():
            if ours.measurement is None or ref.measurement is None:
                continue
            status, only_ours, only_ref = compare(ours.measurement, ref.measurement)
            counts[case] = {"only_in_ours": len(only_ours), "only_in_ref": len(only_ref)}
            if status == "equal" and args.diff_out:
                print(f"== {case}: equal", file=sink)
            elif status != "equal":
                write_diff(case, only_ours, only_ref, args.max_examples, sink)
    finally:
        if sink is not sys.stderr:
            sink.close()
    return counts


def build_json(
    args: argparse.Namespace,
    ref_python: Path | None,
    imports: dict[str, float | str | None],
    results: dict[str, tuple[SideResult, SideResult]],
    diff_counts: dict[str, dict[str, int]],
) -> dict[str, Any]:
    """Raw numbers of the run, for ``--json``."""
    ref_installed = ref_python is not None
    cases = {}
    for case, (ours, ref) in results.items():
        cpu, wall = speedups(ours, ref, ref_installed)
        cases[case] = {
            "ours": side_summary(ours),
            "ref": side_summary(ref),
            "speedup_cpu": cpu,
            "speedup_wall": wall,
            "results": result_status(ours, ref, ref_installed),
            "correct": None if case not in diff_counts else not any(diff_counts[case].values()),
            "diff": diff_counts.get(case),
        }
    return {
        "machine_note": MACHINE_NOTE,
        "quick": args.quick,
        "corpus_dir": str(args.corpus_dir),
        "ours_python": args.ours_python or sys.executable,
        "ours_mode": "subprocess" if args.ours_python else "in-process",
        "ref_python": str(ref_python) if ref_python else None,
        "repeats": {"ours": args.repeats, "ref": args.ref_repeats},
        "import_seconds": imports,
        "cases": cases,
    }


def harness_main(args: argparse.Namespace) -> int:
    """Run the benchmark for both sides and print the comparison table."""
    ensure_corpus(args.corpus_dir, args.make_corpus)
    ref_candidate = resolve_ref_python(args.ref_python)
    ref_python = ref_candidate if is_interpreter(ref_candidate) else None
    if ref_python is None:
        print(f"{REF_NOT_INSTALLED}: {ref_candidate}", file=sys.stderr)
    ours_python = Path(args.ours_python) if args.ours_python else Path(sys.executable)
    with tempfile.TemporaryDirectory(prefix="bench_ioc_") as tmp:
        workdir = Path(tmp)
        imports: dict[str, float | str | None] = {
            "ours": import_seconds(ours_python, workdir),
            "ref": import_seconds(ref_python, workdir) if ref_python else None,
        }
        results = {
            case: run_case_both_sides(case, args, ref_python, workdir) for case in args.cases
        }
    rows = [TABLE_HEADER] + [
        table_row(case, ours, ref, ref_python is not None) for case, (ours, ref) in results.items()
    ]
    diff_counts = report_diffs(results, args)
    print(MACHINE_NOTE)
    print(f"ours: {package_of(results, 0) or ours_python}   (repeats: {args.repeats})")
    print(f"ref:  {package_of(results, 1) or REF_NOT_INSTALLED}   (repeats: {args.ref_repeats})")
    print(format_import_line(imports["ours"], imports["ref"]))
    print()
    print(format_table(rows))
    if args.json:
        payload = build_json(args, ref_python, imports, results, diff_counts)
        Path(args.json).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    ours_failed = any(ours.measurement is None for ours, _ in results.values())
    return 1 if ours_failed else 0


def package_of(results: dict[str, tuple[SideResult, SideResult]], side: int) -> str | None:
    """Package description reported by the first successful run of a side."""
    for pair in results.values():
        measurement = pair[side].measurement
        if measurement is not None:
            return measurement.package
    return None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 MiB of text, 10k rows")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--make-corpus", type=Path, default=DEFAULT_MAKE_CORPUS)
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--repeats", type=int, default=3, help="repeats for ours (best of)")
    parser.add_argument("--ref-repeats", type=int, default=1, help="repeats for the reference")
    parser.add_argument("--ours-python", help="run ours in a subprocess of this interpreter")
    parser.add_argument("--ref-python", help="reference interpreter (env MSTICPY_REF_PYTHON)")
    parser.add_argument("--json", help="write the raw numbers to this file")
    parser.add_argument("--diff-out", help="write difference examples here, not to stderr")
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=3600.0, help="per subprocess, s")
    parser.add_argument("--worker", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.corpus_dir = args.corpus_dir.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the worker or the harness."""
    args = parse_args(argv)
    if args.worker:
        return worker_main(args)
    return harness_main(args)


if __name__ == "__main__":
    sys.exit(main())
