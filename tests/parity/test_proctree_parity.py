"""
Differential tests: ``build_process_tree`` and the navigation helpers against msticpy 3.0.2.

Generated Windows 4688 and Linux auditd events (``proctree_generate.py``: orphans, PID
reuse, events sharing a timestamp, noise rows and duplicates, shuffled input order) are
built into trees on both sides. The whole frame must be equal: index (``proc_key``),
column names and order, dtype family (text / float / bool / datetime) and every value,
plus the summary and navigation answers (descendants, children, ancestors, siblings).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import add_summary_line, run_reference
from .proctree_generate import generate_events
from .ref_worker import proctree_results, proctree_table

pytestmark = pytest.mark.parity

CASES = [
    ("windows", 3000, 11, 0.05),
    ("windows", 3000, 12, 0.3),
    ("windows", 800, 13, 0.6),
    ("linux", 3000, 21, 0.05),
    ("linux", 3000, 22, 0.3),
    ("linux", 800, 23, 0.6),
]


def _diff(ours: dict[str, Any], ref: dict[str, Any]) -> list[str]:
    problems = []
    if ours.keys() != ref.keys():
        return [f"ours={list(ours)} ref={list(ref)}"]
    if "error" in ref:
        return [] if ours == ref else [f"ours={ours} ref={ref}"]
    mine, theirs = ours["ok"]["tree"], ref["ok"]["tree"]
    for part in ("columns", "dtypes", "index_name", "index"):
        if mine[part] != theirs[part]:
            problems.append(f"{part} differ")
    for col in theirs["columns"]:
        if mine["data"].get(col) != theirs["data"][col]:
            rows = [
                (i, a, b)
                for i, (a, b) in enumerate(zip(mine["data"].get(col, []), theirs["data"][col]))
                if a != b
            ]
            problems.append(f"column {col}: {len(rows)} rows differ, e.g. {rows[:2]}")
    if ours["ok"]["nav"] != ref["ok"]["nav"]:
        problems.append(f"navigation differs: {ours['ok']['nav']} vs {ref['ok']['nav']}")
    return problems


@pytest.mark.parametrize(("os_family", "n_events", "seed", "reuse"), CASES)
def test_tree_frame_equals_reference(
    ref_python: str, os_family: str, n_events: int, seed: int, reuse: float
) -> None:
    rows = proctree_table(generate_events(n_events, seed=seed, os_family=os_family, reuse=reuse))
    ref = run_reference(ref_python, {"mode": "proctree", "inputs": [rows], "kwargs": {}})
    started = time.perf_counter()
    ours = proctree_results(rows)
    ours_s = time.perf_counter() - started
    theirs = ref["results"][0]
    assert "ok" in theirs, theirs
    problems = _diff(ours, theirs)
    n_rows = len(theirs["ok"]["tree"]["index"])
    add_summary_line(
        f"proctree {os_family} seed={seed} reuse={reuse}: {n_rows} tree rows, "
        f"{theirs['ok']['nav']['summary']}, equal={not problems}, "
        f"ours {ours_s:.2f}s (incl. navigation) vs reference {ref['elapsed']:.2f}s"
    )
    assert not problems, problems[:5]


def test_schema_as_dict_equals_reference(ref_python: str) -> None:
    rows = proctree_table(generate_events(400, seed=31, os_family="linux"))
    schema = {
        "process_name": "exe",
        "process_id": "pid",
        "parent_id": "ppid",
        "time_stamp": "TimeGenerated",
        "cmd_line": "cmdline",
        "path_separator": "/",
        "logon_id": "ses",
        "event_id_column": "EventType",
        "event_id_identifier": "SYSCALL_EXECVE",
    }
    ref = run_reference(
        ref_python, {"mode": "proctree", "inputs": [rows], "kwargs": {"schema": schema}}
    )
    ours = proctree_results(rows, schema)
    assert not _diff(ours, ref["results"][0])
