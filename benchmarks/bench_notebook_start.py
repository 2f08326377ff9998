"""
A notebook's first cells, ours vs msticpy 3.0.2, each in a fresh interpreter.

Every case runs in a new process (the first call, as a user meets it), inside an IPython
shell created before the clock starts (a Jupyter kernel has IPython loaded already), with
``MSTICPYCONFIG`` pointing at a generated msticpyconfig.yaml. Cases:

* ``init_notebook``: ``import msticpy; msticpy.init_notebook()`` (imports, options,
  accessors, magics and the configuration check);
* ``settings``: ``from msticpy.common import pkg_config; pkg_config.get_config()`` on a
  config with ``--providers`` TI provider entries (the first read of the file);
* ``provider settings``: ``get_provider_settings("TIProviders")`` on the same file;
* ``QueryTime``: ``from msticpy.nbwidgets import QueryTime; QueryTime(units="day")``.

Also the warm cost of ``refresh_config()`` (median of 20 in one process). Median of
``--repeats`` fresh processes per case.

    python benchmarks/bench_notebook_start.py [--providers 2000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import default_ref_python

SETUP = (
    "import os, sys, time, json, warnings; warnings.simplefilter('ignore'); "
    "from IPython.core.interactiveshell import InteractiveShell; "
    "shell = InteractiveShell.instance(); t = time.perf_counter(); "
)
CASES = {
    "init_notebook": "import msticpy; msticpy.init_notebook(namespace={}, verbosity=0)",
    "settings": "from msticpy.common import pkg_config; s = pkg_config.get_config(); len(s)",
    "provider settings": (
        "from msticpy.common.provider_settings import get_provider_settings; "
        "p = get_provider_settings('TIProviders'); len(p)"
    ),
    "QueryTime": "from msticpy.nbwidgets import QueryTime; QueryTime(units='day')",
    "refresh_config (warm)": (
        "from msticpy.common import pkg_config; pkg_config.refresh_config(); "
        "samples = []\n"
        "for _ in range(20):\n"
        "    t = time.perf_counter(); pkg_config.refresh_config(); "
        "samples.append(time.perf_counter() - t)\n"
        "samples.sort(); t = time.perf_counter() - samples[10]"
    ),
}
REPORT = "\nprint(json.dumps(time.perf_counter() - t))"


def write_config(folder: Path, providers: int) -> Path:
    """Write a msticpyconfig.yaml with workspaces and ``providers`` TI providers."""
    lines = [
        "AzureSentinel:",
        "  Workspaces:",
        "    Default:",
        "      WorkspaceId: 8ecf8077-cf51-4820-aadd-14040956f35d",
        "      TenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47",
        "QueryDefinitions:",
        "TIProviders:",
    ]
    for number in range(providers):
        lines += [
            f"  Provider{number}:",
            "    Args:",
            f"      AuthKey: key-{number:06d}",
            "      ApiID:",
            "        EnvironmentVar: BENCH_API_ID",
            f"    Primary: {str(number % 2 == 0).lower()}",
            "    Provider: OTX",
        ]
    path = folder / "msticpyconfig.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_case(python: str, code: str, config: Path, repeats: int) -> float | None:
    """Median seconds of ``code`` over fresh processes, or None when it fails."""
    env = {"MSTICPYCONFIG": str(config), "BENCH_API_ID": "id", "PATH": "/usr/bin:/bin"}
    samples = []
    for _ in range(repeats):
        proc = subprocess.run(
            [python, "-c", SETUP + code + REPORT],
            capture_output=True,
            text=True,
            cwd=config.parent,
            env=env,
            check=False,
        )
        if proc.returncode != 0:
            print(proc.stderr[-1500:], file=sys.stderr)
            return None
        samples.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def main() -> None:
    """Print the table of first-cell timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref-python", default=default_ref_python())
    parser.add_argument("--providers", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = write_config(Path(tmp), args.providers)
        size_kib = config.stat().st_size / 1024
        print(f"config: {args.providers} TI providers, {size_kib:.0f} KiB", end="; ")
        print(f"median of {args.repeats} fresh processes")
        print(f"{'case':<24} {'ours ms':>9} {'ref ms':>9} {'speed-up':>9}")
        for name, code in CASES.items():
            ours = run_case(sys.executable, code, config, args.repeats)
            has_ref = Path(args.ref_python).exists()
            ref = run_case(args.ref_python, code, config, args.repeats) if has_ref else None
            ours_txt = f"{ours * 1000:9.1f}" if ours is not None else f"{'error':>9}"
            ref_txt = f"{ref * 1000:9.1f}" if ref is not None else f"{'absent':>9}"
            ratio = f"{ref / ours:8.1f}x" if ours and ref else f"{'-':>9}"
            print(f"{name:<24} {ours_txt} {ref_txt} {ratio}")


if __name__ == "__main__":
    main()
