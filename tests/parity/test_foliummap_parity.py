"""
Folium map parity with msticpy 3.0.2 on generated IP locations and coordinate frames.

The same worker script (``foliummap_worker.py``) runs in the reference interpreter and in
ours; the markers each call draws (location, tooltip, popup, icon options, layer name),
the map centre and the recorded locations must be equal. Skipped without the reference
(or without folium on our side).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from .conftest import add_summary_line, run_ours, run_reference

pytest.importorskip("folium")
pytestmark = pytest.mark.parity

WORKER = Path(__file__).resolve().with_name("foliummap_worker.py")
CASES = 8


def _case(rng: random.Random) -> dict[str, Any]:
    ips = []
    for index in range(rng.randint(1, 25)):
        location: dict[str, Any] = {
            "Latitude": round(rng.uniform(-80, 80), 5),
            "Longitude": round(rng.uniform(-179, 179), 5),
        }
        if rng.random() < 0.7:
            location["City"] = rng.choice(["Paris", "Lagos", "Osaka", "Quito"])
        if rng.random() < 0.7:
            location["CountryCode"] = rng.choice(["FR", "NG", "JP", "EC"])
            location["CountryOrRegionName"] = rng.choice(["France", "Nigeria", "Japan"])
        if rng.random() < 0.15:
            # NaN is skipped by both; None would send both to a GeoIP look-up.
            location["Latitude"] = float("nan")
        ips.append({"address": f"198.51.{rng.randint(0, 255)}.{index}", "location": location})
    rows = rng.randint(1, 30)
    frame = {
        "lat": [round(rng.uniform(-80, 80), 4) for _ in range(rows)],
        "lon": [round(rng.uniform(-179, 179), 4) for _ in range(rows)],
        "layer": [rng.choice(["web", "db", "mail"]) for _ in range(rows)],
        "sev": [rng.choice(["high", "low"]) for _ in range(rows)],
        "host": [f"host{rng.randint(0, 9)}" for _ in range(rows)],
    }
    return {
        "ips": ips,
        "coords": [
            [round(rng.uniform(-80, 80), 3), round(rng.uniform(-179, 179), 3)]
            for _ in range(rng.randint(4, 10))
        ],
        "frame": frame,
        "zoom": rng.randint(1, 8),
        "icon": rng.choice([{}, {"color": "red"}, {"color": "green", "icon": "cloud"}]),
    }


def _comparable(name: str, result: dict[str, Any]) -> Any:
    """The part of a result msticpy's behaviour fixes (see docs/maps.md for the rest)."""
    if "ok" not in result or name != "plot_layers":
        return result
    # Layer colours follow set order in msticpy (hash-seed dependent): not compared.
    markers = []
    for marker in result["ok"]["markers"]:
        icon = dict(marker["icon"])
        if icon.get("marker_color") != "red":
            icon.pop("marker_color", None)
        markers.append({**marker, "icon": icon})
    return {**result["ok"], "markers": sorted(markers, key=repr)}


def test_folium_maps_equal_msticpy(ref_python: str) -> None:
    rng = random.Random(20261207)
    request = {"cases": [_case(rng) for _ in range(CASES)]}
    reference_response = run_reference(ref_python, request, worker=WORKER)
    ours_response = run_ours(WORKER, request)
    # Same public methods and functions, same parameter names, kinds and defaults.
    assert ours_response["signatures"] == reference_response["signatures"]
    reference, ours = reference_response["results"], ours_response["results"]
    mismatches = [
        (k, name)
        for k, (theirs, mine) in enumerate(zip(reference, ours))
        for name in theirs
        if _comparable(name, theirs[name]) != _comparable(name, mine[name])
    ]
    markers = sum(len(r["ip_cluster"]["ok"]["markers"]) for r in reference)
    add_summary_line(
        f"foliummap: {CASES} generated cases, {markers} IP markers, {len(mismatches)} mismatches"
    )
    assert all("ok" in r["plot_layers"] and "ok" in r["ip_cluster"] for r in reference)
    assert markers > CASES
    assert not mismatches, [
        (k, name, reference[k][name], ours[k][name]) for k, name in mismatches[:2]
    ]
