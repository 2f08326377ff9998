"""
Geohash decoding for ``msticpy.vis.foliummap`` (msticpy's ``decode_geo_hash``).

msticpy delegates to the optional ``pygeohash`` package and raises
``MsticpyMissingDependencyError`` without it. The algorithm is a few lines of interval
halving, so it is done here and needs no extra package. The result has pygeohash's
``decode_exactly`` shape: ``(latitude, longitude, latitude error, longitude error)``.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["decode_geo_hash", "decode_geohash_collection"]

# The geohash alphabet: digits and lower-case letters without a, i, l and o.
_BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"
_VALUES = {char: index for index, char in enumerate(_BASE32)}
# Twelve characters already locate a point to a few centimetres; longer strings only
# cost work, so they are refused rather than decoded.
_MAX_LENGTH = 22


def decode_geo_hash(geohash: str) -> tuple[float, float, float, float]:
    """
    Decode a geohash.

    Parameters
    ----------
    geohash : str
        The geohash (case-insensitive), e.g. ``"u4pruydqqvj"``.

    Returns
    -------
    tuple[float, float, float, float]
        Latitude, longitude (the centre of the cell) and the latitude and longitude
        error intervals (half the cell's height and width).

    Raises
    ------
    ValueError
        If ``geohash`` is not a string of 1 to 22 geohash characters.

    """
    if not isinstance(geohash, str) or not 0 < len(geohash) <= _MAX_LENGTH:
        raise ValueError(f"A geohash is a string of 1 to {_MAX_LENGTH} characters: {geohash!r}")
    lat_low, lat_high = -90.0, 90.0
    lon_low, lon_high = -180.0, 180.0
    lat_err, lon_err = 90.0, 180.0
    # Bits alternate between longitude (first) and latitude, five bits per character.
    on_longitude = True
    for char in geohash.lower():
        value = _VALUES.get(char)
        if value is None:
            raise ValueError(f"{char!r} is not a geohash character (in {geohash!r})")
        for mask in (16, 8, 4, 2, 1):
            if on_longitude:
                lon_err /= 2
                middle = (lon_low + lon_high) / 2
                if value & mask:
                    lon_low = middle
                else:
                    lon_high = middle
            else:
                lat_err /= 2
                middle = (lat_low + lat_high) / 2
                if value & mask:
                    lat_low = middle
                else:
                    lat_high = middle
            on_longitude = not on_longitude
    return (lat_low + lat_high) / 2, (lon_low + lon_high) / 2, lat_err, lon_err


def decode_geohash_collection(geohashes: Iterable[str]) -> list[tuple[float, float]]:
    """
    Decode geohashes to (latitude, longitude) pairs.

    Parameters
    ----------
    geohashes : Iterable[str]
        The geohashes.

    Returns
    -------
    list[tuple[float, float]]
        One (latitude, longitude) per geohash, in order.

    Raises
    ------
    ValueError
        If a geohash is not valid (see ``decode_geo_hash``).

    """
    return [decode_geo_hash(geohash)[:2] for geohash in geohashes]
