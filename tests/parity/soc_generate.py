"""Generated Sentinel incident records and SecurityAlert rows for ``test_soc_parity.py``."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

_HOSTS = ["web01", "DC-02", "wks-alice"]
_USERS = ["alice", "bob", "svc_backup"]


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128)))


def _entities(rng: random.Random) -> list[dict[str, Any]]:
    choices = [
        {"Type": "host", "hostName": rng.choice(_HOSTS), "osFamily": "Windows"},
        {"Type": "account", "accountName": rng.choice(_USERS), "ntDomain": "CONTOSO"},
        {"Type": "ip", "address": f"10.0.{rng.randrange(256)}.{rng.randrange(256)}"},
    ]
    return rng.sample(choices, rng.randrange(0, 4))


def make_incidents(seed: int, count: int) -> list[dict[str, Any]]:
    """Flattened incident records as the Sentinel incidents API gives them."""
    rng = random.Random(seed)
    incidents = []
    for number in range(count):
        incident_id = _uid(rng)
        record: dict[str, Any] = {
            "id": f"/subscriptions/{_uid(rng)}/providers/Microsoft.SecurityInsights/"
            f"Incidents/{incident_id}",
            "properties.createdTimeUtc": f"2024-05-0{rng.randrange(1, 9)}T10:00:00Z",
            "properties.title": rng.choice(["Brute force", "Encoded PowerShell", "Odd sign-in"]),
            "properties.severity": rng.choice(["High", "Medium", "Low"]),
            "properties.status": rng.choice(["New", "Active", "Closed"]),
            "properties.labels": rng.sample(["triage", "vip", "lab"], rng.randrange(0, 3)),
            "properties.owner.assignedTo": rng.choice([None, "Alice Analyst"]),
            "properties.owner.email": rng.choice([None, "alice@contoso.com"]),
            "properties.owner.userPrincipalName": rng.choice([None, "alice@contoso.com"]),
            "properties.owner.objectId": rng.choice([None, _uid(rng)]),
            "properties.additionalData.alertsCount": rng.randrange(0, 5),
            "properties.additionalData.bookmarksCount": rng.randrange(0, 3),
            "properties.additionalData.commentsCount": rng.randrange(0, 3),
            "properties.additionalData.alertProductNames": ["Azure Sentinel"],
            "properties.additionalData.tactics": rng.sample(
                ["Execution", "CredentialAccess", "InitialAccess"], rng.randrange(0, 3)
            ),
            "properties.relatedAnalyticRuleIds": [_uid(rng)],
            "properties.incidentNumber": 1000 + number,
            "properties.firstActivityTimeUtc": "2024-05-01T09:00:00Z",
            "properties.lastActivityTimeUtc": "2024-05-01T11:00:00Z",
        }
        if rng.random() < 0.5:
            record["properties.classification"] = rng.choice(["TruePositive", "Undetermined"])
        if rng.random() < 0.6:
            record["Alerts"] = [
                {"Name": f"alert {n}", "SystemAlertId": _uid(rng), "Entities": _entities(rng)}
                for n in range(rng.randrange(0, 3))
            ]
        if rng.random() < 0.6:
            record["Entities"] = _entities(rng)
        incidents.append(record)
    return incidents


def make_alert_rows(seed: int, count: int) -> list[dict[str, Any]]:
    """SecurityAlert rows (as dicts) with varied identity and extended properties."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        extended: dict[str, Any] = {"Compromised Host": rng.choice(_HOSTS)}
        if rng.random() < 0.5:
            extended.update(
                {
                    "Query Period": "1d",
                    "Trigger Operator": "GreaterThan",
                    "Trigger Threshold": "0",
                    "Query": "SecurityEvent | where EventID == 4625",
                    "Analytic Rule Name": "Failed logons",
                }
            )
        row: dict[str, Any] = {
            "TimeGenerated": "2024-05-06T08:00:00Z",
            "AlertName": rng.choice(["Brute force", "Suspicious process"]),
            "AlertDisplayName": rng.choice(["Brute force", "Suspicious process"]),
            "AlertSeverity": rng.choice(["High", "Low"]),
            "Severity": rng.choice(["High", "Low"]),
            "SystemAlertId": _uid(rng),
            "ProviderName": "ASI Scheduled Alerts",
            "VendorName": "Microsoft",
            "StartTime": "2024-05-06T07:00:00Z",
            "EndTime": "2024-05-06T07:30:00Z",
            "CompromisedEntity": rng.choice(_HOSTS),
            "ExtendedProperties": json.dumps(extended),
            "Entities": json.dumps(_entities(rng)),
            "Status": "New",
            "Tactics": rng.choice(["Execution", "CredentialAccess"]),
        }
        for name in ("TenantId", "WorkspaceId", "AgentId", "ResourceId", "SourceComputerId"):
            if rng.random() < 0.5:
                row[name] = _uid(rng)
        if rng.random() < 0.5:
            row["ExtendedLinks"] = json.dumps(
                [{"Label": "Investigate", "Href": f"https://portal.example/{_uid(rng)}"}]
            )
        if rng.random() < 0.4:
            row["InvestigationName"] = f"incident-{rng.randrange(100)}"
        rows.append(row)
    return rows
