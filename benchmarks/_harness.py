"""Shared plumbing of the ratio benchmarks: each side runs in its own interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def default_ref_python() -> str:
    """The reference interpreter: ``$MSTICPY_REF_PYTHON`` or the CI's cached venv."""
    return os.environ.get(
        "MSTICPY_REF_PYTHON", str(Path.home() / ".cache/msticpy-ref/v302/bin/python")
    )


def run_worker(python: str, script: str, *args: Any) -> dict | None:
    """
    Run ``script --worker *args`` in ``python`` (from ``/``, so the checkout's package is
    not imported by accident) and return the JSON of its last output line.

    Returns None, after printing the tail of its stderr, when the worker fails.
    """
    proc = subprocess.run(
        [python, script, "--worker", *map(str, args)],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])
