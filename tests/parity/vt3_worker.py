"""
VTLookupV3 parity worker: the same v3 calls in whichever msticpy it imports.

Run by ``test_vtlookup_parity.py`` in the reference interpreter (msticpy 3.0.2) and in ours.
msticpy's ``VTLookupV3`` talks through vt-py, which the reference environment lacks: there
the worker puts small stand-ins for ``vt`` and ``vt_graph_api`` in ``sys.modules`` and gives
the instance a client that answers from the case's canned objects the way vt-py does
(``Object.to_dict()`` shape, ``APIError("NotFoundError")`` for unknown paths, an iterator
that stops at ``limit``). Ours answers from a loopback VirusTotal serving the same objects.

Reads JSON on stdin: ``{"cases": [{objects: {path: data}, relations: {path: [data]},
calls: [[name, args...]]}]}``; writes ``{"msticpy_version", "cases": [[result...]]}`` where
a result is ``{"ok": frame}`` (columns sorted by name: msticpy's order follows a Python set)
or ``{"error": exception class}``.
"""

from __future__ import annotations

import json
import math
import sys
import types
import warnings
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "context"))

KEY = "CANARY-VT-KEY-5f1e2d3c"
PAGE = 40


def _cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def _frame(frame: Any) -> dict[str, Any]:
    frame = frame.reset_index(drop=True)
    columns = sorted(str(c) for c in frame.columns)
    return {
        "columns": columns,
        "rows": [[_cell(frame[c].iloc[i]) for c in columns] for i in range(len(frame))],
    }


def _call(function: Any) -> dict[str, Any]:
    try:
        result = function()
        if isinstance(result, tuple):  # relationships_to_graph: (nodes, edges)
            return {"ok": json.loads(json.dumps(result, default=str))}
        return {"ok": _frame(result)}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


# ------------------------------------------------------------------ reference stand-ins


class _APIError(Exception):
    """vt-py's APIError: args are (code, message)."""


