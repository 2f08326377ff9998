"""
GeoIP parity worker: runs the same calls in whichever msticpy it imports.

Run by ``test_geoip_parity.py`` in the reference interpreter (msticpy 3.0.2) and in ours.
Reads ``{"db_folder": ..., "addresses": [...], "frame": [...]}`` as JSON on stdin and
writes ``{"lookup_ip": ..., "single": [...], "df_lookup_ip": ...}``: the raw results and
entities of one ``lookup_ip`` call over all addresses, of one call per address, and the
``df_lookup_ip`` frame of a DataFrame with an ``ip`` column. ``TimeGenerated`` differs
between runs and is left out; frames are compared by columns, dtypes (text and time
resolution folded, as pandas 2 and 3 differ there) and values.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")


def _plain(value: Any) -> Any:
    """An entity as nested JSON, without the creation time."""
    if hasattr(value, "properties"):
        return {
            name: _plain(item)
            for name, item in sorted(value.properties.items())
            if name != "TimeGenerated"
        }
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, float):
        return None if math.isnan(value) else value
    return value if value is None or isinstance(value, (int, str)) else str(value)


def _dtype(dtype: Any) -> str:
    """The dtype with what differs only between pandas 2 and 3 folded together.

    pandas 3 infers ``str`` where pandas 2 keeps ``object`` for text, and keeps
    microseconds where pandas 2 converts to nanoseconds; the reference runs pandas 2.
    """
    text = str(dtype)
    if text in {"object", "str", "string"}:
        return "text"
    if text.startswith("datetime64["):
        return "datetime64[" + text.split(",", 1)[-1].strip()
    return text


def main() -> None:
    """Answer one request."""
    import pandas as pd

    from msticpy.context.geoip import GeoLiteLookup

    request = json.load(sys.stdin)
    lookup = GeoLiteLookup(db_folder=request["db_folder"], auto_update=False)
    raw, entities = lookup.lookup_ip(ip_addr_list=request["addresses"])
    single = []
    for address in request["addresses"]:
        one_raw, one_ent = lookup.lookup_ip(address)
        single.append([one_raw, _plain(one_ent)])
    frame = lookup.df_lookup_ip(pd.DataFrame({"ip": request["frame"]}), "ip")
    rows = [
        [_plain(v) for name, v in zip(frame.columns, row) if name != "TimeGenerated"]
        for row in frame.itertuples(index=False)
    ]
    import msticpy

    out = {
        "msticpy_version": msticpy.__version__,
        "lookup_ip": [raw, _plain(entities)],
        "single": single,
        "df_lookup_ip": {
            "columns": list(frame.columns),
            "dtypes": [_dtype(d) for d in frame.dtypes],
            "rows": rows,
        },
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
