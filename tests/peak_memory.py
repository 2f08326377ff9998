"""
Peak memory of test children: ``PEAK_RSS_SOURCE`` and a budget-case runner built on it.

``PEAK_RSS_SOURCE`` defines ``peak_rss_mb()`` in scripts that tests run in a subprocess.
``budget_runner`` and ``run_budget_case`` run one case per fresh interpreter, so its time,
peak resident memory and limit warnings are its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

PEAK_RSS_SOURCE = """
def peak_rss_mb():
    # VmHWM starts afresh at exec; ru_maxrss would include the forking pytest process.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
"""

# Runs the case (argv[1], which sets the dict ``result``) and prints ``result`` with the
# case's seconds, peak memory and MsticpyLimitWarning texts added.
_CASE_SOURCE = textwrap.dedent(
    """
    import json, sys, time, warnings
    from msticpy.common.exceptions import MsticpyLimitWarning
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(sys.argv[1])
    result["seconds"] = time.perf_counter() - started
    result["rss_mb"] = peak_rss_mb()
    result["warnings"] = [str(w.message) for w in caught
                          if issubclass(w.category, MsticpyLimitWarning)]
    print(json.dumps(result))
    """
)


def budget_runner(setup: str) -> str:
    """
    The child script: ``peak_rss_mb``, then ``setup`` (imports, helpers), then the case.

    Parameters
    ----------
    setup : str
        Source run before the case is timed (its names are visible to the case).

    Returns
    -------
    str
        The script to pass to ``run_budget_case``.
    """
    return PEAK_RSS_SOURCE + textwrap.dedent(setup) + _CASE_SOURCE


def run_budget_case(runner: str, code: str, timeout: float = 300) -> dict:
    """
    Run ``code`` (which sets ``result``, a dict) under ``runner`` in a fresh interpreter.

    Parameters
    ----------
    runner : str
        A script from ``budget_runner``.
    code : str
        The case's source.
    timeout : float
        Seconds before the child is killed (the test then fails).

    Returns
    -------
    dict
        ``result`` plus ``seconds``, ``rss_mb`` and ``warnings``.
    """
    proc = subprocess.run(
        [sys.executable, "-c", runner, code],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, f"crashed (rc={proc.returncode}): {proc.stderr[-2000:]}"
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))
