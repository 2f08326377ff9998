"""
Run one hostile-input case in a child Python and report what happened.

The catalogue tests (``test_catalogue_*.py``, ``reference/reliability.md`` section 5)
give a case as source code defining ``case()``. The child runs it with stdout captured,
and reports one JSON outcome: the value returned, or the exception class (with its
bases) and message; what the library printed; the seconds taken and the peak resident
memory. A crash (panic, abort, segfault), a hang past the timeout or an exception the
harness did not expect to see fails the parent test, never the pytest process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
_MARK = "@@CATALOGUE-OUTCOME@@"

sys.path.insert(0, str(TESTS))
from peak_memory import PEAK_RSS_SOURCE  # noqa: E402

_WRAPPER = """
import contextlib, io, json, sys, time
sys.path.insert(0, {tests!r})
{peak}
{body}
_captured = io.StringIO()
_started = time.perf_counter()
try:
    with contextlib.redirect_stdout(_captured):
        _outcome = {{"value": case()}}
except BaseException as _err:  # the parent decides which classes are documented
    _outcome = {{
        "raised": type(_err).__name__,
        "classes": [cls.__name__ for cls in type(_err).__mro__],
        "message": str(_err),
    }}
_outcome["seconds"] = time.perf_counter() - _started
_outcome["peak_mib"] = peak_rss_mb()
_outcome["stdout"] = _captured.getvalue()
sys.stdout.write("\\n" + {mark!r} + json.dumps(_outcome, default=repr) + "\\n")
"""


def child_env(home: Path, config: Path | None = None) -> dict[str, str]:
    """An environment for a child that imports this msticpy with isolated settings."""
    import msticpy

    env = {k: v for k, v in os.environ.items() if k not in {"MSTICPYCONFIG"}}
    env["PYTHONPATH"] = str(Path(msticpy.__file__).resolve().parents[1])
    env["HOME"] = str(home)
    if config is not None:
        env["MSTICPYCONFIG"] = str(config)
    return env


def run_case(
    body: str,
    home: Path,
    *,
    config: Path | None = None,
    timeout: float = 90.0,
    extra_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """
    Run `body` (source defining ``case()``) in a child; return its outcome.

    Raises
    ------
    AssertionError
        If the child crashed, hung past `timeout` or printed no outcome.

    """
    source = _WRAPPER.format(
        tests=str(TESTS), peak=PEAK_RSS_SOURCE, body=textwrap.dedent(body), mark=_MARK
    )
    env = child_env(home, config)
    env.update(extra_env or {})
    try:
        proc = subprocess.run(
            [sys.executable, "-c", source],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
            cwd=str(home),
        )
    except subprocess.TimeoutExpired as err:
        raise AssertionError(f"the case hung for more than {timeout} s") from err
    assert proc.returncode == 0, f"child exit {proc.returncode}: {proc.stderr[-3000:]}"
    assert "panicked" not in proc.stderr, proc.stderr[-3000:]
    outcome_line = proc.stdout.rpartition(_MARK)[2]
    assert outcome_line, f"no outcome: {proc.stdout[-2000:]} {proc.stderr[-2000:]}"
    outcome: dict[str, Any] = json.loads(outcome_line)
    outcome["stderr"] = proc.stderr
    return outcome


def assert_raised(outcome: dict[str, Any], cls: str, *fragments: str) -> str:
    """Assert the case raised `cls` (or a subclass) with each fragment in the message."""
    assert "raised" in outcome, f"expected {cls}, got {outcome}"
    assert cls in outcome["classes"], outcome
    assert outcome["raised"] != "PanicException", outcome
    message = outcome["message"]
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message
