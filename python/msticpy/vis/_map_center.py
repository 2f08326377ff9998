"""
Map centres from entity locations (msticpy's ``get_map_center`` and friends).

Used by ``msticpy.vis.foliummap``; needs no folium. Differences from msticpy 3.0.2 (see
``docs/maps.md``): a latitude or longitude of exactly 0 counts as a coordinate (msticpy
drops it as falsy), an explicit ``mode`` is honoured for ``IpAddress`` lists too, and
coordinates that are all NaN give ``[0, 0]`` instead of a ``StatisticsError``.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Iterable
from typing import Any

from ..datamodel.entities import Entity, GeoLocation, IpAddress

__all__ = [
    "get_center_geo_locs",
    "get_center_ip_entities",
    "get_map_center",
]

_MODES = ("median", "mean")


def _is_number(value: Any) -> bool:
    """Return True for an int or float that is not NaN (bools are not coordinates)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)


def center_coords(locations: Iterable[tuple[float, float]], mode: str = "median") -> list[float]:
    """
    Return the centre ``[lat, long]`` of coordinate pairs (median, or mean for other modes).

    Parameters
    ----------
    locations : Iterable[tuple[float, float]]
        (latitude, longitude) pairs; NaN values are ignored per axis.
    mode : str, optional
        ``"median"`` (the default); any other value gives the mean, as in msticpy.

    Returns
    -------
    list[float]
        ``[latitude, longitude]``, or ``[0, 0]`` when there is nothing to average.

    """
    pairs = list(locations)
    lats = [lat for lat, _ in pairs if _is_number(lat)]
    longs = [long for _, long in pairs if _is_number(long)]
    if not lats or not longs:
        return [0, 0]
    average = statistics.median if mode == "median" else statistics.mean
    return [average(lats), average(longs)]


def _locations_of_ips(ip_entities: Iterable[Any]) -> list[GeoLocation]:
    """Return the ``Location`` of each IpAddress (or first of a list of them) that has one."""
    locations: list[GeoLocation] = []
    for item in ip_entities:
        entity = item[0] if isinstance(item, list) and item else item
        if isinstance(entity, IpAddress) and entity.Location is not None:
            locations.append(entity.Location)
    return locations


def get_center_geo_locs(loc_entities: Iterable[GeoLocation], mode: str = "median") -> list[float]:
    """
    Return the geographical centre of GeoLocation entities.

    Parameters
    ----------
    loc_entities : Iterable[GeoLocation]
        Locations; those without both Latitude and Longitude are skipped.
    mode : str, optional
        ``"median"`` (the default) or ``"mean"``.

    Returns
    -------
    list[float]
        ``[latitude, longitude]`` (``[0, 0]`` if no location has coordinates).

    """
    coords = [
        (loc.Latitude, loc.Longitude)
        for loc in loc_entities
        if loc.Latitude is not None and loc.Longitude is not None
    ]
    return center_coords(coords, mode=mode)


def get_center_ip_entities(ip_entities: Iterable[IpAddress], mode: str = "median") -> list[float]:
    """
    Return the geographical centre of the locations of IpAddress entities.

    Parameters
    ----------
    ip_entities : Iterable[IpAddress]
        Addresses with a ``Location``; those without are skipped.
    mode : str, optional
        ``"median"`` (the default) or ``"mean"``.

    Returns
    -------
    list[float]
        ``[latitude, longitude]`` (``[0, 0]`` if no address has a located position).

    """
    return get_center_geo_locs(_locations_of_ips(ip_entities), mode=mode)


def get_map_center(entities: Iterable[Entity], mode: str = "modal") -> Any:
    """
    Return the centre of the locations held by entities.

    Parameters
    ----------
    entities : Iterable[Entity]
        IpAddress entities, or entities of one type whose properties hold IpAddress or
        GeoLocation entities (the first entity decides which properties are read).
    mode : str, optional
        ``"median"`` or ``"mean"``. The default, msticpy's ``"modal"``, gives what msticpy
        gives: the median for IpAddress entities, the mean otherwise.

    Returns
    -------
    tuple | list
        ``(0, 0)`` for no entities, else ``[latitude, longitude]``.

    """
    items = list(entities) if entities else []
    if not items:
        return (0, 0)
    if isinstance(items[0], IpAddress):
        ip_items = [item for item in items if isinstance(item, IpAddress)]
        return get_center_ip_entities(ip_items, mode=mode if mode in _MODES else "median")
    loc_props = [
        name
        for name, value in items[0].properties.items()
        if isinstance(value, IpAddress | GeoLocation)
    ]
    ip_entities: list[IpAddress] = []
    locations: list[GeoLocation] = []
    for entity, prop in itertools.product(items, loc_props):
        if prop not in entity:
            continue
        value = entity[prop]
        if isinstance(value, IpAddress):
            ip_entities.append(value)
        elif isinstance(value, GeoLocation):
            locations.append(value)
    return get_center_geo_locs(_locations_of_ips(ip_entities) + locations, mode=mode)
