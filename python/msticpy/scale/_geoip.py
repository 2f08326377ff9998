"""
GeoIP lookups on one Arrow record batch, as ``GeoLiteLookup.lookup_ips`` on a frame.

The driver finds the database the way ``GeoLiteLookup`` does (configured folder, else
the embedded country-level data) and ships only its path; every worker process opens
its own reader once, and again after a ``fork``. A worker must see the
same path (a shared mount such as DBFS or ``/lakehouse``), or use the embedded data.

``lookup_ips`` keeps only the truthy values of each location (an empty name, or a
coordinate of exactly 0.0, is missing) and only located addresses: so does this. The
columns have one fixed order here, where msticpy's follow the first rows' keys.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import numpy as np

from ._arrow import arrow_text, column_of, pyarrow

_FIELDS = ("CountryCode", "CountryOrRegionName", "State", "City", "Longitude", "Latitude")
GEO_COLUMNS = (*_FIELDS, "TimeGenerated", "Type", "IpAddress")


@dataclass(frozen=True)
class GeoSpec:
    """
    What a worker needs to look addresses up.

    Attributes
    ----------
    column : str
        The address column.
    db_path : str or None
        The MaxMind database file, or None for the embedded country-level data.
    index_column : str or None
        A column to carry to the output (to join the locations back).

    """

    column: str
    db_path: str | None
    index_column: str | None = None


def make_spec(column: str, index_column: str | None, db_folder: str | None) -> GeoSpec:
    """Resolve the database on the driver, as ``GeoLiteLookup`` does on first use."""
    from ..context.geoip import GeoLiteLookup

    lookup = GeoLiteLookup(db_folder=db_folder, auto_update=False)
    lookup._check_initialized()
    return GeoSpec(column, None if lookup._use_default else lookup._db_path, index_column)


_READERS: dict[tuple[int, str], Any] = {}


def _reader(path: str) -> Any:
    key = (os.getpid(), path)
    reader = _READERS.get(key)
    if reader is None:
        from .. import _native

        reader = _native.GeoIpDb(path)
        _READERS.clear()
        _READERS[key] = reader
    return reader


def output_schema(index_type: Any | None, index_column: str | None) -> Any:
    """The Arrow schema of :func:`geoip_batch`'s output."""
    pa = pyarrow()
    text = pa.string()
    fields = [(name, text) for name in _FIELDS[:4]]
    fields += [("Longitude", pa.float64()), ("Latitude", pa.float64())]
    fields += [("TimeGenerated", pa.timestamp("us", tz="UTC")), ("Type", text)]
    fields += [("IpAddress", text)]
    if index_column is not None:
        fields.append((index_column, index_type))
    return pa.schema(fields)


def geoip_batch(batch: Any, spec: GeoSpec) -> Any:
    """
    Look up the addresses of one record batch.

    Parameters
    ----------
    batch : pyarrow.RecordBatch
        Holds ``spec.column`` (and ``spec.index_column``).
    spec : GeoSpec
        The driver's options.

    Returns
    -------
    pyarrow.RecordBatch
        One row per located address, in input order.

    """
    import pyarrow.compute as pc

    from .. import _native

    pa = pyarrow()
    index = column_of(batch, spec.index_column) if spec.index_column else None
    schema = output_schema(index.type if index is not None else None, spec.index_column)
    addresses = pc.utf8_trim_whitespace(arrow_text(column_of(batch, spec.column)))
    # The lookup binding takes a list of str; a missing address is never located.
    ip_list = pc.fill_null(addresses, "None").to_pylist()
    result: tuple[list[int], tuple[list[Any], ...], Any]
    if spec.db_path is None:
        result = _native.geoip_embedded_batch(ip_list)
    else:
        result = _reader(spec.db_path).lookup_batch(ip_list)
    rows = result[0]
    columns: list[list[Any]] = [list(values) for values in result[1]]
    row_index = np.asarray(rows, dtype=np.int64)
    located = np.flatnonzero(row_index >= 0)
    picks = pa.array(row_index[located])
    arrays = []
    for name, values in zip(_FIELDS, columns):
        kind = schema.field(name).type
        # msticpy keeps only truthy properties: "" and 0.0 are missing.
        table = pa.array([v if v else None for v in values], type=kind)
        arrays.append(table.take(picks))
    count = len(located)
    now = datetime.now(timezone.utc)
    arrays.append(pa.array([now] * count, type=pa.timestamp("us", tz="UTC")))
    arrays.append(pa.array(["geolocation"] * count, type=pa.string()))
    arrays.append(addresses.take(pa.array(located)).cast(pa.string()))
    if index is not None:
        arrays.append(index.take(pa.array(located)))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
