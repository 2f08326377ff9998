"""
``msticpy.vis.foliummap``: FoliumMap, plot_map, map centres, geohashes, the accessor.

The maps are checked through folium's object tree (markers, clusters, layers and their
text) and through the rendered HTML (the Leaflet calls that draw them). The parity with
msticpy 3.0.2 is in ``tests/parity/test_foliummap_parity.py``; the browser rendering in
``tests/browser/test_folium_render.py``.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from typing import Any

import pandas as pd
import pytest

from msticpy.common.exceptions import MsticpyImportExtraError, MsticpyMissingDependencyError
from msticpy.datamodel.entities import GeoLocation, Host, IpAddress
from msticpy.vis import foliummap, mp_pandas_plot  # noqa: F401 (registers df.mp_plot)
from msticpy.vis.foliummap import (
    FoliumMap,
    decode_geo_hash,
    decode_geohash_collection,
    get_center_geo_locs,
    get_center_ip_entities,
    get_map_center,
    plot_map,
)

folium = pytest.importorskip("folium")
from folium.plugins import FeatureGroupSubGroup, MarkerCluster  # noqa: E402


def _ips(count: int, seed: int = 5) -> list[IpAddress]:
    rng = random.Random(seed)
    return [
        IpAddress(
            Address=f"203.0.113.{index}",
            Location=GeoLocation(
                Latitude=round(rng.uniform(-60, 60), 4),
                Longitude=round(rng.uniform(-170, 170), 4),
                City=f"City{index}",
                CountryCode=rng.choice(["US", "DE", "JP"]),
            ),
        )
        for index in range(count)
    ]


def _walk(element: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every descendant of a folium element with the class names of its ancestors."""
    found = []
    for child in element._children.values():
        found.append((path, child))
        found.extend(_walk(child, (*path, type(child).__name__)))
    return found


def _markers(fmap: FoliumMap) -> list[tuple[tuple[str, ...], Any]]:
    return [(path, el) for path, el in _walk(fmap.folium_map) if isinstance(el, folium.Marker)]


def _text(element: Any) -> str:
    """The text of a marker's tooltip or popup."""
    if isinstance(element, folium.Tooltip):
        return element.text
    html = next(iter(element.html._children.values()))
    return html.data


def test_importing_msticpy_and_the_module_does_not_import_folium() -> None:
    code = (
        "import sys, msticpy, msticpy.vis, msticpy.nbtools, msticpy.vis.foliummap as f;"
        "import msticpy.nbtools.foliummap as c; assert c is f;"
        "import msticpy.vis.mp_pandas_plot, pandas as pd; pd.DataFrame().mp_plot.folium_map;"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('folium', 'branca') or m == 'msticpy.context.geoip')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json;" + code], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_without_folium_a_map_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "folium", None)
    with pytest.raises(MsticpyImportExtraError, match=r"msticpy\[folium\]"):
        FoliumMap()
    with pytest.raises(ImportError):
        plot_map(pd.DataFrame({"a": [1.0], "b": [2.0]}), lat_column="a", long_column="b")
    # Centres and geohashes need no folium.
    assert get_center_ip_entities(_ips(3)) != [0, 0]


def test_ip_cluster_markers_carry_msticpy_tooltips_and_popups() -> None:
    ips = _ips(12)
    ips[0].AdditionalData["score"] = 7
    fmap = FoliumMap(title="base", zoom_start=3, location=[10.0, 20.0])
    fmap.add_ip_cluster(ips, color="red", icon="flash")
    markers = _markers(fmap)
    assert len(markers) == 12
    first = markers[0][1]
    assert first.location == [ips[0].Location.Latitude, ips[0].Location.Longitude]
    children = list(first._children.values())
    tooltip = next(c for c in children if isinstance(c, folium.Tooltip))
    popup = next(c for c in children if isinstance(c, folium.Popup))
    icon = next(c for c in children if isinstance(c, folium.Icon))
    assert _text(tooltip).split("<br>") == [
        "203.0.113.0",
        "City0",
        ips[0].Location.CountryCode,
        "('score', 7)",
    ]
    popup_lines = _text(popup).split("<br>")
    assert popup_lines[0] == "203.0.113.0" and "City0" in popup_lines
    assert popup_lines[-1] == "('score', 7)"
    assert icon.options["marker_color"] == "red" and icon.options["icon"] == "flash"
    assert fmap.locations == [(ip.Location.Latitude, ip.Location.Longitude) for ip in ips]
    html = fmap._repr_html_()
    assert html.count("L.marker(") == 12 or html.count("L.marker") >= 12


