"""
DataFrame → folium layers for ``msticpy.vis.foliummap.plot_map``.

One ``folium.FeatureGroup`` per layer (all rows, or one per ``layer_column`` value), each
marker with tooltip and popup text built from columns and an icon from ``icon_column``
and ``icon_map``, as msticpy 3.0.2 draws them. Differences (``docs/maps.md``): with
``marker_cluster=True`` (the default) the markers go into the layer's ``MarkerCluster``
(msticpy adds an empty cluster beside them, so nothing clusters), and layer colours are
taken in a fixed order (msticpy's follow set iteration order, which changes with the
string hash seed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from ..datamodel.entities import IpAddress

__all__ = [
    "IconMapper",
    "add_frame_layers",
    "check_columns",
    "entity_location_columns",
    "marker_columns",
]

IconMapper = Callable[[str], dict[str, Any]] | dict[str, Any] | None

# Columns taken from IpAddress entities (and their Location) held in an ip_column.
_ENTITY_COLUMNS = ("CountryCode", "CountryOrRegionName", "State", "City", "Latitude", "Longitude")


def entity_location_columns(data: pd.DataFrame, ip_column: str) -> pd.DataFrame | None:
    """
    Return ``data`` with location columns taken from IpAddress entities in ``ip_column``.

    Parameters
    ----------
    data : pd.DataFrame
        The input frame.
    ip_column : str
        A column that may hold IpAddress entities instead of address strings.

    Returns
    -------
    pd.DataFrame | None
        A copy with ``ip_column`` as address strings and ``Latitude``, ``Longitude``,
        ``CountryCode``, ``City``... from each entity's ``Location`` (rows without a
        located entity dropped), or None if the column does not hold entities.

    """
    values = data[ip_column].dropna()
    if values.empty or not all(isinstance(value, IpAddress) for value in values):
        return None
    rows = []
    for value in data[ip_column]:
        location = value.Location if isinstance(value, IpAddress) else None
        rows.append({name: getattr(location, name, None) for name in _ENTITY_COLUMNS})
    located = pd.DataFrame(rows, index=data.index)
    out = data.drop(columns=[col for col in _ENTITY_COLUMNS if col in data.columns]).copy()
    out[ip_column] = [
        value.Address if isinstance(value, IpAddress) else value for value in data[ip_column]
    ]
    out = out.join(located)
    out["Latitude"] = pd.to_numeric(out["Latitude"], errors="coerce")
    out["Longitude"] = pd.to_numeric(out["Longitude"], errors="coerce")
    return out.dropna(axis="index", subset=["Latitude", "Longitude"])


def marker_columns(data: pd.DataFrame, wanted: Iterable[str | None]) -> list[str]:
    """Return the names in ``wanted`` that are columns of ``data`` (others are ignored)."""
    return [col for col in wanted if col and col in data.columns]


def check_columns(
    data: pd.DataFrame,
    ip_column: str | None,
    lat_column: str | None,
    long_column: str | None,
    other_columns: Iterable[str | None],
) -> None:
    """
    Check that a position source is given and that the named columns exist.

    Raises
    ------
    ValueError
        If neither ``ip_column`` nor both ``lat_column`` and ``long_column`` are given.
    LookupError
        If a named column is not in ``data``.

    """
    if not ip_column and not (lat_column and long_column):
        raise ValueError(
            "Data must have either an IpAddress ('ip_column') "
            "or latitude ('lat_column') and longitude ('long_column')"
        )
    named = [col for col in (lat_column, long_column, *other_columns) if col]
    missing = sorted({col for col in named if col not in data.columns})
    if missing:
        raise LookupError(
            "The following columns are not in the supplied DataFrame: "
            + ", ".join(f"'{col}'" for col in missing)
        )


def _marker_text(row: Mapping[Any, Any], columns: list[str]) -> str:
    """Return ``"col: value"`` lines joined with ``<br>`` (tooltip and popup text)."""
    return "<br>".join(f"{col}: {row[col]}" for col in columns)


def layer_color(folium: Any, index: int) -> str:
    """Return the ``index``-th marker colour (white is skipped: it cannot be seen)."""
    options = sorted(set(folium.Icon.color_options) - {"white"})
    return options[index % len(options)]


def _icon(
    folium: Any,
    row: Mapping[Any, Any],
    icon_column: str | None,
    icon_map: IconMapper,
    default_color: str,
) -> Any:
    """Return the row's ``folium.Icon`` from the mapping, the icon column or defaults."""
    icon_kwargs: dict[str, Any]
    if isinstance(icon_map, dict):
        key = row[icon_column] if icon_column else None
        icon_kwargs = dict(icon_map.get(key, icon_map.get("default", {})))  # type: ignore[arg-type]
    elif callable(icon_map):
        icon_kwargs = dict(icon_map(row[icon_column] if icon_column else ""))
    elif icon_column:
        icon_kwargs = {"icon": row[icon_column]}
    else:
        icon_kwargs = {}
    icon_kwargs.setdefault("color", default_color)
    return folium.Icon(**icon_kwargs)


def _feature_group(
    folium: Any,
    data: pd.DataFrame,
    layer_name: str,
    default_color: str,
    options: dict[str, Any],
) -> Any:
    """Return a FeatureGroup holding one marker per row (inside a MarkerCluster if asked)."""
    from folium.plugins import MarkerCluster

    group = folium.FeatureGroup(name=layer_name)
    target = group
    if options["use_marker_cluster"]:
        target = MarkerCluster(name=layer_name)
        target.add_to(group)
    lat_column, long_column = options["lat_column"], options["long_column"]
    for row in data.to_dict(orient="records"):
        folium.Marker(
            location=(row[lat_column], row[long_column]),
            tooltip=_marker_text(row, options["tooltip_cols"]),
            popup=_marker_text(row, options["popup_cols"]),
            icon=_icon(folium, row, options["icon_column"], options["icon_map"], default_color),
        ).add_to(target)
    return group


def add_frame_layers(
    folium: Any,
    folium_map: Any,
    data: pd.DataFrame,
    layer_column: str | None,
    default_color: str,
    options: dict[str, Any],
) -> None:
    """
    Add the frame's markers to ``folium_map``: one layer, or one per ``layer_column`` value.

    Parameters
    ----------
    folium : module
        The folium module.
    folium_map : folium.Map
        The map to draw on.
    data : pd.DataFrame
        Rows with valid coordinates.
    layer_column : str | None
        Column whose values name the layers (a layer control is added), or None.
    default_color : str
        Marker colour of the single layer.
    options : dict[str, Any]
        ``lat_column``, ``long_column``, ``icon_column``, ``icon_map``, ``popup_cols``,
        ``tooltip_cols``, ``use_marker_cluster``.

    """
    if layer_column is None:
        _feature_group(folium, data, "All locations", default_color, options).add_to(folium_map)
        return
    for index, (layer, layer_df) in enumerate(data.groupby(layer_column)):
        name = str(layer[0] if isinstance(layer, tuple) and len(layer) == 1 else layer)
        _feature_group(folium, layer_df, name, layer_color(folium, index), options).add_to(
            folium_map
        )
    folium.LayerControl().add_to(folium_map)
