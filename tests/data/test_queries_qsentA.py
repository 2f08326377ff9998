# ruff: noqa: N999  (the file name, with its helper suffix, is fixed by the task)
"""Sentinel query files for alerts, Azure, bookmarks, heartbeat, Office 365, TI and DNS/NSG.

Renders the bundled MSSentinel queries of these families through the "print" path and
checks the clauses that make each query do its job, that supplied values land escaped
inside their literals, and that the call interface (aliases, defaults, both families of
the bookmark queries) matches msticpy's.
"""

from __future__ import annotations

import pytest

from msticpy.common.exceptions import QueryParameterError
from msticpy.data import QueryProvider

START = "2024-05-06"
END = "2024-05-07"
SPAN = "between (datetime(2024-05-06T00:00:00Z) .. datetime(2024-05-07T00:00:00Z))"
HOSTILE = 'x" | take 1 // \\ \n| project secret'

OWNED = {
    "SecurityAlert": [
        "list_alerts",
        "list_alerts_counts",
        "get_alert",
        "list_related_alerts",
        "list_alerts_for_ip",
    ],
    "AzureNetwork": [
        "dns_lookups_for_domain",
        "dns_lookups_for_ip",
        "dns_lookups_from_ip",
        "az_net_analytics",
    ],
    "Azure": [
        "list_aad_signins_for_account",
        "list_aad_signins_for_ip",
        "list_azure_activity_for_account",
        "list_azure_activity_for_ip",
        "list_azure_activity_for_resource",
        "list_all_signins_geo",
        "list_storage_ops_for_ip",
        "list_storage_ops_for_hash",
        "get_vmcomputer_for_ip",
        "get_vmcomputer_for_host",
    ],
    "Heartbeat": ["get_info_by_hostname", "get_info_by_ipaddress"],
    "Office365": [
        "list_activity_for_account",
        "list_activity_for_ip",
        "list_activity_for_resource",
    ],
    "ThreatIntelligence": [
        "list_indicators",
        "list_indicators_by_ip",
        "list_indicators_by_hash",
        "list_indicators_by_filepath",
        "list_indicators_by_domain",
        "list_indicators_by_email",
        "list_indicators_by_url",
    ],
}
BOOKMARK_QUERIES = [
    "list_bookmarks",
    "list_bookmarks_for_entity",
    "get_bookmark_by_id",
    "get_bookmark_by_name",
    "list_bookmarks_for_tags",
    "get_dynamic_summary_by_id",
    "get_dynamic_summary_by_name",
    "list_dynamic_summaries",
]
OWNED["AzureSentinel"] = BOOKMARK_QUERIES
OWNED["MSSentinel"] = BOOKMARK_QUERIES


@pytest.fixture(scope="module")
def qp() -> QueryProvider:
    return QueryProvider("MSSentinel")


def _render(qp: QueryProvider, name: str, **params: object) -> str:
    family, query = name.split(".")
    params.setdefault("start", START)
    params.setdefault("end", END)
    text = getattr(getattr(qp, family), query)("print", **params)
    assert isinstance(text, str)
    return text


def _double_literal_after(text: str, prefix: str) -> str:
    """Decode the KQL "..." literal that starts right after ``prefix`` in ``text``."""
    start = text.index(prefix + '"') + len(prefix) + 1
    escapes = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", '"': '"'}
    out, i = [], start
    while text[i] != '"':
        if text[i] == "\\":
            out.append(escapes[text[i + 1]])
            i += 2
        else:
            assert text[i] != "\n", "raw line break inside a literal"
            out.append(text[i])
            i += 1
    return "".join(out)


def test_every_owned_query_is_offered_and_renders(qp: QueryProvider) -> None:
    offered = set(qp.list_queries())
    for family, names in OWNED.items():
        for name in names:
            qualified = f"{family}.{name}"
            assert qualified in offered, qualified
            source = qp.query_store.get_query(query_path=family, query_name=name)
            values: dict[str, object] = {}
            for param, spec in source.params.items():
                if "default" in spec or param in ("start", "end"):
                    continue
                values[param] = ["alpha", "beta"] if spec["type"] == "list" else "alpha"
            text = _render(qp, qualified, **values)
            assert "{" not in text and "}" not in text, qualified


