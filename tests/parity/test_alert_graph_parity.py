"""
Parity of ``create_alert_graph``/``add_related_alerts`` with msticpy 3.0.2.

Alerts: the bundled sample alerts and generated alerts (the generator of
``test_security_parity.py``, plus an ``AlertType`` and ``StartTimeUtc``); related alerts: the
bundled sample alerts. Nodes, edges and their attributes must be equal.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest

from .conftest import add_summary_line, run_ours, run_reference
from .test_security_parity import SAMPLES, _generated_alert

WORKER = Path(__file__).resolve().with_name("graph_worker.py")


def _sample_alerts() -> list[dict[str, Any]]:
    with open(SAMPLES / "alerts_list.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _alerts(seed: int = 5) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    alerts = _sample_alerts()
    for k in range(50):
        row = _generated_alert(rng, k)
        row["AlertType"] = rng.choice(["TYPE_A", "TYPE_B", "SUSP_PS_ENC"])
        row["StartTimeUtc"] = f"2024-05-06T1{k % 10}:00:00Z"
        alerts.append(row)
    return alerts


def _ours(request: dict[str, Any]) -> dict[str, Any]:
    return run_ours(WORKER, request)


def test_alert_graphs_equal_msticpy(ref_python: str) -> None:
    pytest.importorskip("networkx")
    request = {"alerts": _alerts(), "related": _sample_alerts()}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = _ours(request)["results"]
    mismatches = [k for k, (theirs, mine) in enumerate(zip(reference, ours)) if theirs != mine]
    nodes = sum(len(r["graph"]["nodes"]) for r in reference if "graph" in r)
    add_summary_line(
        f"alert graph: {len(reference)} alerts, {nodes} nodes, "
        f"{sum('error' in r for r in reference)} raising, {len(mismatches)} mismatching"
    )
    assert len(ours) == len(reference)
    linked = [
        n for r in reference if "related" in r for n, a in r["related"]["nodes"] if a.get("count")
    ]
    assert linked, "the generated alerts should share entities with the related alerts"
    assert not mismatches, [(k, reference[k], ours[k]) for k in mismatches[:1]]
