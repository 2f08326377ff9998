"""
Parity of the query library with msticpy 3.0.2 on generated query files.

One worker (``query_worker.py``) loads the same generated files in both interpreters
and reports environments, query names, docstrings, templates (macros expanded) and the
text rendered for many benign parameter sets; all must be equal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import add_summary_line, run_ours, run_reference
from .query_generate import make_library, make_param_sets

WORKER = Path(__file__).resolve().with_name("query_worker.py")


def _ours(request: dict[str, Any]) -> dict[str, Any]:
    return run_ours(WORKER, request)


def test_query_library_equals_msticpy(ref_python: str) -> None:
    request = {
        "files": make_library(seed=7, files=12, queries=4),
        "params": make_param_sets(seed=11, count=40),
        "queries": 12,
    }
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = _ours(request)["results"]
    assert ours["environments"] == reference["environments"]
    assert sorted(ours["queries"]) == sorted(reference["queries"])
    mismatches = [
        (name, field)
        for name, theirs in reference["queries"].items()
        for field in theirs
        if theirs[field] != ours["queries"][name][field]
    ]
    rendered = [
        r for q in reference["queries"].values() for r in q.get("rendered", []) if "ok" in r
    ]
    add_summary_line(
        f"query library: {len(reference['queries'])} queries from 12 generated files, "
        f"{len(rendered)} rendered texts compared, {len(mismatches)} mismatching fields"
    )
    assert len(rendered) > 300
    assert not mismatches, [
        (n, f, reference["queries"][n][f], ours["queries"][n][f]) for n, f in mismatches[:2]
    ]


def test_msticpy_shipped_query_files_load_the_same(ref_python: str) -> None:
    """Every query file shipped with msticpy 3.0.2 loads to the same names, docs, templates."""
    root = Path(ref_python).parents[1] / "lib"
    shipped = sorted(root.glob("python3*/site-packages/msticpy/data/queries/**/*.yaml"))
    if not shipped:
        import pytest

        pytest.skip("msticpy's query files not found next to the reference interpreter")
    files = {
        str(path.relative_to(path.parents[1])).replace("/", "__"): path.read_text("utf-8")
        for path in shipped
    }
    request = {"files": files, "params": [], "queries": 0}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = _ours(request)["results"]
    assert ours["environments"] == reference["environments"]
    assert sorted(ours["queries"]) == sorted(reference["queries"])
    differing = [name for name, q in reference["queries"].items() if q != ours["queries"][name]]
    add_summary_line(
        f"query library: msticpy's {len(files)} shipped files, "
        f"{len(reference['queries'])} queries, {len(differing)} differing"
    )
    assert not differing, differing[:3]
