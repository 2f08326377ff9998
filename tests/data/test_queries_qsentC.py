# ruff: noqa: N999  (the file name carries the helper name qsentC, as assigned)
"""
Rendered text of the WindowsSecurity (MSSentinel) and SecurityGraphAlert (MSGraph) queries.

Each test renders a query through the provider's "print" path and checks the clauses
that make it do what it says: table, event IDs, the entity filter holding the supplied
value escaped for its literal, and that a hostile value cannot leave that literal.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from msticpy.common.exceptions import QueryParameterError
from msticpy.data import QueryProvider

START = datetime(2024, 5, 6, tzinfo=timezone.utc)
END = datetime(2024, 5, 7, tzinfo=timezone.utc)
KQL_RANGE = "between (datetime(2024-05-06T00:00:00+00:00) .. datetime(2024-05-07T00:00:00+00:00))"
ODATA_RANGE = (
    "$filter=createdDateTime ge 2024-05-06T00:00:00Z and createdDateTime le 2024-05-07T00:00:00Z"
)

WINDOWS_SECURITY = {
    "account_change_events",
    "get_host_logon",
    "get_parent_process",
    "get_process_tree",
    "list_all_logons_by_host",
    "list_events",
    "list_events_by_id",
    "list_host_events",
    "list_host_events_by_id",
    "list_host_logon_failures",
    "list_host_logons",
    "list_host_processes",
    "list_hosts_matching_commandline",
    "list_logon_attempts_by_account",
    "list_logon_attempts_by_ip",
    "list_logon_failures_by_account",
    "list_logons_by_account",
    "list_matching_processes",
    "list_other_events",
    "list_processes_in_session",
    "notable_events",
    "schdld_tasks_and_services",
    "summarize_events",
}
GRAPH_ALERTS = {
    "get_alert",
    "list_alerts",
    "list_alerts_for_file",
    "list_alerts_for_host",
    "list_alerts_for_ip",
    "list_alerts_for_user",
    "list_related_alerts",
}


@pytest.fixture(scope="module")
def sentinel() -> QueryProvider:
    return QueryProvider("MSSentinel")


@pytest.fixture(scope="module")
def graph() -> QueryProvider:
    return QueryProvider("MSGraph")


def _names(provider: QueryProvider, family: str) -> set[str]:
    prefix = f"{family}."
    return {q[len(prefix) :] for q in provider.list_queries() if q.startswith(prefix)}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_family_query_names(sentinel, graph):
    assert _names(sentinel, "WindowsSecurity") == WINDOWS_SECURITY
    assert _names(graph, "SecurityGraphAlert") == GRAPH_ALERTS


def test_host_logons_filter_order_and_projection(sentinel):
    text = sentinel.WindowsSecurity.list_host_logons(
        "print", host_name="web01", start=START, end=END
    )
    lines = _lines(text)
    assert lines[0] == "SecurityEvent"
    assert lines[1] == f"| where TimeGenerated {KQL_RANGE}"
    assert "| where EventID == 4624" in lines
    assert "| where true" in lines
    assert '| where Computer has "web01"' in lines
    # The projection comes after every filter and keeps the logon columns.
    project = next(i for i, line in enumerate(lines) if line.startswith("| project"))
    assert project > lines.index('| where Computer has "web01"')
    assert "TargetLogonId" in lines[project] and "TimeCreatedUtc=TimeGenerated" in lines[project]


def test_logon_failures_and_event_filter_override(sentinel):
    failures = sentinel.WindowsSecurity.list_host_logon_failures(
        "print", host_name="web01", start=START, end=END
    )
    assert "| where EventID == 4625" in _lines(failures)
    both = sentinel.WindowsSecurity.list_all_logons_by_host(
        "print", host_name="web01", start=START, end=END
    )
    assert "| where EventID in (4624, 4625)" in _lines(both)
    assert "LogonResult" in both and "| extend SourceIP = IpAddress" in both
    custom = sentinel.WindowsSecurity.list_logons_by_account(
        "print",
        account_name="alice",
        event_filter="| where EventID == 4624 and LogonType == 10",
        start=START,
        end=END,
    )
    assert "| where EventID == 4624 and LogonType == 10" in _lines(custom)
    assert '| where Account has "alice"' in _lines(custom)


def test_hostile_host_name_stays_in_its_literal(sentinel):
    text = sentinel.WindowsSecurity.list_host_processes(
        "print", host_name='web01" | take 1 // x\n| union SigninLogs', start=START, end=END
    )
    assert '| where Computer has "web01\\" | take 1 // x\\n| union SigninLogs"' in text
    assert not any(line.startswith("| union") for line in _lines(text))


def test_code_fragment_parameters_must_be_self_contained(sentinel):
    with pytest.raises(QueryParameterError):
        sentinel.WindowsSecurity.list_events(
            "print", add_query_items='| where Account == "x', start=START, end=END
        )
    text = sentinel.WindowsSecurity.list_events(
        "print", add_query_items="| take 10", table="SecurityEvent_CL", start=START, end=END
    )
    assert _lines(text) == ["SecurityEvent_CL", f"| where TimeGenerated {KQL_RANGE}", "| take 10"]


def test_event_id_lists(sentinel):
    ints = sentinel.WindowsSecurity.list_host_events_by_id(
        "print", host_name="web01", event_list=[4688, 4624], start=START, end=END
    )
    assert "| where EventID in (4688, 4624)" in _lines(ints)
    texts = sentinel.WindowsSecurity.list_events_by_id(
        "print", event_list=["4688", "x') or true or ('"], start=START, end=END
    )
    assert "| where EventID in ('4688', 'x\\') or true or (\\'')" in _lines(texts)
    other = sentinel.WindowsSecurity.list_other_events(
        "print", host_name="web01", start=START, end=END
    )
    assert "| where EventID !in (4688, 4624, 4625)" in _lines(other)


def test_service_task_and_account_event_ids(sentinel):
    tasks = sentinel.WindowsSecurity.schdld_tasks_and_services(
        "print", host_name="web01", start=START, end=END
    )
    assert "| where EventID in (4697, 4698, 4700, 4702)" in _lines(tasks)
    assert "TaskName" in tasks and "ServiceFileName" in tasks
    accounts = sentinel.WindowsSecurity.account_change_events(
        "print", host_name="web01", host_op="=~", start=START, end=END
    )
    assert '| where Computer =~ "web01"' in _lines(accounts)
    for event_id in ("4720", "4726", "4732", "4740", "4767"):
        assert event_id in accounts
    notable = sentinel.WindowsSecurity.notable_events(
        "print", host_name="web01", start=START, end=END
    )
    assert "1102" in notable and "dcount(Account)" in notable


def test_process_tree_values(sentinel):
    text = sentinel.WindowsSecurity.get_process_tree(
        "print",
        host_name="web01",
        process_name="C:\\Windows\\System32\\cmd.exe",
        process_id="0x1a2c",
        logon_session_id="0x3e7",
        start=START,
        end=END,
    )
    lines = _lines(text)
    assert 'let source_pid = "0x1a2c";' in lines
    assert 'let source_logon = "0x3e7";' in lines
    assert '| where NewProcessName =~ "C:\\\\Windows\\\\System32\\\\cmd.exe"' in lines
    for role in ('"source"', '"parent"', '"child"', '"sibling"'):
        assert f"NodeRole = {role}" in text
    assert text.count("| where EventID == 4688") == 1


def test_parent_lookback_and_path_separator(sentinel):
    parent = sentinel.WindowsSecurity.get_parent_process(
        "print",
        host_name="web01",
        process_name="cmd.exe",
        process_id="0x10",
        logon_session_id="0x3e7",
        parent_lookback=6,
        start=START,
        end=END,
    )
    assert "(range_start - 6 * 1h)" in parent
    session = sentinel.WindowsSecurity.list_processes_in_session(
        "print", host_name="web01", logon_session_id="0x3e7", start=START, end=END
    )
    # The default separator is an escaped backslash in the regex: [^\\]
    assert 'extract("([^\\\\\\\\]+)$", 1, NewProcessName)' in session
    assert '| where SubjectLogonId == "0x3e7"' in _lines(session)
    linux = sentinel.WindowsSecurity.list_processes_in_session(
        "print",
        host_name="web01",
        logon_session_id="0x3e7",
        path_separator="/",
        start=START,
        end=END,
    )
    assert 'extract("([^/]+)$", 1, NewProcessName)' in linux


def test_graph_alert_paths_are_single_line_odata(graph):
    text = graph.SecurityGraphAlert.list_alerts_for_host(
        "print", host_name="Web01", start=START, end=END
    )
    assert "\n" not in text.strip()
    assert text.startswith(f"/security/alerts?{ODATA_RANGE} and hostStates/any(")
    assert "tolower(h/netBiosName) eq tolower('Web01')" in text
    assert "startswith(tolower(h/fqdn), tolower('Web01.'))" in text
    assert text.count("(") == text.count(")")
    single = graph.SecurityGraphAlert.get_alert("print", alert_id="da637_-12345")
    assert single.strip() == "/security/alerts/da637_-12345"
    extra = graph.SecurityGraphAlert.list_alerts(
        "print", add_query_items="and severity eq 'high'", start=START, end=END
    )
    assert extra.strip() == f"/security/alerts?{ODATA_RANGE} and severity eq 'high'"


def test_graph_values_use_odata_quoting_and_utc(graph):
    local = timezone(timedelta(hours=2))
    text = graph.SecurityGraphAlert.list_alerts_for_user(
        "print",
        account_name="O'Brien') or true or ('",
        start=datetime(2024, 5, 6, 2, tzinfo=local),
        end=END,
    )
    assert ODATA_RANGE in text
    assert "eq tolower('O''Brien'') or true or (''')" in text
    assert "+00:00" not in text


def test_graph_related_alerts_cover_each_entity(graph):
    text = graph.SecurityGraphAlert.list_related_alerts(
        "print",
        ip_address="10.0.0.5",
        host_name="web01",
        process_name="cmd.exe",
        user_principal_name="alice@contoso.com",
        account_name="alice",
        file_name="evil.dll",
        file_hash="AB12",
        start=START,
        end=END,
    )
    for clause in (
        "h/privateIpAddress eq '10.0.0.5'",
        "n/destinationAddress eq '10.0.0.5'",
        "u/logonIp eq '10.0.0.5'",
        "tolower(h/netBiosName) eq tolower('web01')",
        "tolower(p/name) eq tolower('cmd.exe')",
        "tolower(u/userPrincipalName) eq tolower('alice@contoso.com')",
        "tolower(u/accountName) eq tolower('alice')",
        "tolower(f/name) eq tolower('evil.dll')",
        "tolower(f/fileHash/hashValue) eq tolower('AB12')",
    ):
        assert clause in text
    assert text.count("(") == text.count(")")


def test_graph_single_alert_options(graph):
    text = graph.SecurityGraphAlert.get_alert(
        "print", alert_id="da637_-12345", add_query_items="?$select=title,severity"
    )
    assert text.strip() == "/security/alerts/da637_-12345?$select=title,severity"
    with pytest.raises(QueryParameterError):
        graph.SecurityGraphAlert.get_alert("print", alert_id="x' or 1")