def test_entities_without_coordinates_are_skipped_and_a_layer_is_made_once() -> None:
    ips = _ips(4)
    ips[1].Location.Latitude = float("nan")
    ips[2].Location.Longitude = "north"
    fmap = FoliumMap()
    fmap.add_ip_cluster(ips, layer="suspect")
    fmap.add_ip_cluster(_ips(2, seed=9), layer="other")
    markers = _markers(fmap)
    assert len(markers) == 4
    assert {path for path, _ in markers} == {("FeatureGroup",)}
    controls = [el for _, el in _walk(fmap.folium_map) if isinstance(el, folium.LayerControl)]
    assert len(controls) == 1
    html = fmap.folium_map.get_root().render()
    assert '"suspect"' in html and '"other"' in html


def test_entity_without_location_needs_the_geoip_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeLookup:
        def lookup_ip(self, ip_entity: Any = None, ip_addr_list: Any = None) -> Any:
            found = [ip_entity] if ip_entity else [IpAddress(Address=a) for a in ip_addr_list]
            for entity in found:
                entity.Location = GeoLocation(Latitude=1.5, Longitude=2.5, City="Fake")
            return [], found

    monkeypatch.setattr(foliummap, "_GEO_LOOKUP", [FakeLookup()])
    fmap = FoliumMap()
    fmap.add_ip_cluster([IpAddress(Address="192.0.2.1")])
    fmap.add_ips(["192.0.2.2", "192.0.2.3"])
    assert fmap.locations == [(1.5, 2.5)] * 3


def test_without_geoip_the_lookup_error_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(foliummap, "_GEO_LOOKUP", [])
    monkeypatch.setitem(sys.modules, "msticpy.context.geoip", None)
    with pytest.raises(MsticpyMissingDependencyError, match="Give the IpAddress entities a Loc"):
        FoliumMap().add_ips(["192.0.2.1"])
    with pytest.raises(MsticpyMissingDependencyError):
        plot_map(pd.DataFrame({"ip": ["192.0.2.1"]}), ip_column="ip")


def test_locations_geolocs_and_geohashes_become_markers() -> None:
    fmap = FoliumMap()
    fmap.add_locations([(10.0, 20.0), (0.0, 0.0)])
    fmap.add_geoloc_cluster([GeoLocation(Latitude=-5.0, Longitude=7.0, City="X")])
    fmap.add_geo_hashes(["u4pruydqqvj"])
    locations = [el.location for _, el in _markers(fmap)]
    assert locations[:3] == [[10.0, 20.0], [0.0, 0.0], [-5.0, 7.0]]
    assert locations[3] == pytest.approx([57.64911, 10.40744], abs=1e-4)
    tooltips = [
        _text(next(c for c in el._children.values() if isinstance(c, folium.Tooltip)))
        for _, el in _markers(fmap)
    ]
    assert tooltips[0] == "na<br>Unknown city<br>Unknown country"


def test_clusters_and_subgroups() -> None:
    fmap = FoliumMap()
    fmap.create_new_cluster_with_locations([(1.0, 2.0), (1.1, 2.1)], name="c1", tooltip="t")
    fmap.create_new_subgroup_with_geohashes(["ezs42", "u4pru"], "sub", "c2", color="green")
    fmap.create_new_cluster_with_geohashes(["9q8yy"], name="c3")
    fmap.enable_layer_control()
    fmap.enable_layer_control()
    paths = sorted(path for path, _ in _markers(fmap))
    assert paths == [("FeatureGroupSubGroup",)] * 2 + [("MarkerCluster",)] * 3
    top = list(fmap.folium_map._children.values())
    assert sum(isinstance(c, MarkerCluster) for c in top) == 2
    assert sum(isinstance(c, FeatureGroupSubGroup) for c in top) == 1
    assert sum(isinstance(c, folium.LayerControl) for c in top) == 1
    assert len(fmap.locations) == 5
    html = fmap.folium_map.get_root().render()
    assert "L.markerClusterGroup" in html and "L.featureGroup.subGroup" in html
    marker = FoliumMap.create_marker((3.0, 4.0), tooltip="tip", popup="pop", color="red")
    assert isinstance(marker, folium.Marker)
    assert isinstance(FoliumMap.create_marker_cluster("n"), MarkerCluster)


