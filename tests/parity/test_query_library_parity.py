"""
The built-in query library offers what msticpy 3.0.2's does, environment by environment.

For every data environment a notebook names (Sentinel under its three names, Defender
for Endpoint under two, Microsoft 365 Defender, Microsoft Graph, LocalData), the set of
``family.query`` names, each query's data families and each parameter's name, type,
default and aliases equal the reference's, so every call a notebook makes resolves and
accepts the same arguments. Query bodies and descriptions are ours and not compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("query_library_worker.py")
ENVIRONMENTS = [
    "MSSentinel",
    "AzureSentinel",
    "LogAnalytics",
    "MDE",
    "MDATP",
    "M365D",
    "MSGraph",
    "SecurityGraph",
    "LocalData",
]


@pytest.fixture(scope="module")
def both(ref_python: str) -> tuple[dict[str, Any], dict[str, Any]]:
    request = {"environments": ENVIRONMENTS}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = run_ours(WORKER, request)["results"]
    return reference, ours


def _differences(theirs: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    lines = [f"missing {name}" for name in sorted(set(theirs) - set(ours))]
    lines += [f"extra {name}" for name in sorted(set(ours) - set(theirs))]
    for name in sorted(set(theirs) & set(ours)):
        if theirs[name]["families"] != ours[name]["families"]:
            lines.append(f"{name} families {theirs[name]['families']} {ours[name]['families']}")
        params_t, params_o = theirs[name]["params"], ours[name]["params"]
        for param in sorted(set(params_t) | set(params_o)):
            if params_t.get(param) != params_o.get(param):
                lines.append(f"{name}.{param}: {params_t.get(param)} != {params_o.get(param)}")
    return lines


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_environment_queries_equal_msticpy(
    both: tuple[dict[str, Any], dict[str, Any]], environment: str
) -> None:
    reference, ours = both
    differences = _differences(reference[environment], ours[environment])
    params = sum(len(q["params"]) for q in reference[environment].values())
    add_summary_line(
        f"query library {environment}: {len(reference[environment])} queries, "
        f"{params} parameters, {len(differences)} differences"
    )
    assert not differences, differences[:20]