def test_alert_list_filters_time_and_renames_columns(qp: QueryProvider) -> None:
    text = _render(qp, "SecurityAlert.list_alerts")
    assert text.startswith("SecurityAlert\n")
    assert f"| where TimeGenerated {SPAN}" in text
    assert "project-rename StartTimeUtc = StartTime" in text
    custom = _render(qp, "SecurityAlert.list_alerts", table="MyAlerts", query_project="")
    assert custom.startswith("MyAlerts\n") and "project-rename" not in custom
    counts = _render(qp, "SecurityAlert.list_alerts_counts")
    assert "summarize alertCount = count()" in counts and "by AlertName" in counts


def test_get_alert_keeps_a_hostile_id_inside_its_literal(qp: QueryProvider) -> None:
    text = _render(qp, "SecurityAlert.get_alert", system_alert_id=HOSTILE)
    assert _double_literal_after(text, "| where SystemAlertId == ") == HOSTILE
    assert "\n| project secret" not in text


def test_related_alerts_match_host_account_and_process(qp: QueryProvider) -> None:
    text = _render(
        qp,
        "SecurityAlert.list_related_alerts",
        host_name="web01.contoso.com",
        account_name="CONTOSO\\bob",
        process_name="C:\\Windows\\cmd.exe",
    )
    assert _double_literal_after(text, "let host_full = ") == "web01.contoso.com"
    assert _double_literal_after(text, "let acct_full = ") == "CONTOSO\\bob"
    assert _double_literal_after(text, "let proc_full = ") == "C:\\Windows\\cmd.exe"
    # msticpy's default separator is a doubled backslash; the query folds it to one.
    assert _double_literal_after(text, "replace_string(") == "\\\\"
    assert 'replace_string("\\\\\\\\", @"\\\\", @"\\")' in text
    assert "| where HostMatch or AccountMatch or ProcessMatch" in text


def test_alerts_for_ip_split_the_comma_list(qp: QueryProvider) -> None:
    text = _render(qp, "SecurityAlert.list_alerts_for_ip", source_ip_list="10.0.0.1, 10.0.0.2")
    assert _double_literal_after(text, "print ip = split(") == "10.0.0.1, 10.0.0.2"
    assert "has_any (wanted_ips)" in text and "MatchingIps = make_set(CandidateIp)" in text
    hostile = _render(qp, "SecurityAlert.list_alerts_for_ip", source_ip_list=HOSTILE)
    assert _double_literal_after(hostile, "print ip = split(") == HOSTILE


def test_azure_ip_lists_are_quoted_items(qp: QueryProvider) -> None:
    text = _render(qp, "Azure.list_aad_signins_for_ip", ip_address_list=["1.2.3.4", "5.6.7.8"])
    assert text.startswith("SigninLogs\n")
    assert "| where IPAddress in ('1.2.3.4', '5.6.7.8')" in text
    hostile = _render(qp, "Azure.list_azure_activity_for_ip", ip_address_list=["a' or 1==1 //"])
    assert "| where CallerIpAddress in ('a\\' or 1==1 //')" in hostile


def test_azure_account_and_resource_aliases(qp: QueryProvider) -> None:
    signins = _render(qp, "Azure.list_aad_signins_for_account", account_name="bob@contoso.com")
    assert _double_literal_after(signins, "let acct_name = ") == "bob@contoso.com"
    assert _double_literal_after(signins, "let acct_id = ") == "!!DEFAULT!!"
    assert 'UserPrincipalName startswith strcat(acct_bare, "@")' in signins
    by_alias = _render(qp, "Azure.list_azure_activity_for_resource", resource="/subscriptions/s1")
    assert _double_literal_after(by_alias, "let resource_text = ") == "/subscriptions/s1"
    assert by_alias.splitlines()[1] == "AzureActivity"


