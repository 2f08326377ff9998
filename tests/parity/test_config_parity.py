"""
Parity of the configuration layer with msticpy 3.0.2 on generated msticpyconfig.yaml files.

The same worker (``config_worker.py``) loads each generated file in both interpreters and
reports settings, ``get_config``/``has_config`` answers, TI provider settings (arguments
with environment variables resolved), the ``validate_config`` outcome (valid / errors /
exception class), ``WorkspaceConfig`` properties for several workspace names, and
``TimeSpan`` values; all must be equal. Malformed files must fail to load in both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .config_generate import make_config, malformed_cases, timespan_specs
from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("config_worker.py")
SEEDS = range(80)


def _ours(request: dict[str, Any]) -> dict[str, Any]:
    return run_ours(WORKER, request, drop_env=("MSTICPYCONFIG",))


def _request() -> dict[str, Any]:
    return {
        "cases": [make_config(seed) for seed in SEEDS] + malformed_cases(),
        "timespans": timespan_specs(),
    }


def test_config_answers_equal_msticpy(ref_python: str) -> None:
    request = _request()
    reference = run_reference(ref_python, request, worker=WORKER)
    ours = _ours(request)
    assert sorted(ours["cases"]) == sorted(reference["cases"])
    mismatches = [
        (name, field)
        for name, theirs in reference["cases"].items()
        for field in theirs
        if theirs[field] != ours["cases"][name].get(field)
    ]
    loaded = [c for c in reference["cases"].values() if "ok" in c["load"]]
    outcomes = sorted({c.get("valid", "load-error") for c in reference["cases"].values()})
    add_summary_line(
        f"config: {len(reference['cases'])} generated files ({len(loaded)} loadable, "
        f"validation outcomes {outcomes}), {len(mismatches)} mismatching fields"
    )
    assert len(loaded) == len(SEEDS) + 2  # the empty and comment-only files load
    assert {"valid", "errors"} <= set(outcomes)
    assert not mismatches, [
        (n, f, reference["cases"][n][f], ours["cases"][n].get(f)) for n, f in mismatches[:2]
    ]


def test_timespans_equal_msticpy(ref_python: str) -> None:
    request = {"cases": [], "timespans": timespan_specs()}
    reference = run_reference(ref_python, request, worker=WORKER)["timespans"]
    ours = _ours(request)["timespans"]
    assert ours == reference
    assert sum("error" in r for r in reference) >= 3
