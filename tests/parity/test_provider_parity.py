"""
Parity of ``QueryProvider`` (attribute tree and call conventions) with msticpy 3.0.2.

One worker (``provider_worker.py``) builds a provider over generated query files with
a recording driver in both interpreters; names, docstrings, help, printed queries for
many parameter forms, split queries, errors and the options reaching the driver must
be equal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import add_summary_line, run_ours, run_reference
from .query_generate import make_library, make_param_sets

WORKER = Path(__file__).resolve().with_name("provider_worker.py")


def _library() -> dict[str, str]:
    files = make_library(seed=31, files=6, queries=3)
    # Every file for LocalData, so the provider keeps them all.
    return {
        name: text.replace(text.split("data_environments: [")[1].split("]")[0], "LocalData", 1)
        for name, text in files.items()
    }


def _ours(request: dict[str, Any]) -> dict[str, Any]:
    return run_ours(WORKER, request)


def test_query_provider_equals_msticpy(ref_python: str) -> None:
    params = make_param_sets(seed=5, count=12)
    request = {"files": _library(), "params": params}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = _ours(request)["results"]
    assert ours["names"] == reference["names"] and len(reference["names"]) >= 10
    assert ours["environments"] == reference["environments"]
    mismatches = [
        (name, key)
        for name, theirs in reference["calls"].items()
        for key in theirs
        if theirs[key] != ours["calls"][name][key]
    ]
    add_summary_line(
        f"QueryProvider: {len(reference['names'])} queries x 9 call forms "
        f"({len(params)} keyword sets), {len(mismatches)} mismatches"
    )
    assert not mismatches, [
        (n, k, reference["calls"][n][k], ours["calls"][n][k]) for n, k in mismatches[:2]
    ]
