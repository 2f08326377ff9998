"""
Real-browser rendering of a folium map of IP locations (``msticpy.vis.foliummap``).

A map of generated IpAddress entities (clustered layers from ``plot_map`` plus plain red
markers from ``FoliumMap.add_ip_cluster``) is saved as standalone HTML and opened in
headless Chromium through the system chromedriver, with every network name unresolvable.
Map tiles therefore cannot load (the background stays grey); the page's script
libraries are pointed at Debian's copies instead of their CDNs: ``libjs-leaflet``,
``libjs-leaflet.markercluster`` and ``libjs-jquery``. The one library Debian does not
package, Leaflet.awesome-markers (folium's marker icons), is replaced by a few lines
that draw each icon as a round ``L.divIcon`` in the marker's colour; everything else that
runs is folium's and Leaflet's own code.

The checks: no script error; the clusters drew and their counts plus the single markers
add up to every located address; clicking a red marker opens its popup with the address;
the screenshot (kept under ``test-artifacts/browser/``) shows the cluster and marker
colours. Skipped without Chromium, chromedriver, selenium or the Debian libraries.

A second map is made of LOOKED-UP addresses: the bundled sample sign-in log
(``msticpy/resources/signin_sample.csv``) through ``GeoLiteLookup.df_lookup_ip`` with no
database (the embedded country-level data, whose coordinates are one point per
country), drawn by ``plot_map`` from the ``Latitude``/``Longitude`` columns the lookup
added. The page's own marker clusters must hold exactly the looked-up coordinates, and
every cluster and marker drawn must sit inside the map's viewport with the counts adding
up to every located sign-in.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("folium")
Image = pytest.importorskip("PIL.Image")
pytest.importorskip("selenium.webdriver")
from chromium_session import artifacts, open_browser  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import msticpy  # noqa: E402
from msticpy.common import pkg_config  # noqa: E402
from msticpy.context import geoip  # noqa: E402
from msticpy.datamodel.entities import GeoLocation, IpAddress  # noqa: E402
from msticpy.vis.foliummap import plot_map  # noqa: E402

WINDOW = (1100, 800)
DEBIAN_JS = Path("/usr/share/javascript")
LOCAL_LIBS = {
    r"https://[^\"]*/leaflet@[^\"]*/leaflet\.js": "leaflet/leaflet.js",
    r"https://[^\"]*/leaflet@[^\"]*/leaflet\.css": "leaflet/leaflet.css",
    r"https://[^\"]*/leaflet\.markercluster\.js": "leaflet/leaflet.markercluster.js",
    r"https://[^\"]*/MarkerCluster\.css": "leaflet/MarkerCluster.css",
    r"https://[^\"]*/MarkerCluster\.Default\.css": "leaflet/MarkerCluster.Default.css",
    r"https://code\.jquery\.com/jquery[^\"]*\.js": "jquery/jquery.min.js",
}
# Stand-in for Leaflet.awesome-markers (not packaged by Debian): a round icon per marker.
AWESOME_STANDIN = """
L.AwesomeMarkers = {icon: function (options) {
  return L.divIcon({
    className: "test-marker",
    iconSize: [18, 18],
    html: '<div style="width:14px;height:14px;border-radius:9px;border:2px solid #222;'
      + 'background:' + options.markerColor + '"></div>'
  });
}};
"""


def _offline_page(html: str, folder: Path) -> str:
    """Point the page's libraries at local files; drop the stylesheets it cannot load."""
    missing = [lib for lib in LOCAL_LIBS.values() if not (DEBIAN_JS / lib).is_file()]
    if missing:
        pytest.skip(f"Debian libjs-leaflet / libjs-leaflet.markercluster missing: {missing}")
    for pattern, lib in LOCAL_LIBS.items():
        html, count = re.subn(pattern, (DEBIAN_JS / lib).as_uri(), html)
        assert count == 1, pattern
    standin = folder / "awesome-standin.js"
    standin.write_text(AWESOME_STANDIN, encoding="utf-8")
    html, count = re.subn(r"https://[^\"]*/leaflet\.awesome-markers\.js", standin.as_uri(), html)
    assert count == 1
    # Bootstrap, glyph and awesome-marker styles and scripts only decorate: not loaded.
    html = re.sub(r'<(script|link)[^>]*"https://[^"]*"[^>]*>(</script>)?', "", html)
    return html


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium through the system chromedriver, with no name resolving."""
    with open_browser(
        tmp_path / "profile", WINDOW, extra_args=("--allow-file-access-from-files",)
    ) as driver:
        yield driver


def _located_ips(count: int, seed: int) -> list[IpAddress]:
    """Addresses around three cities, so markers near each other cluster."""
    rng = random.Random(seed)
    cities = [
        (48.85, 2.35, "Paris", "FR"),
        (35.68, 139.69, "Tokyo", "JP"),
        (-23.55, -46.63, "Sao Paulo", "BR"),
    ]
    ips = []
    for index in range(count):
        lat, lon, city, country = cities[index % len(cities)]
        ips.append(
            IpAddress(
                Address=f"198.51.100.{index}",
                Location=GeoLocation(
                    Latitude=lat + rng.uniform(-3, 3),
                    Longitude=lon + rng.uniform(-3, 3),
                    City=city,
                    CountryCode=country,
                ),
            )
        )
    return ips


def _script_errors(driver: Any) -> list[str]:
    """Severe console messages other than the tile and stylesheet requests that must fail."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE"
        and "Failed to load resource" not in entry["message"]
        and "tile.openstreetmap" not in entry["message"]
    ]


