"""
Install footprint and import time, as a new user gets them: the figures the README quotes.

Prints, each with how it was measured:

- the size of the compiled extension ``msticpy/_native.abi3.so`` (and of the wheel);
- a fresh virtualenv with the package installed: how long ``pip install`` took, how many
  distributions it holds (with and without pip/setuptools, which every venv has) and the
  size of its site-packages (disk usage, as ``du``; and apparent bytes);
- ``import msticpy`` (and the other entry points the docs quote) in that venv: median
  and minimum over fresh interpreters, timed inside the process, plus the modules loaded.

With ``--wheel`` the wheel is installed as a user would (``pip install WHEEL``; pip may
download dependencies or take them from its cache). Without a wheel (building one
compiles the Rust: minutes), the dependencies named in ``pyproject.toml`` are installed
with pip and the package directory (``python/msticpy`` with the extension given by
``--so``) is copied into site-packages and byte-compiled as pip would: the same files a
wheel install leaves. ``--reference`` also measures ``pip install msticpy==3.0.2`` in a
fresh venv.

    python benchmarks/measure_footprint.py --so python/msticpy/_native.abi3.so
    python benchmarks/measure_footprint.py --wheel dist/msticpy-*.whl --reference
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ["msticpy", "msticpy.transform.iocextract", "msticpy.init.nbinit"]
BASE_PACKAGES = {"pip", "setuptools", "wheel"}
# What pip and setuptools put in a venv's site-packages besides their own directories.
BASE_ENTRIES = BASE_PACKAGES | {"_distutils_hack", "pkg_resources", "distutils"}
# Wall time and the process's CPU time of the import: on a busy machine the wall time
# includes waiting for a core, the CPU time does not.
PROBE = (
    "import sys, time, json, importlib; t = time.perf_counter(); c = time.process_time(); "
    "importlib.import_module(sys.argv[1]); "
    "print(json.dumps([time.perf_counter() - t, time.process_time() - c, len(sys.modules)]))"
)


def mb(size: float) -> str:
    """Bytes as decimal megabytes (what ``ls -lh``/``du -h`` users compare against)."""
    return f"{size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)"


def dir_usage(path: Path) -> tuple[int, int]:
    """(disk usage as ``du`` counts it, apparent bytes) of every file under ``path``."""
    disk = apparent = 0
    for base, _dirs, files in os.walk(path):
        for name in files:
            info = os.lstat(os.path.join(base, name))
            disk += info.st_blocks * 512
            apparent += info.st_size
    return disk, apparent


def run(cmd: list[str], cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; stop with its output if it fails."""
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=cwd)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc


def site_packages(python: str) -> Path:
    """The venv's site-packages directory."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(run([python, "-c", code]).stdout.strip())


def new_venv(base: Path, name: str, interpreter: str) -> str:
    """A fresh virtualenv (with pip); returns its python."""
    run([interpreter, "-m", "venv", str(base / name)])
    return str(base / name / "bin" / "python")


def project_dependencies() -> list[str]:
    """The ``[project] dependencies`` of pyproject.toml (tomllib is not in Python 3.10)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M)
    if block is None:
        sys.exit("pyproject.toml has no [project] dependencies list")
    lines = [line.split("#")[0] for line in block.group(1).splitlines()]
    return re.findall(r'"([^"]+)"', "\n".join(lines))


def install_ours(python: str, wheel: Path | None, so: Path) -> tuple[float, str]:
    """Install our package; returns (seconds, how)."""
    start = time.perf_counter()
    if wheel is not None:
        run([python, "-m", "pip", "install", "-q", str(wheel)])
        return time.perf_counter() - start, f"pip install {wheel.name}"
    deps = project_dependencies()
    run([python, "-m", "pip", "install", "-q", *deps])
    target = site_packages(python) / "msticpy"
    shutil.copytree(
        ROOT / "python" / "msticpy",
        target,
        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyc"),
    )
    shutil.copy2(so, target / "_native.abi3.so")
    compileall.compile_dir(str(target), quiet=1)
    return (
        time.perf_counter() - start,
        f"pip install {' '.join(deps)} + python/msticpy and {so.name} copied in",
    )


