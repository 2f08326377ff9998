"""
Folium maps of IP addresses and locations (msticpy 3.x ``msticpy.vis.foliummap``).

``FoliumMap`` wraps a ``folium.Map`` with msticpy 3.0.2's constructor and methods
(IP-entity, GeoLocation, coordinate and geohash markers, marker clusters and
feature sub-groups, centring, saving); ``plot_map`` draws a DataFrame of coordinates (or
of IpAddress entities with locations, or of addresses to look up) and backs
``df.mp_plot.folium_map``. The classic path ``msticpy.nbtools.foliummap`` is this module.

folium is optional here (msticpy requires it): it is imported when a map is made, and a
``MsticpyImportExtraError`` names the ``folium`` extra when it is missing. Importing this
module needs neither folium nor GeoIP. Addresses without a ``Location`` are looked up
with ``msticpy.context.geoip.GeoLiteLookup`` only when one is needed (msticpy creates
its lookup when this module is imported). Other differences: ``docs/maps.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._version import VERSION
from ..common.exceptions import MsticpyImportExtraError, MsticpyMissingDependencyError
from ..datamodel.entities import GeoLocation, IpAddress
from ._folium_frame import (
    IconMapper,
    add_frame_layers,
    check_columns,
    entity_location_columns,
    marker_columns,
)
from ._geohash import decode_geo_hash, decode_geohash_collection
from ._map_center import center_coords, get_center_geo_locs, get_center_ip_entities, get_map_center

if TYPE_CHECKING:
    import folium as folium_module

__version__ = VERSION
__all__ = [
    "FoliumMap",
    "IconMapper",
    "decode_geo_hash",
    "decode_geohash_collection",
    "get_center_geo_locn",
    "get_center_geo_locs",
    "get_center_ip_entities",
    "get_map_center",
    "plot_map",
]

_DEFAULT_LOCATION = [47.67, -122.13]
_GEO_LOOKUP: list[Any] = []


def _folium() -> Any:
    """Import folium, or say which extra to install."""
    try:
        import folium
    except ImportError as err:
        raise MsticpyImportExtraError(
            "Maps need the 'folium' package: pip install 'msticpy[folium]' (or pip install folium)",
            title="folium is not installed",
            extra="folium",
        ) from err
    return folium


def _geo_lite() -> Any:
    """Return the shared GeoLiteLookup, created on first need."""
    if not _GEO_LOOKUP:
        try:
            from ..context.geoip import GeoLiteLookup  # type: ignore[import-not-found, unused-ignore]
        except ModuleNotFoundError as err:
            if err.name not in ("msticpy.context.geoip", "msticpy.context"):
                raise
            raise MsticpyMissingDependencyError(
                "Looking up IP locations needs msticpy.context.geoip, which this build lacks. "
                "Give the IpAddress entities a Location, or pass lat_column and long_column.",
                title="no GeoIP lookup",
            ) from err
        _GEO_LOOKUP.append(GeoLiteLookup())
    return _GEO_LOOKUP[0]


def _has_coords(location: Any) -> bool:
    """Return True if a Location has numeric, non-NaN Latitude and Longitude."""
    if location is None:
        return False
    lat, long = getattr(location, "Latitude", None), getattr(location, "Longitude", None)
    return all(
        isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)
        for value in (lat, long)
    )


def _located(ip_entities: Iterable[IpAddress]) -> Iterator[IpAddress]:
    """Yield the entities, looking up a Location for those lacking coordinates."""
    for ip_entity in ip_entities:
        location = ip_entity.Location
        if location is None or location.Latitude is None or location.Longitude is None:
            _, found = _geo_lite().lookup_ip(ip_entity=ip_entity)
            if found:
                ip_entity.Location = found[0].Location
        yield ip_entity


def _tooltip_text(ip_entity: IpAddress) -> str:
    """Return the marker tooltip: address, city, country code, additional data."""
    location = ip_entity.Location
    lines = [
        ip_entity.Address,
        location.City if location and location.City else "Unknown city",
        location.CountryCode if location and location.CountryCode else "Unknown country",
        *ip_entity.AdditionalData.items(),
    ]
    return "<br>".join(str(line) for line in lines)


def _popup_text(ip_entity: IpAddress) -> str:
    """Return the marker popup: address, every Location property value, additional data."""
    location = ip_entity.Location
    lines = [
        ip_entity.Address,
        *(location.properties.values() if location else []),
        *ip_entity.AdditionalData.items(),
    ]
    return "<br>".join(str(line) for line in lines)


class FoliumMap:
    """Wrapper class for Folium/Leaflet mapping."""

    def __init__(
        self,
        title: str = "OpenStreetMap",
        zoom_start: int = 2,
        tiles: str | folium_module.TileLayer | None = None,
        width: str = "100%",
        height: str = "100%",
        location: list[float] | None = None,
    ) -> None:
        """
        Create the map.

        Parameters
        ----------
        title : str, optional
            Name of the base tile layer (default ``"OpenStreetMap"``).
        zoom_start : int, optional
            Initial zoom level (default 2).
        tiles : str | folium.TileLayer, optional
            Extra tiles (a name, URL template or layer), by default None.
        width : str, optional
            Map width (default ``"100%"``).
        height : str, optional
            Map height (default ``"100%"``).
        location : list[float], optional
            ``[latitude, longitude]`` to centre on (default ``[47.67, -122.13]``).

        Attributes
        ----------
        folium_map : folium.Map
            The map.
        locations : list[tuple[float, float]]
            Coordinates of the markers added, used by ``center_map``.

        Raises
        ------
        MsticpyImportExtraError
            If folium is not installed.

        """
        folium = _folium()
        self.folium_map = folium.Map(
            zoom_start=zoom_start,
            tiles=tiles,
            width=width,
            height=height,
            location=location or list(_DEFAULT_LOCATION),
            control_scale=True,
        )
        folium.TileLayer(name=title).add_to(self.folium_map)
        self.locations: list[tuple[float, float]] = []
        self._layer_control = False

    def _repr_html_(self) -> str:
        """Return the map as HTML (notebook display)."""
        return self.folium_map._repr_html_()

    def center_map(self) -> None:
        """Centre the map on the median of the coordinates added so far."""
        self.folium_map.location = center_coords(self.locations)

    def add_ip_cluster(
        self, ip_entities: Iterable[IpAddress], layer: str | None = None, **kwargs: Any
    ) -> None:
        """
        Add a marker per IpAddress entity that has (or can be given) a location.

        Parameters
        ----------
        ip_entities : Iterable[IpAddress]
            The addresses; those without a Location are looked up with GeoLiteLookup,
            those still without numeric coordinates are skipped.
        layer : str, optional
            Put the markers in a named layer (with a layer control), by default None.

        Other Parameters
        ----------------
        kwargs
            ``folium.Icon`` properties (``color``, ``icon``, ``icon_color``, ``prefix``...).

        """
        folium = _folium()
        target = self.folium_map
        if layer:
            # One layer per call (msticpy makes a layer and a layer control per marker).
            target = folium.FeatureGroup(name=layer)
            target.add_to(self.folium_map)
            self.enable_layer_control()
        for ip_entity in _located(ip_entities):
            if not _has_coords(ip_entity.Location):
                continue
            lat, long = ip_entity.Location.Latitude, ip_entity.Location.Longitude
            folium.Marker(
                location=[lat, long],
                popup=_popup_text(ip_entity),
                tooltip=_tooltip_text(ip_entity),
                icon=folium.Icon(**kwargs),
            ).add_to(target)
            self.locations.append((lat, long))

    def add_ips(self, ip_addresses: Iterable[str], **kwargs: Any) -> None:
        """
        Look up the addresses with GeoLiteLookup and add them as markers.

        Parameters
        ----------
        ip_addresses : Iterable[str]
            IP address strings.

        Other Parameters
        ----------------
        kwargs
            ``layer`` and ``folium.Icon`` properties, as for ``add_ip_cluster``.

        Raises
        ------
        MsticpyMissingDependencyError
            If this build has no GeoIP lookup.

        """
        _, ip_entities = _geo_lite().lookup_ip(ip_addr_list=list(ip_addresses))
        self.add_ip_cluster(ip_entities=ip_entities, **kwargs)

    def add_geoloc_cluster(self, geo_locations: Iterable[GeoLocation], **kwargs: Any) -> None:
        """
        Add a marker per GeoLocation entity.

        Parameters
        ----------
        geo_locations : Iterable[GeoLocation]
            The locations (the marker's address line reads ``na``).

        Other Parameters
        ----------------
        kwargs
            ``layer`` and ``folium.Icon`` properties, as for ``add_ip_cluster``.

        """
        ip_entities = [IpAddress(Address="na", Location=geo) for geo in geo_locations]
        self.add_ip_cluster(ip_entities=ip_entities, **kwargs)

    def add_locations(self, locations: Iterable[tuple[float, float]], **kwargs: Any) -> None:
        """
        Add a marker per (latitude, longitude) pair.

        Parameters
        ----------
        locations : Iterable[tuple[float, float]]
            The coordinates.

        Other Parameters
        ----------------
        kwargs
            ``layer`` and ``folium.Icon`` properties, as for ``add_ip_cluster``.

        """
        geo_entities = [GeoLocation(Latitude=lat, Longitude=long) for lat, long in locations]
        self.add_geoloc_cluster(geo_locations=geo_entities, **kwargs)

    def add_geo_hashes(self, geohashes: Iterable[str], **kwargs: Any) -> None:
        """
        Add a marker per geohash (at the centre of its cell).

        Parameters
        ----------
        geohashes : Iterable[str]
            The geohashes.

        Other Parameters
        ----------------
        kwargs
            ``layer`` and ``folium.Icon`` properties, as for ``add_ip_cluster``.

        Raises
        ------
        ValueError
            If a geohash is not valid.

        """
        self.add_locations(decode_geohash_collection(geohashes), **kwargs)

    def add_marker_clusters(self, clusters: Iterable[Any]) -> None:
        """
        Add MarkerClusters to the map.

        Parameters
        ----------
        clusters : Iterable[MarkerCluster]
            The clusters.

        """
        for cluster in clusters:
            self.folium_map.add_child(cluster)

    def add_feature_sub_groups(self, subgroups: Iterable[Any]) -> None:
        """
        Add FeatureGroupSubGroups to the map.

        Parameters
        ----------
        subgroups : Iterable[FeatureGroupSubGroup]
            The sub-groups.

        """
        for subgroup in subgroups:
            self.folium_map.add_child(subgroup)

    def save_map(self, path: str) -> None:
        """
        Save the map as a standalone HTML page.

        Parameters
        ----------
        path : str
            The file to write.

        """
        self.folium_map.save(path)

    def add_locations_to_feature_subgroup(
        self, locations: Iterable[tuple[float, float]], subgroup: Any, **kwargs: Any
    ) -> None:
        """
        Add a marker per location to a FeatureGroupSubGroup, then the sub-group to the map.

        Parameters
        ----------
        locations : Iterable[tuple[float, float]]
            (latitude, longitude) pairs.
        subgroup : FeatureGroupSubGroup
            The sub-group.

        Other Parameters
        ----------------
        kwargs
            ``tooltip``, ``popup`` and ``folium.Icon`` properties (see ``create_marker``).

        """
        for point in locations:
            self.create_marker(location=point, **kwargs).add_to(subgroup)
            self.locations.append(point)
        self.add_feature_sub_groups([subgroup])

    def add_locations_to_marker_cluster(
        self, locations: Iterable[tuple[float, float]], cluster: Any, **kwargs: Any
    ) -> None:
        """
        Add a marker per location to a MarkerCluster, then the cluster to the map.

        Parameters
        ----------
        locations : Iterable[tuple[float, float]]
            (latitude, longitude) pairs.
        cluster : MarkerCluster
            The cluster.

        Other Parameters
        ----------------
        kwargs
            ``tooltip``, ``popup`` and ``folium.Icon`` properties (see ``create_marker``).

        """
        for point in locations:
            self.create_marker(location=point, **kwargs).add_to(cluster)
            self.locations.append(point)
        self.add_marker_clusters([cluster])

    def create_new_cluster_with_locations(
        self, locations: Iterable[tuple[float, float]], name: str, **kwargs: Any
    ) -> None:
        """
        Create a named MarkerCluster holding a marker per location.

        Parameters
        ----------
        locations : Iterable[tuple[float, float]]
            (latitude, longitude) pairs.
        name : str
            The cluster's name.

        Other Parameters
        ----------------
        kwargs
            ``tooltip``, ``popup`` and ``folium.Icon`` properties (see ``create_marker``).

        """
        self.add_locations_to_marker_cluster(
            locations=locations, cluster=self.create_marker_cluster(name), **kwargs
        )

    def create_new_subgroup_with_locations(
        self,
        locations: Iterable[tuple[float, float]],
        subgroup_name: str,
        cluster_name: str,
        **kwargs: Any,
    ) -> None:
        """
        Create a MarkerCluster and a sub-group of it holding a marker per location.

        Parameters
        ----------
        locations : Iterable[tuple[float, float]]
            (latitude, longitude) pairs.
        subgroup_name : str
            The sub-group's name.
        cluster_name : str
            The cluster's name.

        Other Parameters
        ----------------
        kwargs
            ``tooltip``, ``popup`` and ``folium.Icon`` properties (see ``create_marker``).

        """
        cluster = self.create_marker_cluster(cluster_name)
        subgroup = self.create_feature_sub_group_of_marker_cluster(cluster, subgroup_name)
        self.add_locations_to_feature_subgroup(locations=locations, subgroup=subgroup, **kwargs)

    def enable_layer_control(self) -> None:
        """Add a layer control to the map (once: later calls do nothing)."""
        if not self._layer_control:
            _folium().LayerControl().add_to(self.folium_map)
            self._layer_control = True

    def create_new_cluster_with_geohashes(
        self, geohashes: Iterable[str], name: str, **kwargs: Any
    ) -> None:
        """
        Create a named MarkerCluster holding a marker per geohash.

        Parameters
        ----------
        geohashes : Iterable[str]
            The geohashes.
        name : str
            The cluster's name.

        Other Parameters
        ----------------
        kwargs
            ``tooltip``, ``popup`` and ``folium.Icon`` properties (see ``create_marker``).

        """
        self.create_new_cluster_with_locations(
            locations=decode_geohash_collection(geohashes), name=name, **kwargs
        )

    def create_new_subgroup_with_geohashes(
        self, geohashes: Iterable[str], subgroup_name: str, cluster_name: str, **kwargs: Any
    ) -> None:
        """
        Create a MarkerCluster and a sub-group of it holding a marker per geohash.

        Parameters
        ----------
        geohashes : Iterable[str]
            The geohashes.
        subgroup_name : str
            The sub-group's name.
        cluster_name : str
            The cluster's name.

        Other Parameters
        ----------------
        kwargs
            ``tooltip``, ``popup`` and ``folium.Icon`` properties (see ``create_marker``).

        """
        self.create_new_subgroup_with_locations(
            locations=decode_geohash_collection(geohashes),
            subgroup_name=subgroup_name,
            cluster_name=cluster_name,
            **kwargs,
        )

    @staticmethod
    def create_marker(
        location: tuple[float, float],
        tooltip: str | None = None,
        popup: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """
        Return a folium Marker.

        Parameters
        ----------
        location : tuple[float, float]
            (latitude, longitude).
        tooltip : str, optional
            Tooltip text.
        popup : str, optional
            Popup text.

        Other Parameters
        ----------------
        kwargs
            ``folium.Icon`` properties.

        Returns
        -------
        folium.Marker
            The marker.

        """
        folium = _folium()
        return folium.Marker(
            location=location, tooltip=tooltip, popup=popup, icon=folium.Icon(**kwargs)
        )

    @staticmethod
    def create_marker_cluster(name: str) -> Any:
        """
        Return a named MarkerCluster.

        Parameters
        ----------
        name : str
            The cluster's name.

        Returns
        -------
        MarkerCluster
            The cluster.

        """
        _folium()
        from folium.plugins import MarkerCluster

        return MarkerCluster(name=name)

    @staticmethod
    def create_feature_sub_group_of_marker_cluster(cluster: Any, name: str) -> Any:
        """
        Return a named FeatureGroupSubGroup of a MarkerCluster.

        Parameters
        ----------
        cluster : MarkerCluster
            The parent cluster.
        name : str
            The sub-group's name.

        Returns
        -------
        FeatureGroupSubGroup
            The sub-group.

        """
        _folium()
        from folium.plugins import FeatureGroupSubGroup

        return FeatureGroupSubGroup(cluster, name=name)


def _lookup_frame(data: pd.DataFrame, ip_column: str) -> pd.DataFrame:
    """Return ``data`` joined with GeoLiteLookup's location rows for ``ip_column``."""
    located = _geo_lite().lookup_ips(data, column=ip_column)
    return data.merge(
        located, left_on=ip_column, right_on="IpAddress", suffixes=("_src", None)
    ).dropna(axis="index", subset=["Latitude", "Longitude"])


def plot_map(
    data: pd.DataFrame,
    ip_column: str | None = None,
    lat_column: str | None = None,
    long_column: str | None = None,
    layer_column: str | None = None,
    icon_column: str | None = None,
    icon_map: IconMapper = None,
    popup_columns: list[str] | None = None,
    tooltip_columns: list[str] | None = None,
    **kwargs: Any,
) -> FoliumMap:
    """
    Plot a folium map of a DataFrame's rows.

    Parameters
    ----------
    data : pd.DataFrame
        The rows: with ``lat_column`` and ``long_column``, or with an ``ip_column``.
    ip_column : str, optional
        Column of IP addresses (looked up with GeoLiteLookup), or of IpAddress entities
        (their ``Location`` is used, no look-up). Ignored for positions when both
        ``lat_column`` and ``long_column`` are given.
    lat_column, long_column : str, optional
        Latitude and longitude columns.
    layer_column : str, optional
        Column whose values group markers into layers (with a layer control).
    icon_column : str, optional
        Column whose value names the row's icon, or is the key for ``icon_map``.
    icon_map : dict | Callable[[str], dict], optional
        ``folium.Icon`` properties per ``icon_column`` value: a dict with a ``"default"``
        entry for unmatched values, or a function of the value.
    popup_columns, tooltip_columns : list[str], optional
        Columns shown in the popup and tooltip (names not in ``data`` are ignored).
        Defaults: the coordinates; with an ``ip_column``, the address, country and city.

    Other Parameters
    ----------------
    marker_cluster : bool, optional
        Cluster nearby markers (default True).
    default_color : str, optional
        Marker colour without ``layer_column`` (default ``"blue"``).
    title, zoom_start, tiles, width, height, location
        Passed to ``FoliumMap``; without ``location`` the map is centred on the markers.

    Returns
    -------
    FoliumMap
        The map.

    Raises
    ------
    ValueError
        If neither ``ip_column`` nor both ``lat_column`` and ``long_column`` are given.
    LookupError
        If a named column is not in ``data``.
    MsticpyImportExtraError
        If folium is not installed.

    """
    use_marker_cluster = kwargs.pop("marker_cluster", True)
    default_color = kwargs.pop("default_color", "blue")
    check_columns(data, ip_column, lat_column, long_column, [ip_column, layer_column, icon_column])
    folium_map = FoliumMap(**kwargs)
    if ip_column and not (lat_column and long_column):
        from_entities = entity_location_columns(data, ip_column)
        data = from_entities if from_entities is not None else _lookup_frame(data, ip_column)
        lat_column, long_column = "Latitude", "Longitude"
        tooltip_columns = tooltip_columns or marker_columns(
            data, [ip_column, "CountryCode", "City"]
        )
        popup_columns = popup_columns or marker_columns(
            data, [ip_column, "CountryOrRegionName", "City", lat_column, long_column]
        )
    else:
        tooltip_columns = tooltip_columns or [lat_column, long_column]  # type: ignore[list-item]
        popup_columns = popup_columns or [lat_column, long_column]  # type: ignore[list-item]
    lat_column, long_column = str(lat_column), str(long_column)
    folium_map.locations.extend(zip(data[lat_column], data[long_column]))
    options: dict[str, Any] = {
        "lat_column": lat_column,
        "long_column": long_column,
        "icon_column": icon_column,
        "icon_map": icon_map,
        "popup_cols": marker_columns(data, popup_columns),
        "tooltip_cols": marker_columns(data, tooltip_columns),
        "use_marker_cluster": use_marker_cluster,
    }
    add_frame_layers(_folium(), folium_map.folium_map, data, layer_column, default_color, options)
    if "location" not in kwargs:
        folium_map.center_map()
    return folium_map


#: Alias of ``get_center_geo_locs`` for callers that spell it this way.
get_center_geo_locn = get_center_geo_locs
