"""
Folium map parity worker: runs the same map calls in whichever msticpy it imports.

Run by ``test_foliummap_parity.py`` in the reference interpreter (msticpy 3.0.2) and in
ours. Reads ``{"cases": [...]}`` as JSON on stdin (each case: generated located IP
addresses and a frame of coordinates); writes ``{"msticpy_version": ..., "results": [...]}``
where each result maps a call to the markers it drew (location, tooltip, popup, icon
options and the name of the layer holding the marker) and the map centre, or to the
name of the exception raised. Creation times in popups differ between runs and are
masked.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?(\+00:00)?")


def _text(element: Any) -> str:
    import folium

    if isinstance(element, folium.Tooltip):
        return element.text
    return _TIMESTAMP.sub("<time>", next(iter(element.html._children.values())).data)


def _markers(element: Any, layer: str | None = None) -> list[dict[str, Any]]:
    """Every marker under ``element`` with the name of its nearest FeatureGroup."""
    import folium

    found = []
    for child in element._children.values():
        if isinstance(child, folium.Marker):
            parts: dict[str, Any] = {"location": [float(v) for v in child.location]}
            for part in child._children.values():
                if isinstance(part, folium.Tooltip):
                    parts["tooltip"] = _text(part)
                elif isinstance(part, folium.Popup):
                    parts["popup"] = _text(part)
                elif isinstance(part, folium.Icon):
                    parts["icon"] = dict(sorted(part.options.items()))
            parts["layer"] = layer
            found.append(parts)
        name = child.layer_name if isinstance(child, folium.FeatureGroup) else layer
        found.extend(_markers(child, name))
    return found


def _map_json(fmap: Any) -> dict[str, Any]:
    markers = sorted(_markers(fmap.folium_map), key=lambda m: json.dumps(m, sort_keys=True))
    return {
        "markers": markers,
        "center": [float(v) for v in fmap.folium_map.location],
        "locations": sorted([float(a), float(b)] for a, b in fmap.locations),
    }


def _call(function: Any) -> Any:
    try:
        return {"ok": function()}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """Every compared call on one generated case."""
    import pandas as pd

    from msticpy.datamodel.entities import GeoLocation, IpAddress
    from msticpy.vis import foliummap

    def ips() -> list[Any]:
        return [
            IpAddress(Address=item["address"], Location=GeoLocation(**item["location"]))
            for item in case["ips"]
        ]

    def ip_cluster() -> Any:
        fmap = foliummap.FoliumMap(zoom_start=case["zoom"])
        fmap.add_ip_cluster(ips(), **case["icon"])
        fmap.center_map()
        return _map_json(fmap)

    def ip_layer_markers() -> Any:
        fmap = foliummap.FoliumMap()
        fmap.add_ip_cluster(ips(), layer="suspects")
        return _map_json(fmap)["markers"]

    def locations_and_clusters() -> Any:
        fmap = foliummap.FoliumMap()
        coords = [tuple(pair) for pair in case["coords"]]
        fmap.add_locations(coords[:3], color="green")
        fmap.create_new_cluster_with_locations(coords[3:], name="c", tooltip="tip", popup="pop")
        fmap.center_map()
        return _map_json(fmap)

    frame = pd.DataFrame(case["frame"])

    def plot_plain() -> Any:
        return _map_json(foliummap.plot_map(frame, lat_column="lat", long_column="lon"))

    def plot_layers() -> Any:
        fmap = foliummap.plot_map(
            frame,
            lat_column="lat",
            long_column="lon",
            layer_column="layer",
            icon_column="sev",
            icon_map={"high": {"color": "red", "icon": "warning"}, "default": {"icon": "info"}},
            popup_columns=["host", "lat", "nope"],
            tooltip_columns=["host"],
        )
        return _map_json(fmap)

    def centres() -> Any:
        entities = ips()
        locs = [entity.Location for entity in entities]
        return {
            "map": list(foliummap.get_map_center(entities)),
            "ip": list(foliummap.get_center_ip_entities(entities)),
            "ip_mean": list(foliummap.get_center_ip_entities(entities, mode="mean")),
            "geo": list(foliummap.get_center_geo_locs(locs)),
            "empty": list(foliummap.get_map_center([])),
        }

    calls = {
        "ip_cluster": ip_cluster,
        "ip_layer_markers": ip_layer_markers,
        "locations_and_clusters": locations_and_clusters,
        "plot_plain": plot_plain,
        "plot_layers": plot_layers,
        "centres": centres,
        "no_position": lambda: foliummap.plot_map(frame),
    }
    return {name: _call(function) for name, function in calls.items()}


_FUNCTIONS = [
    "plot_map",
    "get_map_center",
    "get_center_ip_entities",
    "get_center_geo_locs",
    "decode_geo_hash",
    "decode_geohash_collection",
]


def signatures() -> dict[str, Any]:
    """Parameters (name, kind, default) of FoliumMap's public methods and the functions."""
    import inspect

    from msticpy.vis import foliummap

    def params(function: Any) -> list[list[str]]:
        return [
            [p.name, p.kind.name, repr(p.default)]
            for p in inspect.signature(function).parameters.values()
        ]

    out = {
        f"FoliumMap.{name}": params(member)
        for name, member in inspect.getmembers(foliummap.FoliumMap, inspect.isfunction)
        if not name.startswith("_") or name in ("__init__", "_repr_html_")
    }
    out.update({name: params(getattr(foliummap, name)) for name in _FUNCTIONS})
    return out


def main() -> None:
    """Answer one request."""
    import msticpy

    request = json.loads(sys.stdin.read())
    results = [run_case(case) for case in request["cases"]]
    json.dump(
        {"msticpy_version": msticpy.__version__, "results": results, "signatures": signatures()},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
