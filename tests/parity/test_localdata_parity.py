"""
Parity of the LocalData environment with msticpy 3.0.2.

``localdata_worker.py`` runs in both interpreters: the set of ``family.query`` names,
each query's parameters (name, type, default), a generated CSV and a pickle loaded
through ``data_paths`` (columns, dtypes, values) and the missing-file error must be equal.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("localdata_worker.py")


def _generated_csv(seed: int, rows: int) -> str:
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["TimeGenerated", "Computer", "EventID", "Score", "Account", "Note"])
    start = datetime(2024, 3, 1, 6, 0, 0)
    for row in range(rows):
        when = start + timedelta(seconds=rng.randrange(0, 86400 * 3))
        writer.writerow(
            [
                when.strftime("%Y-%m-%d %H:%M:%S"),
                rng.choice(["web01", "DC-02.contoso.local", "wks,quoted"]),
                rng.choice([4624, 4625, 4688]),
                round(rng.uniform(-5, 5), 3) if row % 7 else "",
                rng.choice(["alice", 'bo"b', "svc\\backup", ""]),
                rng.choice(["plain", "multi\nline", "ünïcode", "1e3"]),
            ]
        )
    return buffer.getvalue()


def _kinds(frame: dict[str, Any]) -> dict[str, Any]:
    """The frame with dtypes by kind: pandas 2 and 3 name text and time columns apart."""
    aliases = {"object": "text", "str": "text", "string": "text"}
    kinds = [aliases.get(d, d.split("[")[0]) for d in frame["dtypes"]]
    return {**frame, "dtypes": kinds}


def test_localdata_equals_msticpy(ref_python: str) -> None:
    request: dict[str, Any] = {"csv": _generated_csv(seed=13, rows=60)}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = run_ours(WORKER, request)["results"]
    assert sorted(ours["queries"]) == sorted(reference["queries"])
    assert len(reference["queries"]) == 9
    assert ours["queries"] == reference["queries"]
    assert _kinds(ours["csv_frame"]) == _kinds(reference["csv_frame"])
    assert _kinds(ours["pickle_frame"]) == _kinds(reference["pickle_frame"])
    assert reference["csv_frame"]["dtypes"][0].startswith("datetime64")
    assert ours["missing"] == reference["missing"]
    add_summary_line(
        f"LocalData: {len(reference['queries'])} queries, parameters and a 60-row CSV "
        "and pickle equal"
    )
