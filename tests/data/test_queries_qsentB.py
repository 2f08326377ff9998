"""Sentinel Linux, time-series and network query files: rendered text and escaping."""

# ruff: noqa: N999  (the file name is set by the task: test_queries_<helper name>)

from __future__ import annotations

import re

import pytest

from msticpy.common.exceptions import QueryParameterError
from msticpy.data import QueryProvider

HOSTILE = "x' \" \\ \n| take 1 // y"
TIMES = {"start": "2024-05-06T00:00:00", "end": "2024-05-07T00:00:00"}
# A KQL string literal: verbatim @"..."/@'...' (quote doubled), or "..."/'...' with escapes.
_LITERAL = re.compile(
    r"""@"(?:[^"]|"")*"|@'(?:[^']|'')*'"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
)

EXPECTED = {
    "LinuxAudit": {"auditd_all"},
    "LinuxSyslog": {
        "all_syslog",
        "cron_activity",
        "list_account_logon_failures",
        "list_host_logon_failures",
        "list_ip_logon_failures",
        "list_logon_failures",
        "list_logons_for_account",
        "list_logons_for_host",
        "list_logons_for_source_ip",
        "notable_events",
        "squid_activity",
        "sudo_activity",
        "summarize_events",
        "sysmon_process_events",
        "user_group_activity",
        "user_logon",
    },
    "MultiDataSource": {
        "get_timeseries_anomalies",
        "get_timeseries_data",
        "get_timeseries_decompose",
        "plot_timeseries_datawithbaseline",
        "plot_timeseries_scoreanomolies",
    },
    "Network": {
        "all_network_connections_csl",
        "get_heartbeat_for_host",
        "get_heartbeat_for_ip",
        "get_host_for_ip",
        "get_ips_for_host",
        "host_network_connections_csl",
        "hosts_by_ip_csl",
        "ip_network_connections_csl",
        "ips_by_host_csl",
        "list_azure_network_flows_by_host",
        "list_azure_network_flows_by_ip",
        "network_connections_to_url",
    },
}


@pytest.fixture(scope="module")
def qp() -> QueryProvider:
    return QueryProvider("MSSentinel")


def _code(text: str) -> str:
    """The query with every string literal blanked out."""
    return _LITERAL.sub('""', text)


def _render(qp: QueryProvider, family: str, name: str, **params: object) -> str:
    query = getattr(getattr(qp, family), name)
    return query("print", **{**TIMES, **params})


def _names(qp: QueryProvider, family: str) -> set[str]:
    prefix = f"{family}."
    return {q[len(prefix) :] for q in qp.list_queries() if q.startswith(prefix)}


def test_query_names_per_family(qp):
    for family, names in EXPECTED.items():
        assert _names(qp, family) == names, family
    # The Network file's queries are also AzureNetwork ones; heartbeats also Heartbeat.
    assert EXPECTED["Network"] <= _names(qp, "AzureNetwork")
    assert {"get_heartbeat_for_host", "get_heartbeat_for_ip"} <= _names(qp, "Heartbeat")


def test_auditd_groups_records_by_event_id(qp):
    text = _render(qp, "LinuxAudit", "auditd_all", host_name="web01")
    assert text.lstrip().startswith("AuditLog_CL")
    assert 'Computer has "web01"' in text
    assert "AuditdMessage = make_list(" in text
    assert "by TenantId, Computer, mssg_id" in text
    assert "datetime(2024-05-06T00:00:00" in text and "datetime(2024-05-07T00:00:00" in text


def test_syslog_host_filters_and_operator(qp):
    text = _render(qp, "LinuxSyslog", "notable_events", host_name="db2", host_op="=~")
    assert text.lstrip().startswith("Syslog")
    assert 'Computer =~ "db2"' in text
    assert 'SeverityLevel in ("emerg", "alert", "crit")' in text
    custom = _render(qp, "LinuxSyslog", "all_syslog", host_name="db2", table="MySyslog")
    assert custom.lstrip().startswith("MySyslog")


def test_logon_queries_select_scope_and_outcome(qp):
    host = _render(qp, "LinuxSyslog", "list_host_logon_failures", host_name="web01")
    assert 'Computer has "web01"' in host
    assert 'where LogonResult == "Failure"' in host
    everywhere = _render(qp, "LinuxSyslog", "list_logon_failures")
    assert "Computer has" not in everywhere
    assert 'where LogonResult == "Failure"' in everywhere
    by_ip = _render(qp, "LinuxSyslog", "list_logons_for_source_ip", ip_address="10.1.2.3")
    assert 'SyslogMessage has "10.1.2.3"' in by_ip
    assert 'LogonResult == "Success" and SourceIP == "10.1.2.3"' in by_ip
    all_host = _render(qp, "LinuxSyslog", "list_logons_for_host", host_name="web01")
    assert "where LogonResult" not in all_host
    assert "$<" not in all_host + host + everywhere + by_ip


@pytest.mark.parametrize(
    ("family", "name", "param"),
    [
        ("LinuxSyslog", "sudo_activity", "account_name"),
        ("LinuxSyslog", "list_logons_for_account", "account_name"),
        ("LinuxSyslog", "squid_activity", "user"),
        ("LinuxSyslog", "sysmon_process_events", "host_name"),
        ("LinuxAudit", "auditd_all", "host_name"),
        ("Network", "network_connections_to_url", "url"),
        ("Network", "hosts_by_ip_csl", "ip_address"),
        ("Network", "get_heartbeat_for_ip", "ip_address"),
    ],
)
def test_hostile_value_stays_in_its_literal(qp, family, name, param):
    base = {"host_name": "h1"} if name == "squid_activity" else {}
    text = _render(qp, family, name, **{**base, param: HOSTILE})
    assert '"x\' \\" \\\\ \\n| take 1 // y"' in text
    code = _code(text)
    assert "take 1" not in code and "// y" not in code


def test_flows_by_ip_quotes_each_address(qp):
    ips = ["1.2.3.4", "5.6.7.8"]
    text = _render(qp, "Network", "list_azure_network_flows_by_ip", ip_address_list=ips)
    assert text.lstrip().startswith("AzureNetworkAnalytics_CL")
    assert "VMIP_s in ('1.2.3.4', '5.6.7.8')" in text
    assert "PublicIPs_s has_any ('1.2.3.4', '5.6.7.8')" in text
    assert "| project TenantId, TimeGenerated, FlowStartTime = FlowStartTime_t" in text
    assert "mv-expand AllExtIPs" in text
    hostile = _render(qp, "Network", "list_azure_network_flows_by_ip", ip_address_list=[HOSTILE])
    assert "take 1" not in _code(hostile)


def test_csl_vendors_and_field_overrides(qp):
    text = _render(qp, "Network", "ip_network_connections_csl", ip_address="10.0.0.9")
    assert text.lstrip().startswith("CommonSecurityLog")
    assert "DeviceVendor in ('Palo Alto Networks', 'Fortinet', 'Cisco', 'Check Point')" in text
    assert 'SourceIP == "10.0.0.9" or DestinationIP == "10.0.0.9"' in text
    custom = _render(
        qp,
        "Network",
        "all_network_connections_csl",
        vendors=["Zscaler"],
        source_ip_field="SourceTranslatedAddress",
    )
    assert "DeviceVendor in ('Zscaler')" in custom
    assert "SourceIP = SourceTranslatedAddress" in custom


def test_time_series_fragments(qp):
    text = _render(
        qp,
        "MultiDataSource",
        "get_timeseries_anomalies",
        table="CommonSecurityLog",
        where_clause='| where DeviceVendor == "Fortinet"',
        aggregatecolumn="SentBytes",
        aggregatefunction="sum(SentBytes)",
        groupbycolumn="DeviceVendor",
        timeframe="15m",
    )
    assert text.lstrip().startswith('CommonSecurityLog | where DeviceVendor == "Fortinet"')
    assert "make-series SentBytes = sum(SentBytes) default = 0" in text
    assert "step 15m by DeviceVendor" in text
    assert "series_decompose_anomalies(SentBytes, 3, -1, " in text
    with pytest.raises(ValueError, match="table"):
        _render(qp, "MultiDataSource", "get_timeseries_data")
    with pytest.raises(QueryParameterError):
        _render(qp, "MultiDataSource", "get_timeseries_data", table="T", timeframe="1h' | x")