def test_ip_map_draws_clusters_markers_and_popups(browser: Any, tmp_path: Path) -> None:
    clustered = _located_ips(45, seed=7)
    data = pd.DataFrame(
        {"ip": clustered, "source": ["firewall" if i % 2 else "proxy" for i in range(45)]}
    )
    fmap = plot_map(data, ip_column="ip", layer_column="source", zoom_start=1, height="760px")
    singles = _located_ips(4, seed=11)
    # Away from the three clusters, so that each red marker is seen on its own.
    for index, (entity, (lat, lon)) in enumerate(
        zip(singles, [(-45.0, -120.0), (60.0, -60.0), (5.0, 20.0), (-30.0, 100.0)])
    ):
        entity.Address = f"203.0.113.{index}"
        entity.Location.Latitude, entity.Location.Longitude = lat, lon
    fmap.add_ip_cluster(singles, color="red")
    page = artifacts() / "folium_map.html"
    fmap.save_map(str(page))
    offline = tmp_path / "folium_map_offline.html"
    offline.write_text(_offline_page(page.read_text(encoding="utf-8"), tmp_path), "utf-8")

    browser.get(offline.as_uri())
    wait = WebDriverWait(browser, 60)
    wait.until(lambda drv: drv.find_elements(By.CSS_SELECTOR, ".marker-cluster"))
    assert not _script_errors(browser)
    cluster_counts = [
        int(el.text) for el in browser.find_elements(By.CSS_SELECTOR, ".marker-cluster span")
    ]
    single_markers = browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-pane .test-marker")
    assert len(cluster_counts) >= 3, cluster_counts
    assert sum(cluster_counts) + len(single_markers) == 45 + 4, (cluster_counts, single_markers)
    # The layer control is collapsed: its labels are in the page but not shown.
    layer_names = [
        (el.get_attribute("textContent") or "").strip()
        for el in browser.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays label")
    ]
    assert {"firewall", "proxy"} <= set(layer_names), layer_names

    shot = artifacts() / "folium_map.png"
    browser.save_screenshot(str(shot))
    rgb = np.asarray(Image.open(shot).convert("RGB"), dtype=np.int16)
    red = ((rgb[..., 0] > 200) & (rgb[..., 1] < 60) & (rgb[..., 2] < 60)).sum()
    # MarkerCluster.Default.css paints small clusters green and medium ones yellow.
    green = (
        (abs(rgb[..., 0] - 110) < 25) & (abs(rgb[..., 1] - 204) < 25) & (rgb[..., 2] < 90)
    ).sum()
    yellow = ((rgb[..., 0] > 220) & (rgb[..., 1] > 170) & (rgb[..., 2] < 60)).sum()
    assert red > 4 * 60, red
    assert green + yellow > 3 * 300, (green, yellow)

    red_marker = next(el for el in single_markers if "red" in (el.get_attribute("innerHTML") or ""))
    red_marker.click()

    def popup_text(drv: Any) -> str:
        # The popup element appears before Leaflet fills it: wait for its text.
        found = drv.find_elements(By.CSS_SELECTOR, ".leaflet-popup-content")
        return (found[0].get_attribute("textContent") or "").strip() if found else ""

    wait.until(popup_text)
    popup = popup_text(browser)
    assert popup.startswith("203.0.113."), popup
    browser.save_screenshot(str(artifacts() / "folium_map_popup.png"))
    assert not _script_errors(browser)


