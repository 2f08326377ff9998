"""
The ``lookup_ips`` frame built from batch columns instead of one entity per row.

msticpy builds ``pd.DataFrame([{**ent.Location.properties, "IpAddress": ent.Address}])``.
``properties`` keeps only truthy values, so a missing or empty name, or a longitude of
exactly 0.0, is absent (NaN in the frame), and the columns appear in the order the
rows first show them. This module reproduces that from the distinct records of a batch
(a record always shows the same keys, and records arrive in first-use order), with one
``TimeGenerated`` for the whole batch.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

_FIELDS = ("CountryCode", "CountryOrRegionName", "State", "City", "Longitude", "Latitude")


def location_frame(
    ip_list: list[str], rows: list[int], columns: tuple[list[Any], ...]
) -> pd.DataFrame:
    """
    Return msticpy's ``lookup_ips`` frame for a batch result.

    Parameters
    ----------
    ip_list : list[str]
        The addresses looked up.
    rows : list[int]
        For each address the index of its record, or -1 when it was not located.
    columns : tuple[list[Any], ...]
        Record columns in ``_FIELDS`` order.

    Returns
    -------
    pd.DataFrame
        Location properties, ``TimeGenerated``, ``Type`` and ``IpAddress`` per
        located address.

    """
    import numpy as np
    import pandas as pd

    row_index = np.asarray(rows, dtype=np.int64)
    located = row_index >= 0
    if not located.any():
        return pd.DataFrame()
    picks = row_index[located]
    # Column order is the union of the row dicts' keys in first-seen order. Every row
    # of one record has the same keys, and records are numbered by first use, so
    # walking the records in number order sees the keys in the same order.
    order: list[str] = []
    for rec in range(len(columns[0])):
        keys = [name for name, values in zip(_FIELDS, columns, strict=True) if values[rec]]
        for key in [*keys, "TimeGenerated", "Type", "IpAddress"]:
            if key not in order:
                order.append(key)
    count = len(picks)
    values_by_key: dict[str, Any] = {
        "TimeGenerated": [datetime.now(timezone.utc)] * count,
        "Type": ["geolocation"] * count,
        "IpAddress": np.asarray(ip_list, dtype=object)[located].tolist(),
    }
    for name, values in zip(_FIELDS, columns, strict=True):
        if name in order:
            table = np.array([v if v else np.nan for v in values], dtype=object)
            values_by_key[name] = table[picks].tolist()
    return pd.DataFrame({key: values_by_key[key] for key in order})
