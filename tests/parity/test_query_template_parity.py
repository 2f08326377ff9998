"""
Parity of ``msticpy.data.core.query_template`` with msticpy 3.0.2 (pydantic records).

Generated query-file mappings, valid and with one field of a wrong type, are built in
both interpreters (``template_worker.py``): the records (as ``asdict``) must be equal,
and a rejected input must be a ``ValueError`` naming the same field.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("template_worker.py")
_BAD_VALUES: dict[str, list[Any]] = {
    "version": ["one", 1.5, None, [1]],
    "description": [3, None, ["d"]],
    "data_environments": ["LocalData", [1], None],
    "tags": [[2], "tag"],
    "query_macros": [["m"], "m"],
}


def _metadata(rng: random.Random) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "version": rng.choice([1, 2, "3", True, 4.0]),
        "description": rng.choice(["Alerts", "Process events", ""]),
        "data_environments": rng.sample(["LogAnalytics", "MSSentinel", "LocalData"], 2),
        "data_families": rng.sample(["SecurityAlert", "WindowsSecurity", "Network"], 2),
    }
    if rng.random() < 0.5:
        meta["tags"] = rng.sample(["alert", "logon", "process"], 2)
    if rng.random() < 0.3:
        meta["aliases"] = rng.choice(["alias", ["a", "b"]])
    if rng.random() < 0.3:
        meta["query_macros"] = {"m": {"description": "macro", "value": "x"}}
    if rng.random() < 0.3:
        meta["cluster"] = "https://c.kusto.windows.net"
    return meta


def _parameters(rng: random.Random) -> dict[str, Any]:
    return {
        f"p{n}": {
            "description": f"param {n}",
            "datatype": rng.choice(["str", "int", "datetime", "list"]),
            **({"default": rng.choice([0, "x", [1, 2], None])} if rng.random() < 0.6 else {}),
            **({"aliases": ["alt"]} if rng.random() < 0.2 else {}),
        }
        for n in range(rng.randrange(0, 3))
    }


def _cases(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    cases: list[dict[str, Any]] = []
    for _ in range(count):
        sources = {
            f"q{n}": {
                "description": f"query {n}",
                "args": {"query": f"T{n} | take 10"},
                "parameters": _parameters(rng),
                "metadata": {"data_families": ["SecurityAlert"]},
            }
            for n in range(rng.randrange(1, 4))
        }
        kwargs: dict[str, Any] = {"metadata": _metadata(rng), "sources": sources}
        if rng.random() < 0.5:
            kwargs["defaults"] = {"metadata": {"x": 1}, "parameters": _parameters(rng)}
        cases.append({"cls": "QueryCollection", "kwargs": kwargs})
        field = rng.choice(sorted(_BAD_VALUES))
        bad = {**_metadata(rng), field: rng.choice(_BAD_VALUES[field])}
        cases.append({"cls": "QueryMetadata", "kwargs": bad})
    cases.append({"cls": "QueryParameter", "kwargs": {"description": "d", "datatype": 5}})
    cases.append({"cls": "QueryArgs", "kwargs": {"query": ["x"]}})
    cases.append({"cls": "Query", "kwargs": {"description": "d", "args": {"query": "q"}}})
    return cases


def test_query_template_equals_msticpy(ref_python: str) -> None:
    request = {"cases": _cases(seed=13, count=30)}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = run_ours(WORKER, request)["results"]
    built = sum("ok" in item for item in reference)
    assert built >= 31 and len(reference) - built >= 10
    mismatched = [
        i for i, pair in enumerate(zip(reference, ours, strict=True)) if pair[0] != pair[1]
    ]
    add_summary_line(
        f"query_template: {len(reference)} records ({built} built, "
        f"{len(reference) - built} rejected), {len(mismatched)} mismatches"
    )
    assert not mismatched, [(request["cases"][i], reference[i], ours[i]) for i in mismatched[:2]]