def test_save_map_and_center_map(tmp_path: Any) -> None:
    fmap = FoliumMap()
    fmap.add_locations([(10.0, 20.0), (30.0, 40.0), (50.0, float("nan"))])
    fmap.center_map()
    # The NaN pair drew no marker, so only two points are averaged.
    assert fmap.folium_map.location == [20.0, 30.0]
    target = tmp_path / "map.html"
    fmap.save_map(str(target))
    text = target.read_text(encoding="utf-8")
    assert "L.map(" in text and text.count("L.marker(") == 2


def test_plot_map_from_coordinates_clusters_markers_by_layer() -> None:
    data = pd.DataFrame(
        {
            "lat": [1.0, 2.0, 3.0, 4.0],
            "lon": [10.0, 20.0, 30.0, 40.0],
            "sev": ["high", "low", "high", "odd"],
            "host": ["a", "b", "c", "d"],
        }
    )
    icon_map = {"high": {"color": "red", "icon": "warning"}, "default": {"icon": "info-sign"}}
    fmap = data.mp_plot.folium_map(
        lat_column="lat",
        long_column="lon",
        layer_column="sev",
        icon_column="sev",
        icon_map=icon_map,
        popup_columns=["host", "missing"],
        marker_cluster=True,
        default_color="black",
    )
    markers = _markers(fmap)
    assert len(markers) == 4
    assert {path for path, _ in markers} == {("FeatureGroup", "MarkerCluster")}
    groups = [c for c in fmap.folium_map._children.values() if isinstance(c, folium.FeatureGroup)]
    assert [g.layer_name for g in groups] == ["high", "low", "odd"]
    by_location = {tuple(el.location): el for _, el in markers}
    high = by_location[(1.0, 10.0)]
    children = list(high._children.values())
    icon = next(c for c in children if isinstance(c, folium.Icon))
    assert icon.options["marker_color"] == "red" and icon.options["icon"] == "warning"
    popup = next(c for c in children if isinstance(c, folium.Popup))
    assert _text(popup) == "host: a"
    tooltip = next(c for c in children if isinstance(c, folium.Tooltip))
    assert _text(tooltip) == "lat: 1.0<br>lon: 10.0"
    assert fmap.folium_map.location == [2.5, 25.0]


def test_plot_map_without_clustering_and_with_an_icon_function() -> None:
    data = pd.DataFrame({"lat": [1.0, 2.0], "lon": [3.0, 4.0], "kind": ["bad-x", "ok"]})
    fmap = plot_map(
        data,
        lat_column="lat",
        long_column="lon",
        icon_column="kind",
        icon_map=lambda key: {"color": "red"} if key.startswith("bad") else {"icon": "ok"},
        marker_cluster=False,
        location=[0.0, 0.0],
        default_color="purple",
    )
    markers = _markers(fmap)
    assert {path for path, _ in markers} == {("FeatureGroup",)}
    colors = [
        next(c for c in el._children.values() if isinstance(c, folium.Icon)).options["marker_color"]
        for _, el in markers
    ]
    assert colors == ["red", "purple"]
    assert fmap.folium_map.location == [0.0, 0.0]