def distributions(python: str) -> list[str]:
    """Names of the distributions installed in the venv."""
    out = run([python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"])
    return sorted(item["name"].lower() for item in json.loads(out.stdout))


def time_import(python: str, module: str, repeats: int) -> tuple[float, float, float, int]:
    """
    Importing ``module`` in ``repeats`` fresh processes.

    Returns (median wall s, minimum wall s, median CPU s, modules loaded).
    """
    wall, cpu, count = [], [], 0
    for _ in range(repeats):
        out = run([python, "-c", PROBE, module], cwd="/")
        seconds, cpu_seconds, count = json.loads(out.stdout.strip().splitlines()[-1])
        wall.append(seconds)
        cpu.append(cpu_seconds)
    return statistics.median(wall), min(wall), statistics.median(cpu), count


def report(python: str, label: str, install_s: float, how: str, repeats: int) -> None:
    """Print the venv's package count, site-packages size and import times."""
    names = distributions(python)
    extra = [name for name in names if name not in BASE_PACKAGES]
    if "msticpy" not in names:
        # Copied in without a wheel: no dist-info, but it is one package all the same.
        extra.append("msticpy")
    site = site_packages(python)
    disk, apparent = dir_usage(site)
    base_disk = sum(
        dir_usage(path)[0] if path.is_dir() else path.lstat().st_blocks * 512
        for path in site.iterdir()
        if path.name.split("-")[0].split(".")[0].lower() in BASE_ENTRIES
    )
    print(f"\n## {label}")
    print(f"install: {install_s:.1f} s  ({how})")
    print(
        f"distributions: {len(names)} in the venv, {len(extra)} without "
        f"{'/'.join(sorted(BASE_PACKAGES & set(names)))}  (pip list)"
    )
    print(f"site-packages: {mb(disk)} on disk, {mb(apparent)} apparent  ({site})")
    print(f"site-packages without pip/setuptools: {mb(disk - base_disk)} on disk")
    for module in MODULES:
        try:
            median, fastest, cpu, count = time_import(python, module, repeats)
        except SystemExit:
            print(f"import {module}: fails in this venv")
            continue
        print(
            f"import {module}: wall median {median * 1e3:.1f} ms, min {fastest * 1e3:.1f} ms; "
            f"CPU median {cpu * 1e3:.1f} ms; {count} modules  "
            f"({repeats} fresh interpreters, timed in-process)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help="install this wheel (else copy the package)")
    parser.add_argument(
        "--so",
        type=Path,
        default=ROOT / "python" / "msticpy" / "_native.abi3.so",
        help="the compiled extension (default: python/msticpy/_native.abi3.so)",
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter for the venvs")
    parser.add_argument("--repeats", type=int, default=21, help="fresh interpreters per import")
    parser.add_argument(
        "--reference", action="store_true", help="also measure pip install msticpy==3.0.2"
    )
    parser.add_argument(
        "--keep", type=Path, help="create the venvs here and keep them (reused when present)"
    )
    args = parser.parse_args()

    if args.wheel is None and not args.so.is_file():
        sys.exit(f"no extension at {args.so}: build it, or pass --so or --wheel")
    version = run([args.python, "-c", "import sys; print(sys.version.split()[0])"]).stdout
    print(f"# footprint (Python {version.strip()}, {os.cpu_count()} CPUs)")
    if args.so.is_file():
        print(f"extension {args.so.name}: {mb(args.so.stat().st_size)}  (file size)")
    if args.wheel is not None:
        print(f"wheel {args.wheel.name}: {mb(args.wheel.stat().st_size)}  (file size)")

    with tempfile.TemporaryDirectory(prefix="msticpy-footprint-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        ours = str(base / "ours" / "bin" / "python")
        if args.keep is not None and Path(ours).exists():
            seconds, how = 0.0, f"reused {base / 'ours'}; not timed"
        else:
            ours = new_venv(base, "ours", args.python)
            seconds, how = install_ours(ours, args.wheel, args.so)
        installed = site_packages(ours) / "msticpy" / "_native.abi3.so"
        print(f"installed extension: {mb(installed.stat().st_size)}")
        report(ours, "this package, fresh venv", seconds, how, args.repeats)
        if args.reference:
            ref = str(base / "msticpy302" / "bin" / "python")
            if args.keep is not None and Path(ref).exists():
                seconds, how = 0.0, f"reused {base / 'msticpy302'}; not timed"
            else:
                ref = new_venv(base, "msticpy302", args.python)
                start = time.perf_counter()
                run([ref, "-m", "pip", "install", "-q", "msticpy==3.0.2"])
                seconds, how = time.perf_counter() - start, "pip install msticpy==3.0.2"
            report(ref, "msticpy 3.0.2, fresh venv", seconds, how, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