class _Object:
    """The parts of vt-py's Object that msticpy uses."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self.type = data.get("type")
        self.id = data.get("id")
        self.relationships = data.get("relationships") or {}

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": self.type, "attributes": {}}
        if self.id:
            result["id"] = self.id
        if self._data.get("attributes"):
            result["attributes"] = dict(self._data["attributes"])
        for extra in ("relationships", "context_attributes"):
            if self._data.get(extra):
                result[extra] = self._data[extra]
        return result


class _Client:
    def __init__(self, case: dict[str, Any]) -> None:
        self._objects = case["objects"]
        self._relations = case["relations"]

    def get_object(self, path: str) -> _Object:
        data = self._objects.get(path.split("?", 1)[0])
        if data is None:
            raise _APIError("NotFoundError", "not found")
        return _Object(data)

    def iterator(self, path: str, batch_size: int = 0, limit: int = 0) -> Any:
        del batch_size
        items = self._relations.get(path)
        if items is None:
            raise _APIError("NotFoundError", "not found")
        return iter([_Object(i) for i in items[: limit or None]])

    def close(self) -> None:
        return


def _install_stand_ins() -> None:
    vt = types.ModuleType("vt")
    vt.APIError = _APIError  # type: ignore[attr-defined]
    vt.Client = lambda apikey=None: None  # type: ignore[attr-defined]
    graph = types.ModuleType("vt_graph_api")
    graph_errors = types.ModuleType("vt_graph_api.errors")
    graph.VTGraph = object  # type: ignore[attr-defined]
    graph.errors = graph_errors  # type: ignore[attr-defined]
    sys.modules.update({"vt": vt, "vt_graph_api": graph, "vt_graph_api.errors": graph_errors})


# ------------------------------------------------------------------ ours: loopback answers


def _answers(case: dict[str, Any]) -> dict[tuple[str, str], Any]:
    answers: dict[tuple[str, str], Any] = {}
    for path, data in case["objects"].items():
        answers[("/api/v3" + path, "")] = (200, {"data": data})
    for path, items in case["relations"].items():
        pages = [items[i : i + PAGE] for i in range(0, len(items), PAGE)] or [[]]
        for num, page in enumerate(pages):
            body: dict[str, Any] = {"data": page, "meta": {"count": len(items)}}
            if num + 1 < len(pages):
                body["meta"]["cursor"] = f"c{num + 1}"
            answers[("/api/v3" + path, f"cursor=c{num}" if num else "")] = (200, body)
    return answers


def _one(lookup: Any, name: str, args: list[Any]) -> Any:
    """Run one call (the graph call re-runs the relationships call it follows)."""
    import pandas as pd

    if name == "lookup_iocs":
        rows, all_props = args
        frame = pd.DataFrame(rows, columns=["target", "target_type"])
        return lookup.lookup_iocs(frame, all_props=all_props)
    if name == "lookup_ioc":
        obs, vt_type, all_props = args
        return lookup.lookup_ioc(obs, vt_type, all_props=all_props)
    if name == "get_object":
        return lookup.get_object(*args)
    if name == "relationships_to_graph":
        obs, vt_type, rel, limit = args
        frame = lookup.lookup_ioc_relationships(obs, vt_type, rel, limit=limit)
        return type(lookup).relationships_to_graph([frame])
    obs, vt_type, rel, limit = args
    return getattr(lookup, name)(obs, vt_type, rel, limit=limit)


def _run_calls(lookup: Any, calls: list[list[Any]]) -> list[dict[str, Any]]:
    results = []
    for name, *args in calls:
        results.append(_call(lambda n=name, a=args: _one(lookup, n, a)))
        if name == "lookup_ioc_relationships":
            results.append(_call(lambda a=args: _one(lookup, "relationships_to_graph", a)))
    return results


def run_case(case: dict[str, Any], reference: bool) -> list[dict[str, Any]]:
    from msticpy.context.vtlookupv3.vtlookupv3 import VTLookupV3

    if reference:
        lookup = VTLookupV3(KEY)
        lookup._vt_client = _Client(case)
        return _run_calls(lookup, case["calls"])
    from vt_loopback import vt_service

    with vt_service(_answers(case)) as server:
        VTLookupV3._BASE_URL = server.base + "/api/v3"
        return _run_calls(VTLookupV3(KEY), case["calls"])


def signatures() -> dict[str, Any]:
    """Public members and their parameters (names, kinds, defaults) of both clients."""
    import inspect

    from msticpy.context.vtlookupv3.vtlookup import VTLookup
    from msticpy.context.vtlookupv3.vtlookupv3 import VTLookupV3

    out: dict[str, Any] = {}
    for cls in (VTLookup, VTLookupV3):
        members: dict[str, Any] = {}
        for name, value in vars(cls).items():
            if name.startswith("_") and name != "__init__":
                continue
            func = value.__func__ if isinstance(value, staticmethod | classmethod) else value
            if isinstance(func, property):
                members[name] = "property"
            elif callable(func):
                params = inspect.signature(func).parameters.values()
                members[name] = [[p.name, p.kind.name, repr(p.default)] for p in params]
        out[cls.__name__] = members
    return out


def main() -> None:
    request = json.load(sys.stdin)
    import msticpy
    from msticpy.context.vtlookupv3 import vtlookup

    # Ours has no vt-py client (and a _BASE_URL); the reference needs the stand-ins.
    reference = not hasattr(vtlookup.VTLookup, "_TYPE_ALIASES")
    if reference and "vt" not in sys.modules:
        try:
            import vt  # noqa: F401
        except ImportError:
            _install_stand_ins()
    json.dump(
        {
            "msticpy_version": msticpy.__version__,
            "cases": [run_case(c, reference) for c in request.get("cases", [])],
            "signatures": signatures() if request.get("signatures") else None,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
