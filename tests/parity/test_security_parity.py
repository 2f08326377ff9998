"""
Parity of ``SecurityAlert``/``SecurityEvent`` with msticpy 3.0.2.

Rows: the bundled sample alerts and events (``msticpy/resources/localdata``) and
generated alerts whose entity lists mix ``$id``, ``$ref``, nested entities, Linux and
Windows paths and ``ExtendedProperties``. The same worker runs in both interpreters.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("security_worker.py")
SAMPLES = Path(__file__).resolve().parents[2] / "python" / "msticpy" / "resources" / "localdata"


def _rows(name: str, limit: int) -> list[dict[str, Any]]:
    with open(SAMPLES / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[:limit]


def _generated_alert(rng: random.Random, k: int) -> dict[str, Any]:
    host = {"$id": "2", "HostName": rng.choice(["h1", "web-02"]), "Type": "host"}
    if rng.random() < 0.5:
        host["DnsDomain"] = "contoso.com"
    account = {"$id": "3", "Name": rng.choice(["bob", "svc$"]), "Type": "account"}
    if rng.random() < 0.5:
        account["NTDomain"] = "DOM"
    if rng.random() < 0.5:
        account["Host"] = {"$ref": "2"}
    if rng.random() < 0.3:
        account["LogonId"] = "0x3e7"
    directory = rng.choice(["c:\\windows\\system32", "/usr/bin"])
    image = {"$id": "4", "Directory": directory, "Name": "tool.exe", "Type": "file"}
    parent = {
        "$id": "5",
        "ProcessId": "0x10",
        "Type": "process",
        "ImageFile": {"$id": "6", "Directory": directory, "Name": "p.exe", "Type": "file"},
    }
    proc = {
        "$id": "7",
        "ProcessId": "0x20",
        "CommandLine": "tool -x",
        "ImageFile": {"$ref": "4"},
        "ParentProcess": {"$ref": "5"},
        "Account": {"$ref": "3"},
        "Type": "process",
    }
    pool = [
        host,
        account,
        image,
        parent,
        proc,
        {"$id": "8", "Address": "192.0.2.8", "Type": "ip"},
        {"$id": "9", "SessionId": "0x99", "Account": {"$ref": "3"}, "Type": "host-logon-session"},
        {"$id": "10", "Url": "http://x.example/a", "Type": "url"},
        {"$id": "11", "Foo": "bar", "Type": "weird-type"},
    ]
    chosen = [e for e in pool if rng.random() < 0.7]
    row: dict[str, Any] = {
        "TimeGenerated": "2024-05-06T10:00:00Z",
        "AlertDisplayName": f"Generated {k}",
        "SystemAlertId": f"id-{k}",
        "CompromisedEntity": host["HostName"],
        "Entities": json.dumps(chosen) if rng.random() < 0.7 else chosen,
    }
    roll = rng.random()
    if roll < 0.4:
        row["TenantId"] = "t-1"
    elif roll < 0.7:
        row["WorkspaceId"], row["AgentId"] = "w-1", "a-1"
    # Always present: msticpy raises AttributeError for a row without the column (this
    # build does not; tests/nbtools covers it).
    row["ExtendedProperties"] = rng.choice(
        [json.dumps({"IpAddress": "192.0.2.9", "Other": "x"}), "{}", None, "not json"]
    )
    return row


def _ours(request: dict[str, Any]) -> dict[str, Any]:
    return run_ours(WORKER, request)


def _documented(theirs: dict[str, Any], mine: dict[str, Any]) -> None:
    """Bring the deliberate differences (docs/entities.md) to msticpy's form.

    msticpy pre-escapes Windows paths in ``query_params`` (ours are raw: the renderer
    escapes), and its ``host_filter`` never uses ``AgentId`` (typo ``AgendId``).
    """
    params = mine.get("query_params", {}).get("ok")
    if params:
        for key in ("host_filter_eq", "host_filter_neq"):
            if str(params.get(key)).startswith("AgentId"):
                params[key] = None
    if params and params.get("family") != "Linux" and theirs["family"].get("ok") == "Windows":
        for key in ("process_name", "path_separator"):
            if isinstance(params.get(key), str):
                params[key] = params[key].replace("\\", "\\\\")


def test_security_alerts_and_events_equal_msticpy(ref_python: str) -> None:
    rng = random.Random(99)
    alerts = _rows("alerts_list.csv", 10) + [_generated_alert(rng, k) for k in range(60)]
    events = _rows("processes_on_host.csv", 30) + _rows("host_logons.csv", 20)
    events += _rows("failed_logons.csv", 10)
    request = {"alerts": alerts, "events": events}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = _ours(request)["results"]
    reference = json.loads(json.dumps(reference))
    mismatches = []
    for kind in ("alerts", "events"):
        for k, (theirs, mine) in enumerate(zip(reference[kind], ours[kind])):
            _documented(theirs, mine)
            mismatches += [(kind, k, key) for key in theirs if theirs[key] != mine[key]]
    add_summary_line(
        f"security alerts/events: {len(alerts)} alerts, {len(events)} events, "
        f"{len(mismatches)} mismatching fields"
    )
    assert not mismatches, [
        (kind, k, key, reference[kind][k][key], ours[kind][k][key])
        for kind, k, key in mismatches[:2]
    ]
