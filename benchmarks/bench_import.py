"""
Import time of msticpy entry points: ours vs the reference msticpy 3.0.2.

Each import runs in a fresh interpreter (median of ``--repeats``), timing the import
statement itself and counting the modules it loads. The reference interpreter comes
from ``--ref-python``, ``$MSTICPY_REF_PYTHON`` or ``~/.cache/msticpy-ref/v302``.

    python benchmarks/bench_import.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

MODULES = [
    "msticpy",
    "msticpy.sectools",
    "msticpy.transform.iocextract",
    "msticpy.sectools.iocextract",
    "msticpy.common.pkg_config",
    "msticpy.nbwidgets",
    "msticpy.nbwidgets.query_time",
    "msticpy.init.nbinit",
    "msticpy.nbtools",
]
PROBE = (
    "import sys, time, json, importlib; t = time.perf_counter(); "
    "importlib.import_module(sys.argv[1]); "
    "print(json.dumps([time.perf_counter() - t, len(sys.modules)]))"
)


def default_ref_python() -> str | None:
    """The reference interpreter, if one is installed."""
    candidates = [
        os.environ.get("MSTICPY_REF_PYTHON"),
        str(Path.home() / ".cache/msticpy-ref/v302/bin/python"),
    ]
    return next((c for c in candidates if c and Path(c).exists()), None)


def time_import(python: str, module: str, repeats: int) -> tuple[float, int] | None:
    """Median seconds and module count of importing ``module``, or None if it fails."""
    samples = []
    count = 0
    for _ in range(repeats):
        proc = subprocess.run(
            [python, "-c", PROBE, module], capture_output=True, text=True, cwd="/", check=False
        )
        if proc.returncode != 0:
            return None
        seconds, count = json.loads(proc.stdout.strip().splitlines()[-1])
        samples.append(seconds)
    return statistics.median(samples), count


def main() -> None:
    """Print the import-time table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref-python", default=default_ref_python())
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{'module':<32} {'ours ms':>8} {'mods':>6} {'ref ms':>8} {'mods':>6} {'speed-up':>9}")
    for module in MODULES:
        ours = time_import(sys.executable, module, args.repeats)
        ref = time_import(args.ref_python, module, args.repeats) if args.ref_python else None
        ours_txt = f"{ours[0] * 1000:8.0f} {ours[1]:6d}" if ours else f"{'error':>8} {'':6}"
        ref_txt = f"{ref[0] * 1000:8.0f} {ref[1]:6d}" if ref else f"{'absent':>8} {'':6}"
        ratio = f"{ref[0] / ours[0]:8.1f}x" if ours and ref else f"{'-':>9}"
        print(f"{module:<32} {ours_txt} {ref_txt} {ratio}")


if __name__ == "__main__":
    main()
