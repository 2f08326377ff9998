"""Fixtures and helpers for differential tests against the reference msticpy 3.0.2.

The reference package lives in its own interpreter (a separate virtualenv), so
it is driven through ``ref_worker.py`` in a subprocess: JSON request on stdin,
JSON response on stdout. Responses are cached per pytest session, keyed by the
request JSON, so each distinct request costs one subprocess at most.

Interpreter selection: ``$MSTICPY_REF_PYTHON`` if set, else
``$HOME/.cache/msticpy-ref/v302/bin/python``. Tests that need it are skipped
when it is missing or does not import msticpy 3.0.2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

REFERENCE_VERSION = "3.0.2"
REPO_ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).resolve().with_name("ref_worker.py")
REFERENCE_TIMEOUT_S = 600

_RESPONSE_CACHE: dict[str, dict[str, Any]] = {}
_SUMMARY_LINES: list[str] = []


def default_reference_python() -> Path:
    """
    Return the configured path of the reference interpreter.

    Returns
    -------
    Path
        ``$MSTICPY_REF_PYTHON`` if set and non-empty, otherwise
        ``$HOME/.cache/msticpy-ref/v302/bin/python``.

    """
    configured = os.environ.get("MSTICPY_REF_PYTHON", "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "msticpy-ref" / "v302" / "bin" / "python"


def _inside_repo(entry: str) -> bool:
    """Return True if a PYTHONPATH entry is (or is inside) this repository."""
    if not entry:
        return True  # an empty entry means the current directory
    try:
        resolved = Path(entry).expanduser().resolve()
    except OSError:
        return False
    return resolved == REPO_ROOT or REPO_ROOT in resolved.parents


def reference_env() -> dict[str, str]:
    """
    Return the environment for reference subprocesses.

    Returns
    -------
    dict[str, str]
        A copy of ``os.environ`` with ``PYTHONHASHSEED=0``, UTF-8 stdio, no
        ``VIRTUAL_ENV`` and every ``PYTHONPATH`` entry that points into this repository removed
        (so the reference interpreter cannot import our ``msticpy``).

    """
    env = dict(os.environ)
    kept = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if not _inside_repo(p)]
    if kept:
        env["PYTHONPATH"] = os.pathsep.join(kept)
    else:
        env.pop("PYTHONPATH", None)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONSTARTUP", None)
    # IPython puts $VIRTUAL_ENV's site-packages first on sys.path when it differs from
    # the running interpreter's: with our venv activated, a reference IPython shell
    # would import our msticpy.
    env.pop("VIRTUAL_ENV", None)
    return env


def _probe_version(python: Path) -> str | None:
    """Return msticpy's version as seen by ``python``, or None on any failure."""
    with tempfile.TemporaryDirectory(prefix="msticpy-ref-") as cwd:
        try:
            proc = subprocess.run(
                [str(python), "-c", "import msticpy; print(msticpy.__version__)"],
                capture_output=True,
                text=True,
                timeout=120,
                cwd=cwd,
                env=reference_env(),
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
    if proc.returncode != 0:
        return None
    lines = proc.stdout.strip().splitlines()
    return lines[-1].strip() if lines else None


#: How to install the reference, said in every skip (as in the README).
REFERENCE_HINT = (
    "python3 -m venv ~/.cache/msticpy-ref/v302 && "
    "~/.cache/msticpy-ref/v302/bin/pip install 'msticpy[ml]==3.0.2' "
    "(or point $MSTICPY_REF_PYTHON at an interpreter that has it)"
)


@pytest.fixture(scope="session")
def ref_python() -> str:
    """
    Path of the reference interpreter running msticpy 3.0.2.

    Returns
    -------
    str
        Interpreter path; the requesting test is skipped if it is missing,
        cannot import msticpy or reports a version other than 3.0.2.

    """
    python = default_reference_python()
    if not python.is_file() or not os.access(python, os.X_OK):
        pytest.skip(f"reference msticpy 3.0.2 not installed at {python}: {REFERENCE_HINT}")
    if _probe_version(python) != REFERENCE_VERSION:
        pytest.skip(f"{python} does not import msticpy 3.0.2: {REFERENCE_HINT}")
    return str(python)


def run_ours(
    worker: Path, request: dict[str, Any], drop_env: tuple[str, ...] = ()
) -> dict[str, Any]:
    """
    Run one request through ``worker`` in this interpreter (our msticpy), from ``/``.

    Parameters
    ----------
    worker : Path
        A worker script speaking the JSON-in/JSON-out protocol of ``run_reference``.
    request : dict[str, Any]
        The request, serialised exactly as ``run_reference`` sends it.
    drop_env : tuple[str, ...], optional
        Environment variables the worker must not see (e.g. ``MSTICPYCONFIG``).

    Returns
    -------
    dict[str, Any]
        The decoded JSON response.

    """
    env = {key: value for key, value in os.environ.items() if key not in drop_env}
    # The worker runs from "/": relative PYTHONPATH entries must become absolute.
    paths = [entry for entry in env.get("PYTHONPATH", "").split(os.pathsep) if entry]
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(str(Path(entry).resolve()) for entry in paths)
    proc = subprocess.run(
        [sys.executable, str(worker)],
        input=json.dumps(request, sort_keys=True, ensure_ascii=True).encode("utf-8"),
        capture_output=True,
        cwd="/",
        env=env,
        timeout=REFERENCE_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-3000:]
    return json.loads(proc.stdout)


def run_reference(
    ref_python: str, request: dict[str, Any], worker: Path = WORKER
) -> dict[str, Any]:
    """
    Run one request through ``ref_worker.py`` in the reference interpreter.

    Parameters
    ----------
    ref_python : str
        Path of the reference interpreter (see the ``ref_python`` fixture).
    request : dict[str, Any]
        ``{"mode": ..., "inputs": [...], "kwargs": {...}}``, see ``ref_worker.py``.
    worker : Path, optional
        Another worker script speaking the same JSON-in/JSON-out protocol.

    Returns
    -------
    dict[str, Any]
        The decoded JSON response. Responses are cached for the session by
        request JSON: treat the returned object as read-only.

    Raises
    ------
    RuntimeError
        If the worker exits non-zero, times out or prints invalid JSON; the
        message includes the worker's stderr.

    """
    payload = json.dumps(request, sort_keys=True, ensure_ascii=True)
    key = f"{ref_python}\n{worker}\n{payload}"
    cached = _RESPONSE_CACHE.get(key)
    if cached is not None:
        return cached
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="msticpy-ref-") as cwd:
        try:
            proc = subprocess.run(
                [str(ref_python), str(worker)],
                input=payload.encode("utf-8"),
                capture_output=True,
                timeout=REFERENCE_TIMEOUT_S,
                cwd=cwd,
                env=reference_env(),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            stderr = (exc.stderr or b"").decode("utf-8", "replace")
            raise RuntimeError(
                f"reference worker timed out after {REFERENCE_TIMEOUT_S}s "
                f"(mode={request.get('mode')}):\n{stderr[-5000:]}"
            ) from exc
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(
            f"reference worker failed with exit code {proc.returncode} "
            f"(mode={request.get('mode')}):\n{stderr[-5000:]}"
        )
    try:
        response: dict[str, Any] = json.loads(proc.stdout.decode("utf-8"))
    except ValueError as exc:
        raise RuntimeError(
            f"reference worker printed invalid JSON: {proc.stdout[:500]!r}\n{stderr[-5000:]}"
        ) from exc
    if response.get("msticpy_version") != REFERENCE_VERSION:
        raise RuntimeError(f"reference reports msticpy {response.get('msticpy_version')!r}")
    response["wall_time"] = time.perf_counter() - started
    _RESPONSE_CACHE[key] = response
    return response


def add_summary_line(line: str) -> None:
    """
    Queue a line for the parity section of pytest's terminal summary.

    Parameters
    ----------
    line : str
        Text to print (input counts, exclusions, timings).

    """
    _SUMMARY_LINES.append(line)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the collected parity summary lines, if any."""
    if _SUMMARY_LINES:
        terminalreporter.section("msticpy parity summary")
        for line in _SUMMARY_LINES:
            terminalreporter.write_line(line)
