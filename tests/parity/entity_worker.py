"""
Entity parity worker: builds entities from generated raw data in whichever msticpy it imports.

Run by ``test_entity_parity.py`` in the reference interpreter (msticpy 3.0.2) and in
ours. Reads ``{"cases": [...]}`` on stdin; each case names a constructor (``cls``),
``src_entity``/``src_event`` mappings and kwargs. Writes one result per case: the
entity's properties, ``str``, ``repr``, ``description_str``, ``name_str``, JSON,
HTML and a few class-specific properties, or the exception class raised.
"""

from __future__ import annotations

import json
import sys
import warnings
from datetime import date, datetime
from enum import Enum
from typing import Any

warnings.simplefilter("ignore")

EXTRA_PROPERTIES = (
    "qualified_name",
    "fqdn",
    "computer",
    "FullName",
    "ProcessName",
    "ProcessFilePath",
    "path_separator",
    "file_hash",
    "AlertId",
    "coordinates",
    "CountryName",
    "Upn",
    "AadUserId",
    "SubscriptionId",
    "ResourceGroup",
)


def _plain(value: Any, depth: int = 0) -> Any:
    """A JSON-safe rendering of an entity property value."""
    from msticpy.datamodel.entities import Entity

    if depth > 8:
        return "<deep>"
    if isinstance(value, Entity):
        return {
            "__entity__": type(value).__name__,
            **{k: _plain(v, depth + 1) for k, v in value.properties.items()},
        }
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def _json(entity: Any) -> str:
    """``to_json``; for msticpy 3.0.2 (which raises on datetimes and enums) its encoder
    with the same fallbacks this build documents."""
    try:
        return entity.to_json()
    except TypeError:

        class Fallback(entity.JSONEncoder):  # type: ignore[name-defined,misc]
            def default(self, o: Any) -> Any:
                if isinstance(o, Enum):
                    return o.name
                if isinstance(o, (datetime, date)):
                    return o.isoformat()
                return super().default(o)

        return json.dumps(entity, cls=Fallback)


def _call(function: Any) -> Any:
    try:
        return {"ok": function()}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


class _FrozenClock(datetime):
    """``datetime`` whose ``now`` is fixed, so default ``TimeGenerated`` values agree."""

    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return datetime(2024, 1, 2, 3, 4, 5, tzinfo=tz)


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """Build one entity and describe it."""
    from msticpy.datamodel import entities
    from msticpy.datamodel.entities import entity as entity_module

    entity_module.datetime = _FrozenClock  # type: ignore[misc]

    def build() -> Any:
        if case["cls"] == "instantiate_entity":
            return entities.Entity.instantiate_entity(case["src_entity"])
        cls = getattr(entities, case["cls"])
        kwargs = dict(case.get("kwargs", {}))
        if "src_event" in case:
            kwargs["src_event"] = case["src_event"]
        return cls(case.get("src_entity"), **kwargs)

    built = _call(build)
    if "error" in built:
        return {"build": built}
    entity = built["ok"]
    if not isinstance(entity, entities.Entity):
        return {"build": {"ok": _plain(entity)}}
    out: dict[str, Any] = {"build": {"ok": type(entity).__name__}}
    out["properties"] = _call(lambda: _plain(entity.properties))
    out["str"] = _call(lambda: str(entity))
    out["repr"] = _call(lambda: repr(entity) if len(entity.edges) <= 1 else None)
    out["description_str"] = _call(lambda: str(entity.description_str))
    out["name_str"] = _call(lambda: str(entity.name_str))
    out["json"] = _call(lambda: json.loads(_json(entity)))
    out["html"] = _call(entity.to_html)
    out["len"] = _call(lambda: len(entity))
    out["edges"] = _call(lambda: sorted(str(edge) for edge in entity.edges))
    for name in EXTRA_PROPERTIES:
        if hasattr(type(entity), name):
            out[name] = _call(lambda name=name: _plain(getattr(entity, name)))
    return out


def main() -> int:
    import msticpy

    request = json.load(sys.stdin)
    results = [run_case(case) for case in request["cases"]]
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
