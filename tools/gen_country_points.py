"""
Generate ``src/core/src/geoip/country_points.rs``: one representative point per country.

Source: Natural Earth 1:50m admin-0 data (public domain), as packaged under CC0 by the R
package ``rnaturalearthdata`` 0.1.0 (Debian ``r-cran-rnaturalearthdata``). The package is
an R lazy-load database; the third-party ``rdata`` reader (pip) parses it. Neither is a
dependency of msticpy: this script runs only when the table is regenerated::

    apt-get download r-cran-rnaturalearthdata && dpkg-deb -x r-cran-rnaturalearthdata_*.deb ne
    python -m venv /tmp/venv-ne && /tmp/venv-ne/bin/pip install rdata
    /tmp/venv-ne/bin/python tools/gen_country_points.py ne > src/core/src/geoip/country_points.rs

For each ISO 3166-1 alpha-2 code the point is taken from the country's largest polygon
part: its area centroid when that lies inside the country, otherwise the middle of the
widest east-west run across the polygon (so Chile or Croatia get a point on land).
Codes missing from the admin-0 layer come from the map-unit layer, then from the
tiny-country points. United States Minor Outlying Islands use the tz database's Wake
Island coordinates (public domain); EU and BV are left without a point.
"""

from __future__ import annotations

import gzip
import itertools
import lzma
import math
import re
import sys
import warnings
from pathlib import Path
from typing import Any

# Codes the admin-0 layer leaves blank (disputed or special-status entities).
_ADM0_FIXUPS = {"KOS": "XK"}
# Pacific/Wake in the tz database's zone.tab (+1917+16637).
_EXTRA = {"UM": (19.2833, 166.6167)}


def _load(folder: Path) -> dict[str, Any]:
    import rdata
    from rdata.parser import parse_data

    base = folder / "usr/lib/R/site-library/rnaturalearthdata/data/Rdata"
    index = rdata.conversion.convert(
        parse_data(gzip.decompress(base.with_suffix(".rdx").read_bytes()))
    )
    blob = base.with_suffix(".rdb").read_bytes()
    # Chunks: 4-byte length, a type byte ("Z": raw LZMA2 at preset 9e), the stream.
    filters = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
    out = {}
    for name in ("countries50", "map_units50", "tiny_countries50"):
        off, length = (int(v) for v in index["variables"][name])
        raw = lzma.decompress(blob[off + 5 : off + length], format=lzma.FORMAT_RAW, filters=filters)
        out[name] = rdata.conversion.convert(parse_data(raw))
    return out


def _ring_area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed shoelace area and centroid (lon, lat) of a closed ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        xs, ys = zip(*ring)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def _crossings(rings: list[list[tuple[float, float]]], lat: float) -> list[float]:
    """Longitudes where the parallel ``lat`` crosses the rings, sorted."""
    xs = []
    for ring in rings:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            if (y0 <= lat < y1) or (y1 <= lat < y0):
                xs.append(x0 + (lat - y0) * (x1 - x0) / (y1 - y0))
    return sorted(xs)


def _inside(rings: list[list[tuple[float, float]]], lon: float, lat: float) -> bool:
    return sum(x > lon for x in _crossings(rings, lat)) % 2 == 1


def _point(parts: list[Any]) -> tuple[float, float]:
    """Representative (lat, lon) of a country given its sp Polygon parts."""
    rings = [[(float(x), float(y)) for x, y in p.coords] for p in parts]
    outer = [(r, bool(p.hole[0])) for r, p in zip(rings, parts)]
    # Weight by cos(latitude) so far-north islands do not outweigh the mainland.
    best = max(
        (r for r, hole in outer if not hole),
        key=lambda r: abs(_ring_area_centroid(r)[0]) * math.cos(math.radians(r[0][1])),
    )
    _, lon, lat = _ring_area_centroid(best)
    if _inside(rings, lon, lat):
        return lat, lon
    lats = [y for _, y in best]
    lo, hi = min(lats), max(lats)
    runs = []
    for step in range(1, 40):
        probe = lo + (hi - lo) * step / 40
        xs = _crossings(rings, probe)
        for a, b in zip(xs[0::2], xs[1::2]):
            runs.append(((b - a) * math.cos(math.radians(probe)), probe, (a + b) / 2))
    _, lat, lon = max(runs)
    return lat, lon


def _table(data: dict[str, Any]) -> dict[str, tuple[float, float]]:
    points: dict[str, tuple[float, float]] = {}
    for layer in ("countries50", "map_units50"):
        obj = data[layer]
        for (_, row), poly in zip(obj.data.iterrows(), obj.polygons):
            code = str(row["iso_a2"])
            if not re.fullmatch(r"[A-Z]{2}", code):
                code = _ADM0_FIXUPS.get(str(row["adm0_a3"]), "")
            if code and code not in points:
                points[code] = _point(poly.Polygons)
    tiny = data["tiny_countries50"]
    for (_, row), (lon, lat) in zip(tiny.data.iterrows(), tiny.coords):
        code = str(row["iso_a2"])
        if re.fullmatch(r"[A-Z]{2}", code) and code not in points:
            points[code] = (float(lat), float(lon))
    for code, point in _EXTRA.items():
        points.setdefault(code, point)
    return points


_HEADER = """\
//! A representative point (latitude, longitude) per ISO 3166-1 alpha-2 country code.
//!
//! Used by the embedded default (no MaxMind database) so that looked-up addresses can
//! be drawn on a map. These are COUNTRY-LEVEL points, one per country, never the
//! address's real location: results that carry them say so (`location.accuracy`).
//!
//! Generated by `tools/gen_country_points.py` from Natural Earth 1:50m admin-0
//! countries (public domain, naturalearthdata.com) as packaged under CC0 by the R
//! package rnaturalearthdata 0.1.0 (Debian `r-cran-rnaturalearthdata`): the area
//! centroid of the country's largest polygon, or the middle of its widest east-west
//! run when that centroid falls outside. `UM` uses the tz database's Wake Island
//! coordinates (public domain). Do not edit by hand: rerun the script.

/// `(code, latitude, longitude)`, sorted by code for binary search.
pub(crate) const POINTS: &[(&str, f64, f64)] = &[
"""


def main() -> None:
    """Print the Rust table for the unpacked Debian package in ``sys.argv[1]``."""
    warnings.simplefilter("ignore")
    points = _table(_load(Path(sys.argv[1])))
    lines = [_HEADER]
    for code in sorted(points):
        lat, lon = points[code]
        lines.append(f'    ("{code}", {lat:.4f}, {lon:.4f}),\n')
    lines.append("];\n")
    sys.stdout.write("".join(lines))


if __name__ == "__main__":
    main()
