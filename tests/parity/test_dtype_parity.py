"""
Column and index dtypes of the frame-returning calls equal msticpy 3.0.2's.

The reference runs on pandas 2 (its own venv). When ours does too (the CI lane on
pandas 2.2), every dtype must be the same, ``object`` text columns included. On pandas 3
text columns are pandas' ``str`` and datetimes parsed by the test are microseconds (its
defaults, which the reference would get on pandas 3 too), so there those two are read as
equal and everything else must still match.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from .conftest import add_summary_line, run_ours, run_reference

pytestmark = pytest.mark.parity

WORKER = Path(__file__).resolve().with_name("dtype_worker.py")
REQUEST = {"seed": 20261207, "rows": 400}


def _ours(request: dict[str, Any]) -> dict[str, Any]:
    return run_ours(WORKER, request)


def _pandas3_view(dtype: str) -> str:
    """A dtype name with pandas 3's defaults folded onto pandas 2's."""
    if dtype == "str":
        return "object"
    return re.sub(r"^datetime64\[us", "datetime64[ns", dtype)


def _normalised(result: dict[str, Any], fold: bool) -> dict[str, Any]:
    if "error" in result or not fold:
        return result
    return {
        "columns": [[name, _pandas3_view(dtype)] for name, dtype in result["columns"]],
        "index": _pandas3_view(result["index"]),
    }


def test_frame_dtypes_equal_msticpy(ref_python: str) -> None:
    reference = run_reference(ref_python, REQUEST, worker=WORKER)
    ours = _ours(REQUEST)
    fold = int(pd.__version__.split(".")[0]) >= 3
    assert ours["pandas"] == pd.__version__
    mismatches = {
        call: (theirs, ours["results"][call])
        for call, theirs in reference["results"].items()
        if _normalised(theirs, fold) != _normalised(ours["results"][call], fold)
    }
    columns = sum(len(r.get("columns", [])) for r in reference["results"].values())
    add_summary_line(
        f"dtypes: {len(reference['results'])} calls, {columns} columns, ours on pandas "
        f"{pd.__version__} vs reference on pandas {reference['pandas']}"
        f"{' (str/object and us/ns read as equal)' if fold else ' (exact)'}: "
        f"{len(mismatches)} mismatching calls"
    )
    assert not any("error" in r for r in reference["results"].values()), reference["results"]
    assert not mismatches, mismatches
