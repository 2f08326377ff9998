"""
Alert graph parity worker (run in both interpreters by ``test_alert_graph_parity.py``).

Reads ``{"alerts": [row, ...], "related": [row, ...]}`` and writes, per alert, the graph of
``create_alert_graph(SecurityAlert(row))`` and of ``add_related_alerts(related, graph)``:
graph attributes, nodes with attributes (in insertion order) and edges with attributes (end
points sorted: the graph is undirected), or the exception class raised. Descriptions are
compared as sorted lines: msticpy builds some from a set, so their line order is arbitrary.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

from security_worker import _FrozenClock

warnings.simplefilter("ignore")


def _attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if key == "description" and isinstance(value, str):
            value = sorted(value.split("\n"))
        elif not isinstance(value, (str, int, float, bool)) and value is not None:
            value = str(value)
        out[key] = value
    return out


def graph_json(graph: Any) -> dict[str, Any]:
    return {
        "graph": _attrs(dict(graph.graph)),
        "nodes": [[str(node), _attrs(attrs)] for node, attrs in graph.nodes(data=True)],
        "edges": sorted(
            [sorted([str(u), str(v)]), _attrs(attrs)] for u, v, attrs in graph.edges(data=True)
        ),
    }


def main() -> int:
    import pandas as pd

    import msticpy
    from msticpy.datamodel.entities import entity as entity_module

    entity_module.datetime = _FrozenClock  # type: ignore[misc,assignment]
    from msticpy.nbtools.security_alert import SecurityAlert
    from msticpy.nbtools.security_alert_graph import add_related_alerts, create_alert_graph

    request = json.load(sys.stdin)
    related = pd.DataFrame(request["related"])
    results = []
    for row in request["alerts"]:
        try:
            graph = create_alert_graph(SecurityAlert(pd.Series(row, dtype=object)))
            with_related = add_related_alerts(related, graph)
        except Exception as err:  # the exception class is the result
            results.append({"error": type(err).__name__})
            continue
        results.append({"graph": graph_json(graph), "related": graph_json(with_related)})
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