def test_plot_map_from_ip_entities_uses_their_locations() -> None:
    ips = _ips(6)
    data = pd.DataFrame({"ip": [*ips, None], "n": range(7)})
    fmap = plot_map(data, ip_column="ip")
    markers = _markers(fmap)
    assert len(markers) == 6
    first = dict(
        (type(c).__name__, _text(c))
        for c in markers[0][1]._children.values()
        if isinstance(c, folium.Tooltip | folium.Popup)
    )
    loc = ips[0].Location
    assert first["Tooltip"] == f"ip: 203.0.113.0<br>CountryCode: {loc.CountryCode}<br>City: City0"
    assert first["Popup"].startswith("ip: 203.0.113.0<br>CountryOrRegionName: None<br>City: City0")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, ValueError),
        ({"lat_column": "lat"}, ValueError),
        ({"lat_column": "nope", "long_column": "lon"}, LookupError),
        ({"lat_column": "lat", "long_column": "lon", "layer_column": "nope"}, LookupError),
        ({"ip_column": "nope"}, LookupError),
    ],
)
def test_plot_map_bad_arguments(kwargs: dict[str, Any], error: type[Exception]) -> None:
    data = pd.DataFrame({"lat": [1.0], "lon": [2.0]})
    with pytest.raises(error):
        plot_map(data, **kwargs)


def test_geohash_decoding() -> None:
    lat, lon, lat_err, lon_err = decode_geo_hash("ezs42")
    assert (lat, lon) == pytest.approx((42.605, -5.603), abs=1e-3)
    assert (lat_err, lon_err) == (0.02197265625, 0.02197265625)
    assert decode_geo_hash("EZS42") == decode_geo_hash("ezs42")
    assert decode_geohash_collection(["s", "7"]) == [(22.5, 22.5), (-22.5, -22.5)]
    for bad in ["", "ezs4a", "x" * 23, None]:
        with pytest.raises(ValueError):
            decode_geo_hash(bad)  # type: ignore[arg-type]


def test_map_centres() -> None:
    ips = _ips(5)
    lats = sorted(ip.Location.Latitude for ip in ips)
    assert get_map_center([]) == (0, 0)
    assert get_center_ip_entities(ips)[0] == lats[2]
    assert get_map_center(ips) == get_center_ip_entities(ips)
    assert get_map_center(ips, mode="mean")[0] == pytest.approx(sum(lats) / 5)
    assert get_center_ip_entities([[ips[0]], ips[1]]) == get_center_ip_entities(ips[:2])
    locs = [GeoLocation(Latitude=0.0, Longitude=10.0), GeoLocation(Latitude=2.0, Longitude=20.0)]
    assert get_center_geo_locs(locs) == [1.0, 15.0]
    assert get_center_geo_locs([GeoLocation(Latitude=float("nan"), Longitude=1.0)]) == [0, 0]
    hosts = [Host(HostName=f"h{i}", IpAddress=ip) for i, ip in enumerate(ips)]
    if "IpAddress" in hosts[0].properties:
        assert get_map_center(hosts)[0] == pytest.approx(sum(lats) / 5)
    assert foliummap.get_center_geo_locn is get_center_geo_locs


def test_plot_map_of_address_strings_merges_the_lookup_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class FakeLookup:
        def lookup_ips(self, data: pd.DataFrame, column: str) -> pd.DataFrame:
            known = {"192.0.2.1": (10.0, 20.0), "192.0.2.2": (30.0, 40.0)}
            rows = [
                {
                    "IpAddress": addr,
                    "CountryCode": "ZZ",
                    "CountryOrRegionName": "Nowhere",
                    "City": "Town",
                    "Latitude": known.get(addr, (None, None))[0],
                    "Longitude": known.get(addr, (None, None))[1],
                }
                for addr in data[column]
            ]
            return pd.DataFrame(rows)

    monkeypatch.setattr(foliummap, "_GEO_LOOKUP", [FakeLookup()])
    data = pd.DataFrame({"src": ["192.0.2.1", "192.0.2.2", "192.0.2.9"], "City": ["a", "b", "c"]})
    fmap = plot_map(data, ip_column="src", marker_cluster=False)
    markers = _markers(fmap)
    assert sorted(el.location for _, el in markers) == [[10.0, 20.0], [30.0, 40.0]]
    tooltip = next(
        _text(c) for c in markers[0][1]._children.values() if isinstance(c, folium.Tooltip)
    )
    # The looked-up City wins; the frame's own column is kept as City_src.
    assert tooltip == "src: 192.0.2.1<br>CountryCode: ZZ<br>City: Town"
