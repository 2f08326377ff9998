"""``msticpy.datamodel.soc``: ``Incident`` and ``SentinelAlert``."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pandas as pd
import pytest

from msticpy.datamodel.entities import Account, Alert, Entity, Host, IpAddress
from msticpy.datamodel.soc import Incident, SentinelAlert

P = "properties."


def _record(**changes: Any) -> dict[str, Any]:
    record = {
        "id": "/subscriptions/s/providers/Microsoft.SecurityInsights/Incidents/inc-42",
        P + "createdTimeUtc": "2024-05-06T10:00:00Z",
        P + "title": "Encoded PowerShell",
        P + "severity": "High",
        P + "status": "Active",
        P + "labels": ["vip"],
        P + "owner.assignedTo": "Alice",
        P + "owner.email": "alice@contoso.com",
        P + "owner.userPrincipalName": "alice@contoso.com",
        P + "owner.objectId": "oid-1",
        P + "additionalData.alertsCount": 2,
        P + "additionalData.bookmarksCount": 0,
        P + "additionalData.commentsCount": 1,
        P + "additionalData.alertProductNames": ["Azure Sentinel"],
        P + "additionalData.tactics": ["Execution"],
        P + "relatedAnalyticRuleIds": ["rule-1"],
        P + "incidentNumber": 7,
        P + "firstActivityTimeUtc": "2024-05-06T09:00:00Z",
        P + "lastActivityTimeUtc": "2024-05-06T09:30:00Z",
    }
    return {**record, **changes}


def test_incident_from_api_record() -> None:
    incident = Incident(
        src_entity=_record(
            Alerts=[{"Name": "a1", "SystemAlertId": "id-1"}],
            Entities=[{"Type": "host", "hostName": "web01"}, {"Type": "ip", "address": "10.0.0.1"}],
        )
    )
    assert incident.Type == "incident"
    assert incident.IncidentID == "inc-42"
    assert incident.DisplayName == "Encoded PowerShell"
    assert incident.TimeGenerated == "2024-05-06T10:00:00Z"
    assert incident.Owner == {
        "Name": "Alice",
        "Email": "alice@contoso.com",
        "UPN": "alice@contoso.com",
        "ID": "oid-1",
    }
    assert incident.AdditionalData["Incident Number"] == 7
    assert incident.Classification is None  # absent from the record
    assert [type(alert) for alert in incident.Alerts or []] == [Alert]
    assert [type(ent) for ent in incident.Entities or []] == [Host, IpAddress]
    assert incident.Entities and incident.Entities[0].HostName == "web01"
    assert incident.name_str == "Incident: Encoded PowerShell"
    assert incident.description_str == "2024-05-06T10:00:00Z - Encoded PowerShell - inc-42"
    from_row = Incident(src_event=pd.Series(_record(**{P + "classification": "TruePositive"})))
    assert from_row.Classification == "TruePositive" and from_row.IncidentID == "inc-42"
    assert Incident(src_event=pd.Series(_record()), src_event_type="Other").IncidentID is None


def test_incident_errors_and_registration() -> None:
    broken = _record()
    del broken[P + "owner.email"]
    with pytest.raises(KeyError, match=r"owner\.email"):
        Incident(src_entity=broken)
    with pytest.raises(KeyError):
        Incident(src_entity=_record(Entities=[{"Type": "no-such-type"}]))
    assert Entity.ENTITY_NAME_MAP["incident"] is Incident
    assert Entity.instantiate_entity(_record(Type="incident")).__class__ is Incident
    with pytest.raises(KeyError):  # as msticpy: a bare {"Type": ...} is not a record
        Entity.instantiate_entity({"Type": "incident"})


def _row(**changes: Any) -> pd.Series:
    row = {
        "AlertDisplayName": "Failed logons",
        "SystemAlertId": "alert-1",
        "StartTime": "2024-05-06T07:00:00Z",
        "Entities": json.dumps([{"Type": "account", "Name": "alice"}]),
        "ExtendedProperties": json.dumps(
            {"Query": "SecurityEvent | take 1", "Query Period": "1d", "Status": "from-ext"}
        ),
        "TenantId": "t-1",
        "WorkspaceId": "w-1",
    }
    return pd.Series({**row, **changes})


def test_sentinel_alert_from_row() -> None:
    extended = {
        "Query": "SecurityEvent | take 1",
        "Query Period": "1d",
        "Status": "from-ext",
        "WorkspaceId": "w-1",
        "AgentId": "a-1",
    }
    alert = SentinelAlert(
        _row(
            ExtendedProperties=json.dumps(extended), ExtendedLinks='[{"Label": "Go", "Href": "u"}]'
        )
    )
    assert isinstance(alert, Alert)
    assert alert.AlertLink == "" and alert.TenantId == "t-1"  # Sentinel columns kept
    assert alert.Query == "SecurityEvent | take 1"  # ExtendedProperties items
    assert alert.Status == "from-ext"  # they override the row's column
    # Identity columns outside the Alert schema arrive through ExtendedProperties.
    assert alert.ids == {"WorkspaceId": "w-1", "AgentId": "a-1", "TenantId": "t-1"}
    assert alert.is_in_workspace and alert.is_in_log_analytics
    assert alert.links == {"Go": "u"}
    assert alert.analytic == {"Query Period": "1d", "Query": "SecurityEvent | take 1"}
    assert alert.incident is None
    in_incident = SentinelAlert(_row(ExtendedProperties='{"InvestigationName": "inc-9"}'))
    assert in_incident.incident == "inc-9"
    assert alert.Entities and isinstance(alert.Entities[0], Account)


def test_sentinel_alert_edges() -> None:
    row = _row(ExtendedProperties="{}").drop("TenantId")
    plain = SentinelAlert(row)
    assert not plain.is_in_workspace and not plain.is_in_log_analytics
    assert plain.links == {}  # msticpy raises TypeError when ExtendedLinks is missing
    assert SentinelAlert(_row(ExtendedLinks="{broken")).links == {}
    empty = SentinelAlert()
    assert empty.ids == {} and empty.analytic == {} and empty.Type == "unknown"


def test_importing_soc_stays_cheap() -> None:
    code = "import sys, msticpy.datamodel.soc; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
