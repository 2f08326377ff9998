"""``create_alert_graph`` and ``add_related_alerts`` on hand-built alerts."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from msticpy.common.exceptions import MsticpyImportExtraError
from msticpy.nbtools.security_alert import SecurityAlert

nx = pytest.importorskip("networkx")

ENTITIES = [
    {"$id": "2", "HostName": "web01", "DnsDomain": "contoso.com", "Type": "host"},
    {"$id": "3", "Name": "bob", "NTDomain": "DOM", "Host": {"$ref": "2"}, "Type": "account"},
    {"$id": "4", "Directory": "c:\\tools", "Name": "x.exe", "Type": "file"},
    {
        "$id": "5",
        "ProcessId": "0x44",
        "CommandLine": "x.exe -run",
        "ImageFile": {"$ref": "4"},
        "Account": {"$ref": "3"},
        "Type": "process",
    },
    {"$id": "6", "Address": "192.0.2.1", "Type": "ip"},
    {"$id": "7", "Url": "http://a.example/x", "Type": "url"},
]


def _row(alert_type: str = "SUSP", entities: list | None = None, **extra: str) -> pd.Series:
    row = {
        "AlertType": alert_type,
        "AlertDisplayName": f"{alert_type} alert",
        "StartTimeUtc": "2024-05-06T10:00:00Z",
        "SystemAlertId": f"id-{alert_type}",
        "ExtendedProperties": "{}",
        "Entities": json.dumps(ENTITIES if entities is None else entities),
    }
    row.update(extra)
    return pd.Series(row, dtype=object)


def test_alert_and_entity_nodes() -> None:
    from msticpy.nbtools.security_alert_graph import create_alert_graph

    graph = create_alert_graph(SecurityAlert(_row()))
    assert graph.graph == {"id": "AlertGraph"}
    assert graph.nodes["SUSP"]["node_type"] == "alert"
    assert graph.nodes["SUSP"]["description"] == "Alert: SUSP alert"
    host = graph.nodes["host: web01.contoso.com"]
    assert (host["entitytype"], host["color"], host["node_type"]) == ("host", "green", "entity")
    assert "account: DOM\\bob" in graph
    assert "process: c:\\tools\\x.exe [0x44]" in graph
    assert graph.nodes["ip: 192.0.2.1"]["description"] == "ip: 192.0.2.1"
    assert graph.nodes["url"]["description"].startswith("url\n")


def test_nested_entities_hang_off_their_parent() -> None:
    from msticpy.nbtools.security_alert_graph import create_alert_graph

    graph = create_alert_graph(SecurityAlert(_row()))
    process = "process: c:\\tools\\x.exe [0x44]"
    # The process refers to the account: the account's edge to the alert is removed.
    assert graph.has_edge(process, "account: DOM\\bob")
    assert graph.edges[process, "account: DOM\\bob"]["line_type"] == "SHORT_DASH"
    assert not graph.has_edge("SUSP", "account: DOM\\bob")
    # Hosts are never re-linked, so the host keeps its edge to the alert.
    assert graph.has_edge("SUSP", "host: web01.contoso.com")


def test_related_alerts_link_to_shared_entities_and_copy_the_graph() -> None:
    from msticpy.nbtools.security_alert_graph import add_related_alerts, create_alert_graph

    graph = create_alert_graph(SecurityAlert(_row()))
    related = pd.DataFrame(
        [
            dict(_row("OTHER")),
            dict(_row("LONELY", entities=[{"$id": "2", "Address": "1.1.1.1", "Type": "ip"}])),
        ]
    )
    with_related = add_related_alerts(related, graph)
    assert "OTHER(R)" not in graph  # the input graph is left alone
    other = with_related.nodes["OTHER(R)"]
    assert other["count"] >= 2 and other["description"].startswith("Related alert: OTHER")
    assert with_related.has_edge("account: DOM\\bob", "OTHER(R)")
    # Sharing nothing, it is linked to the first host node.
    assert with_related.has_edge("host: web01.contoso.com", "LONELY(R)")
    assert with_related.nodes["LONELY(R)"]["count"] == 1


def test_classic_star_import_exposes_the_functions() -> None:
    namespace: dict = {}
    exec("from msticpy.nbtools import *", namespace)
    from msticpy.nbtools import security_alert_graph

    assert namespace["create_alert_graph"] is security_alert_graph.create_alert_graph
    assert namespace["add_related_alerts"] is security_alert_graph.add_related_alerts


def test_networkx_missing_raises_import_extra_error() -> None:
    code = (
        "import sys; sys.modules['networkx'] = None\n"
        "from msticpy.common.exceptions import MsticpyImportExtraError\n"
        "from msticpy.nbtools.security_alert_graph import create_alert_graph\n"
        "try:\n    create_alert_graph(None)\n"
        "except MsticpyImportExtraError as err:\n    print('raised', 'networkx' in str(err))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "raised True"
    assert issubclass(MsticpyImportExtraError, ImportError)


def test_module_import_does_not_import_networkx() -> None:
    code = "import sys, msticpy.nbtools.security_alert_graph; print('networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