# Every marker the page's MarkerClusterGroups hold, and every icon drawn with its screen box.
_PAGE_MARKERS = """
const groups = Object.values(window).filter((v) => v instanceof L.MarkerClusterGroup);
const points = [];
for (const group of groups) {
  for (const marker of group.getLayers()) {
    const at = marker.getLatLng();
    points.push([at.lat, at.lng]);
  }
}
const box = (el) => { const r = el.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2]; };
const mapBox = document.querySelector(".leaflet-container").getBoundingClientRect();
return {
  points: points,
  clusters: [...document.querySelectorAll(".marker-cluster")].map(
    (el) => [parseInt(el.textContent, 10)].concat(box(el))),
  singles: [...document.querySelectorAll(".leaflet-marker-pane .test-marker")].map(box),
  view: [mapBox.left, mapBox.top, mapBox.right, mapBox.bottom],
};
"""


@pytest.fixture()
def no_geoip_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty msticpyconfig and an empty database folder: the embedded data answers."""
    config = tmp_path / "msticpyconfig.yaml"
    config.write_text("{}\n", encoding="utf-8")
    monkeypatch.setenv("MSTICPYCONFIG", str(config))
    pkg_config.refresh_config()
    monkeypatch.setattr(geoip, "_NOTICE_SHOWN", True)
    empty = tmp_path / "no-database"
    empty.mkdir()
    yield empty
    monkeypatch.undo()
    pkg_config.refresh_config()


def test_map_of_looked_up_sign_ins(browser: Any, tmp_path: Path, no_geoip_settings: Path) -> None:
    empty = no_geoip_settings
    log = Path(msticpy.__file__).parent / "resources" / "signin_sample.csv"
    signins = pd.read_csv(log, dtype={"ResultType": str})
    signins["Outcome"] = np.where(signins["ResultType"] == "0", "success", "failure")
    lookup = geoip.GeoLiteLookup(db_folder=str(empty))
    # Distinct addresses looked up, then merged back (df_lookup_ip, like msticpy's, joins
    # each result to every row of the frame it is given that holds the address).
    places = lookup.df_lookup_ip(
        pd.DataFrame({"IPAddress": signins["IPAddress"].unique()}), "IPAddress"
    )
    located = signins.merge(
        places[["IPAddress", "CountryCode", "Latitude", "Longitude"]], on="IPAddress", how="left"
    ).dropna(subset=["Latitude", "Longitude"])
    # Private, malformed rows are not located; every public one is.
    assert 40 <= len(located) < len(signins)
    assert located["CountryCode"].nunique() >= 15
    looked_up = sorted(zip(located["Latitude"], located["Longitude"]))

    fmap = plot_map(
        located,
        lat_column="Latitude",
        long_column="Longitude",
        layer_column="Outcome",
        popup_columns=["IPAddress", "CountryCode"],
        zoom_start=2,
        height="760px",
    )
    page = artifacts() / "folium_lookup_map.html"
    fmap.save_map(str(page))
    offline = tmp_path / "folium_lookup_map_offline.html"
    offline.write_text(_offline_page(page.read_text(encoding="utf-8"), tmp_path), "utf-8")
    browser.get(offline.as_uri())
    WebDriverWait(browser, 60).until(
        lambda drv: drv.find_elements(By.CSS_SELECTOR, ".marker-cluster")
    )
    assert not _script_errors(browser)
    drawn = browser.execute_script(_PAGE_MARKERS)

    # The page's markers are exactly the looked-up coordinates (one per located row).
    assert sorted((lat, lon) for lat, lon in drawn["points"]) == looked_up
    # What drew: cluster counts plus single markers cover every located row, and every
    # icon is inside the map's viewport.
    total = sum(count for count, _, _ in drawn["clusters"]) + len(drawn["singles"])
    assert total == len(located), drawn
    left, top, right, bottom = drawn["view"]
    centres = [(x, y) for _, x, y in drawn["clusters"]] + [tuple(p) for p in drawn["singles"]]
    assert len(centres) >= 8, drawn  # countries on several continents stay apart
    for x, y in centres:
        assert left <= x <= right and top <= y <= bottom, (x, y, drawn["view"])

    shot = artifacts() / "folium_lookup_map.png"
    browser.save_screenshot(str(shot))
    rgb = np.asarray(Image.open(shot).convert("RGB"), dtype=np.int16)
    # MarkerCluster.Default.css paints small clusters green and medium ones yellow (inner
    # discs as blended on the grey, tile-less background: about (145, 212, 103) and
    # (238, 203, 63)); the stand-in icons of the single markers are dark discs.
    green = (
        (abs(rgb[..., 0] - 145) < 25)
        & (abs(rgb[..., 1] - 212) < 25)
        & (abs(rgb[..., 2] - 103) < 30)
    ).sum()
    yellow = ((rgb[..., 0] > 220) & (rgb[..., 1] > 180) & (rgb[..., 2] < 90)).sum()
    assert green + yellow > len(drawn["clusters"]) * 300, (green, yellow)
    assert not _script_errors(browser)
