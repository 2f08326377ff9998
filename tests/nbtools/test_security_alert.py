"""SecurityAlert / SecurityEvent: entities, query parameters, HTML, robustness."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from msticpy.data import QueryProvider
from msticpy.datamodel.entities import OSFamily
from msticpy.nbtools import SecurityAlert, SecurityEvent


@pytest.fixture(scope="module")
def sample_alert() -> SecurityAlert:
    alerts = QueryProvider("LocalData").SecurityAlert.list_alerts()
    return SecurityAlert(alerts.iloc[0])


def test_classic_names_are_the_modules() -> None:
    import msticpy.nbtools as nbtools
    from msticpy.nbtools import security_alert, security_event

    assert nbtools.SecurityAlert is security_alert.SecurityAlert
    assert nbtools.SecurityEvent is security_event.SecurityEvent


def test_sample_alert_entities_and_params(sample_alert: SecurityAlert) -> None:
    kinds = sorted(type(e).__name__ for e in sample_alert.entities)
    assert kinds == ["Account", "File", "File", "Host", "IpAddress", "Process", "Process"]
    assert sample_alert.primary_host.HostName == "WEBSRV01"
    assert sample_alert.primary_account.qualified_name == "CONTOSO\\WEBSRV01$"
    assert sample_alert.primary_process.ProcessId == "0x1f40"
    assert sample_alert.primary_process.ParentProcess.ImageFile.Name == "services.exe"
    assert sample_alert.get_logon_id() == "0x3e7"
    params = sample_alert.query_params
    assert params["host_name"] == "WEBSRV01.contoso.local"
    assert params["system_alert_id"].endswith("1")
    assert sample_alert.data_family is OSFamily.Windows
    assert sample_alert.extended_properties["Suspicious Process"] == "powershell.exe"
    assert "SystemAlertId" in sample_alert and sample_alert["AlertSeverity"] == "High"


def test_alert_parameterises_a_query(sample_alert: SecurityAlert) -> None:
    qp = QueryProvider("MSSentinel")
    text = qp.WindowsSecurity.list_host_processes(
        sample_alert, "print", start="2024-05-06", end="2024-05-07"
    )
    assert 'Computer has "WEBSRV01.contoso.local"' in text
    alert_query = qp.SecurityAlert.get_alert(sample_alert, "print")
    assert '"4b9e5ae8-0000-4000-8000-000000000001"' in alert_query


def test_html_is_escaped_and_shows_the_id() -> None:
    hostile = "<script>alert(1)</script>"
    row = pd.Series(
        {
            "AlertDisplayName": hostile,
            "SystemAlertId": "id-7",
            "Entities": json.dumps([{"$id": "1", "HostName": hostile, "Type": "host"}]),
        }
    )
    alert = SecurityAlert(row)
    for markup in (alert.to_html(), alert.to_html(show_entities=True), alert._repr_html_()):
        assert "<script>" not in markup
    assert "<b>Alert_id:</b> id-7" in alert.to_html()


def test_rows_without_extended_properties_or_entities() -> None:
    alert = SecurityAlert(pd.Series({"AlertDisplayName": "x", "Entities": "not json"}))
    assert alert.entities == [] and alert.extended_properties == {}
    assert SecurityAlert().query_params["host_name"] is None


def test_linux_entities_make_a_linux_alert() -> None:
    ents = [{"$id": "1", "HostName": "lx", "OSFamily": "Linux", "Type": "host"}]
    alert = SecurityAlert(pd.Series({"Entities": ents, "ExtendedProperties": "{}"}))
    assert alert.data_family is OSFamily.Linux and alert.path_separator == "/"


def test_deeply_nested_ids_do_not_recurse() -> None:
    raw: dict = {"$id": "0", "Value": "leaf"}
    for depth in range(1, 5000):
        raw = {"$id": str(depth), "Child": raw}
    alert = SecurityAlert(pd.Series({"Entities": [raw], "ExtendedProperties": None}))
    assert len(alert.entities) == 5000


def test_security_event_4624() -> None:
    logons = QueryProvider("LocalData").WindowsSecurity.list_host_logons()
    event = SecurityEvent(logons.iloc[0])
    kinds = [type(e).__name__ for e in event.entities]
    assert kinds == ["Host", "Account", "Account", "IpAddress"]
    assert event.entities[2].Name == logons.iloc[0]["TargetUserName"]
    assert event.NoSuchColumn is None
    assert event.get_all_entities()["Type"].tolist()[0] == "host"
