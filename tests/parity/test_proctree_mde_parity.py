"""
Differential tests: Microsoft Defender process trees against msticpy 3.0.2.

Generated ``DeviceProcessEvents`` rows (``mde_generate.py``: parents in and out of the
data, missing grandparents, PID reuse, children sharing their parent's time, a few other
action types, shuffled) are built into trees by ``mde_worker.py`` in both interpreters.
The whole frame (index, columns, order, dtype family, every value) and the navigation
answers must be equal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import add_summary_line, run_ours, run_reference
from .mde_generate import generate_mde_events
from .ref_worker import proctree_table

pytestmark = pytest.mark.parity

WORKER = Path(__file__).resolve().with_name("mde_worker.py")
CASES = [(300, 3), (1500, 4), (60, 5)]


def _ours(request: dict[str, Any]) -> dict[str, Any]:
    return run_ours(WORKER, request)


def _problems(mine: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    if "ok" not in theirs or "ok" not in mine:
        return [] if mine.get("error") == theirs.get("error") else [f"{mine} vs {theirs}"]
    a, b = mine["ok"]["tree"], theirs["ok"]["tree"]
    problems = [part for part in ("columns", "dtypes", "index_name", "index") if a[part] != b[part]]
    problems += [f"column {c}" for c in b["columns"] if a["data"].get(c) != b["data"][c]]
    if mine["ok"]["nav"] != theirs["ok"]["nav"]:
        problems.append("navigation")
    return problems


def test_mde_trees_equal_msticpy(ref_python: str) -> None:
    request = {
        "cases": [{"rows": proctree_table(generate_mde_events(n, seed=seed))} for n, seed in CASES]
    }
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = _ours(request)["results"]
    for (n, seed), mine, theirs in zip(CASES, ours, reference):
        assert "ok" in theirs, theirs
        problems = _problems(mine, theirs)
        add_summary_line(
            f"proctree MDE n={n} seed={seed}: {len(theirs['ok']['tree']['index'])} tree rows, "
            f"{theirs['ok']['nav']['summary']}, equal={not problems}"
        )
        assert not problems, problems[:5]
