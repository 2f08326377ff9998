"""
SecurityAlert/SecurityEvent parity worker (run in both interpreters by
``test_security_parity.py``). Reads ``{"alerts": [...], "events": [...]}`` (rows as
dicts) and writes, per row, the entities, primary entities, query parameters and
other derived values, or the exception class raised.
"""

from __future__ import annotations

import json
import sys
import warnings
from enum import Enum
from typing import Any

warnings.simplefilter("ignore")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _call(function: Any) -> Any:
    try:
        return {"ok": function()}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


def describe(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["entities"] = _call(
        lambda: sorted(f"{type(e).__name__}:{e.description_str}" for e in obj.entities)
    )
    out["entity_str"] = _call(lambda: sorted(str(e).replace("\n", ", ") for e in obj.entities))
    out["primary_host"] = _call(lambda: obj.primary_host and obj.primary_host.HostName)
    out["primary_account"] = _call(
        lambda: obj.primary_account and obj.primary_account.qualified_name
    )
    out["primary_process"] = _call(lambda: obj.primary_process and obj.primary_process.ProcessId)
    out["logon_id"] = _call(obj.get_logon_id)
    out["query_params"] = _call(lambda: {k: _plain(v) for k, v in obj.query_params.items()})
    out["hostname"] = _call(lambda: obj.hostname)
    out["computer"] = _call(lambda: obj.computer)
    out["ids"] = _call(lambda: {k: _plain(v) for k, v in obj.ids.items()})
    out["family"] = _call(lambda: _plain(obj.data_family))
    out["environment"] = _call(lambda: _plain(obj.data_environment))
    out["all_entities"] = _call(
        lambda: [[str(v) for v in row] for row in obj.get_all_entities().values.tolist()]
    )
    out["str"] = _call(lambda: str(obj))
    out["repr"] = _call(lambda: repr(obj))
    return out


class _FrozenClock:
    """Stand-in for ``datetime`` in the entity module: a fixed ``now``."""

    @staticmethod
    def now(tz: Any = None) -> Any:
        from datetime import datetime

        return datetime(2024, 1, 2, 3, 4, 5, tzinfo=tz)


def main() -> int:
    import pandas as pd

    import msticpy
    from msticpy.datamodel.entities import entity as entity_module

    entity_module.datetime = _FrozenClock  # type: ignore[misc,assignment]
    from msticpy.nbtools.security_alert import SecurityAlert
    from msticpy.nbtools.security_event import SecurityEvent

    request = json.load(sys.stdin)
    results = {
        "alerts": [
            describe(SecurityAlert(pd.Series(row, dtype=object))) for row in request["alerts"]
        ],
        "events": [
            describe(SecurityEvent(pd.Series(row, dtype=object))) for row in request["events"]
        ],
    }
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
