"""
SOC model parity worker (``msticpy.datamodel.soc``), run by ``test_soc_parity.py``.

Request: ``{"incidents": [record, ...], "alerts": [row, ...]}``. Builds ``Incident``
from each record (as ``src_entity`` and as a ``pd.Series`` ``src_event``) and
``SentinelAlert`` from each row (a ``pd.Series``) and reports their public attributes.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

from entity_worker import _call, _FrozenClock, _plain

warnings.simplefilter("ignore")

ALERT_VIEWS = ("ids", "is_in_workspace", "is_in_log_analytics", "links", "incident", "analytic")
INCIDENT_FIELDS = ("IncidentID", "DisplayName", "Owner", "AdditionalData", "Classification")


def _describe(entity: Any, extra: tuple[str, ...]) -> dict[str, Any]:
    out = {
        "type": type(entity).__name__,
        "properties": _call(lambda: _plain(entity.properties)),
        "description_str": _call(lambda: str(entity.description_str)),
        "name_str": _call(lambda: str(entity.name_str)),
    }
    for name in extra:
        out[name] = _call(lambda name=name: _plain(getattr(entity, name)))
    return out


def main() -> int:
    import pandas as pd

    import msticpy
    from msticpy.datamodel.entities import entity as entity_module
    from msticpy.datamodel.soc import Incident, SentinelAlert

    entity_module.datetime = _FrozenClock  # type: ignore[misc]
    request = json.load(sys.stdin)
    out: dict[str, Any] = {"incidents": [], "alerts": []}
    for record in request["incidents"]:
        as_entity = _call(lambda record=record: Incident(src_entity=record))
        as_event = _call(lambda record=record: Incident(src_event=pd.Series(record)))
        out["incidents"].append(
            [
                _describe(built["ok"], INCIDENT_FIELDS) if "ok" in built else built
                for built in (as_entity, as_event)
            ]
        )
    for row in request["alerts"]:
        built = _call(lambda row=row: SentinelAlert(pd.Series(row)))
        out["alerts"].append(_describe(built["ok"], ALERT_VIEWS) if "ok" in built else built)
    broken = {k: v for k, v in request["incidents"][0].items() if k != "properties.title"}
    out["missing_column"] = _call(lambda: Incident(src_entity=broken))
    json.dump({"msticpy_version": msticpy.__version__, "results": out}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