def test_storage_ops_quote_the_ip_and_hash(qp: QueryProvider) -> None:
    by_ip = _render(qp, "Azure.list_storage_ops_for_ip", ip_address=HOSTILE)
    assert _double_literal_after(by_ip, "| where ClientIP == ") == HOSTILE
    assert "StorageFileLogs, StorageBlobLogs" in by_ip
    by_hash = _render(qp, "Azure.list_storage_ops_for_hash", file_hash="0A1B")
    assert '| where Md5Hash =~ "0A1B"' in by_hash and "base64_decode_toarray" in by_hash


def test_bookmark_queries_are_in_both_families(qp: QueryProvider) -> None:
    old = _render(qp, "AzureSentinel.list_bookmarks_for_entity", host_name="web01")
    new = _render(qp, "MSSentinel.list_bookmarks_for_entity", host_name="web01")
    assert old == new
    assert 'pack_array("web01", "na", "na", "na", "na",' in new
    assert "| where isnull(SoftDeleted) or SoftDeleted == false" in new
    tags = _render(qp, "MSSentinel.list_bookmarks_for_tags", bookmark_tags=["apt", "x' y"])
    assert "| where Tag in~ ('apt', 'x\\' y')" in tags
    summary = _render(qp, "MSSentinel.get_dynamic_summary_by_id", summary_id=HOSTILE)
    assert "DynamicSummary\n" in summary
    assert _double_literal_after(summary, "| where SummaryId == ") == HOSTILE


def test_heartbeat_defaults_and_operator(qp: QueryProvider) -> None:
    text = _render(qp, "Heartbeat.get_info_by_hostname", host_name="web01")
    assert '| where Computer has "web01"' in text
    assert text.rstrip().endswith("| top 1 by TimeGenerated desc nulls last")
    assert "| where true" in text
    exact = _render(qp, "Heartbeat.get_info_by_hostname", host_name="web01", host_op="=~")
    assert '| where Computer =~ "web01"' in exact
    with pytest.raises(QueryParameterError):
        _render(qp, "Heartbeat.get_info_by_hostname", host_name="web01", host_op='has "a" //')
    by_ip = _render(
        qp, "Heartbeat.get_info_by_ipaddress", ip_address="10.1.1.1", add_query_items=""
    )
    assert '| where ComputerIP == "10.1.1.1"' in by_ip and "top 1" not in by_ip


def test_office_activity(qp: QueryProvider) -> None:
    text = _render(qp, "Office365.list_activity_for_ip", ip_address_list=["10.2.2.2"])
    assert text.startswith("OfficeActivity\n")
    assert "| where ClientAddress in~ ('10.2.2.2')" in text
    resource = _render(qp, "Office365.list_activity_for_resource", resource="https://x/doc")
    assert '| where OfficeObjectId contains "https://x/doc"' in resource


def test_threat_intel_lookups_take_the_observables_alias(qp: QueryProvider) -> None:
    text = _render(qp, "ThreatIntelligence.list_indicators_by_ip", observables=["1.1.1.1"])
    assert text.startswith("ThreatIntelIndicators\n")
    assert '| where ObservableKey in ("ipv4-addr:value", "ipv6-addr:value")' in text
    assert "| where ObservableValue in~ ('1.1.1.1')" in text
    assert "| summarize arg_max(TimeGenerated, *) by Id" in text
    assert "| extend IoC = tolower(ObservableValue)" in text
    hashes = _render(qp, "ThreatIntelligence.list_indicators_by_hash", observables=["AB"])
    assert '| where ObservableKey startswith "file:hashes."' in hashes


def test_dns_and_flow_queries(qp: QueryProvider) -> None:
    text = _render(qp, "AzureNetwork.dns_lookups_from_ip", ip_address="10.3.3.3")
    assert text.startswith("DnsEvents\n")
    assert '| where SubType == "LookupQuery" and ClientIP == "10.3.3.3"' in text
    flows = _render(qp, "AzureNetwork.az_net_analytics", host_name="vm1")
    assert '| where VM_s contains "vm1"' in flows and "mv-expand AllExtIPs" in flows
    hostile = _render(qp, "AzureNetwork.dns_lookups_for_domain", domain=HOSTILE)
    assert _double_literal_after(hostile, 'SubType == "LookupQuery" and Name has ') == HOSTILE
