"""Defender for Endpoint query files (data/queries/mde): rendered text and escaping."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import msticpy
from msticpy.common.exceptions import QueryParameterError
from msticpy.data import QueryProvider
from msticpy.data.core.query_source import QuerySource
from msticpy.data.core.query_store import QueryStore

MDE_FOLDER = Path(msticpy.__file__).parent / "data" / "queries" / "mde"
HOSTILE = "x' \" \\ \n| take 1 // y"
TIMES = {"start": "2024-05-06T00:00:00", "end": "2024-05-07T00:00:00"}
# A KQL string literal: verbatim @"..."/@'...' (quote doubled), or "..."/'...' with escapes.
_LITERAL = re.compile(
    r"""@"(?:[^"]|"")*"|@'(?:[^']|'')*'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", '"': '"'}

DEVICE_QUERIES = {
    "file_path",
    "host_alerts",
    "host_connections",
    "ip_alerts",
    "ip_connections",
    "list_alerts",
    "list_connections",
    "list_file_events_for_filename",
    "list_file_events_for_hash",
    "list_file_events_for_host",
    "list_file_events_for_path",
    "list_filehash",
    "list_files",
    "list_host_processes",
    "process_cmd_line",
    "process_creations",
    "process_for_hash",
    "process_paths",
    "protocol_connections",
    "sha1_alerts",
    "url_alerts",
    "url_connections",
    "user_files",
    "user_logons",
    "user_network",
    "user_processes",
}
HUNTING_QUERIES = {
    "accessibility_persistence",
    "av_sites",
    "b64_pe",
    "brute_force",
    "cve_2018_1000006l",
    "cve_2018_1111",
    "cve_2018_4878",
    "doc_with_link",
    "dropbox_link",
    "email_link",
    "email_smartscreen",
    "malware_recycle",
    "network_scans",
    "powershell_downloads",
    "service_account_powershell",
    "smartscreen_ignored",
    "smb_discovery",
    "tor",
    "uncommon_powershell",
    "user_enumeration",
}


@pytest.fixture(scope="module")
def qp() -> QueryProvider:
    return QueryProvider("MDE")


@pytest.fixture(scope="module")
def mde_store() -> QueryStore:
    """Only this folder's files: in the MDE environment the m365d hunting file loads
    after this one and replaces its hunting queries (as in msticpy), so they are
    checked here from a store of their own."""
    return QueryStore.import_files(source_path=[str(MDE_FOLDER)])["MDE"]


def _render(qp: QueryProvider, family: str, name: str, **params: object) -> str:
    return getattr(getattr(qp, family), name)("print", **{**TIMES, **params})


def _names(qp: QueryProvider, family: str) -> set[str]:
    prefix = f"{family}."
    return {q[len(prefix) :] for q in qp.list_queries() if q.startswith(prefix)}


def _code(text: str) -> str:
    """The query with every string literal blanked out."""
    return _LITERAL.sub('""', text)


def _decode(literal: str) -> str:
    """The value of a regular KQL "..." or '...' literal."""
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\":
            out.append(_ESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _assert_contained(text: str, value: str) -> None:
    """``value`` sits whole inside a literal and nothing of it leaks into code."""
    assert "take 1" not in _code(text), text
    assert value in [_decode(lit) for lit in _LITERAL.findall(text) if lit[0] != "@"], text


@pytest.mark.parametrize("family", ["MDE", "MDATP"])
def test_device_families_have_msticpys_query_names(qp: QueryProvider, family: str) -> None:
    assert _names(qp, family) == DEVICE_QUERIES


@pytest.mark.parametrize("family", ["MDEHunting", "M365DHunting"])
def test_hunting_families_have_msticpys_query_names(qp: QueryProvider, family: str) -> None:
    assert _names(qp, family) == HUNTING_QUERIES


def test_mde_files_are_not_read_by_sentinel() -> None:
    # msticpy's MSSentinel provider reads mssentinel/ and m365d/, never mde/.
    names = QueryProvider("MSSentinel").list_queries()
    assert not [q for q in names if q.startswith(("MDE.", "MDATP."))]


def test_host_alerts_renders_table_time_and_host(qp: QueryProvider) -> None:
    text = _render(qp, "MDE", "host_alerts", host_name="web01")
    assert text.lstrip().startswith("DeviceAlertEvents")
    assert "datetime(2024-05-06T00:00:00" in text and "datetime(2024-05-07T00:00:00" in text
    assert 'DeviceName has "web01"' in text


def test_file_hash_matches_any_hash_column_and_alias(qp: QueryProvider) -> None:
    text = _render(qp, "MDATP", "list_file_events_for_hash", hash="ab12")
    for column in ("SHA1", "SHA256", "MD5"):
        assert f'{column} =~ "ab12"' in text
    assert "DeviceFileEvents" in text


def test_time_column_and_table_can_be_overridden(qp: QueryProvider) -> None:
    text = _render(
        qp, "MDE", "list_files", file_name="a.exe", time_column="TimeGenerated", table="MyFiles"
    )
    assert text.lstrip().startswith("MyFiles")
    assert "where TimeGenerated between" in text and "Timestamp" not in text


def test_file_events_for_host_by_name_or_device_id(qp: QueryProvider) -> None:
    text = _render(qp, "MDE", "list_file_events_for_host", device_id="d-1")
    assert 'let wantedName = "";' in text and 'let wantedId = "d-1";' in text
    assert "DeviceId == wantedId" in text


def test_user_queries_use_their_own_tables(qp: QueryProvider) -> None:
    expected = {
        "user_logons": ("DeviceLogonEvents", "AccountName has"),
        "user_processes": ("DeviceProcessEvents", "AccountName has"),
        "user_files": ("DeviceFileEvents", "InitiatingProcessAccountName has"),
        "user_network": ("DeviceNetworkEvents", "InitiatingProcessAccountName has"),
    }
    for name, (table, clause) in expected.items():
        text = _render(qp, "MDE", name, account_name="alice")
        assert text.lstrip().startswith(table), name
        assert f'{clause} "alice"' in text, name


def test_protocol_is_a_converted_literal(qp: QueryProvider) -> None:
    text = _render(qp, "MDE", "protocol_connections", protocol="445")
    assert 'RemotePort == toint("445")' in text


def test_cmd_line_terms_stay_in_one_literal(qp: QueryProvider) -> None:
    text = _render(qp, "MDE", "process_cmd_line", cmd_line="'whoami', \"net user\"")
    assert "has_any (cmdTerms)" in text
    _assert_contained(text, "'whoami', \"net user\"")


@pytest.mark.parametrize(
    ("family", "name", "param"),
    [
        ("MDE", "host_alerts", "host_name"),
        ("MDATP", "ip_connections", "ip_address"),
        ("MDE", "url_alerts", "url"),
        ("MDE", "list_file_events_for_host", "host_name"),
        ("MDATP", "process_creations", "process_identifier"),
        ("MDE", "process_cmd_line", "cmd_line"),
        ("MDE", "protocol_connections", "protocol"),
        ("MDATP", "user_network", "account_name"),
    ],
)
def test_hostile_value_stays_in_its_literal(
    qp: QueryProvider, family: str, name: str, param: str
) -> None:
    _assert_contained(_render(qp, family, name, **{param: HOSTILE}), HOSTILE)


def test_hostile_fragment_is_refused(qp: QueryProvider) -> None:
    with pytest.raises(QueryParameterError):
        _render(qp, "MDE", "list_files", file_name="a", time_column=HOSTILE)


def test_own_hunting_queries_all_render(mde_store: QueryStore) -> None:
    for name in HUNTING_QUERIES:
        source: QuerySource = mde_store.get_query(name, "MDEHunting")
        assert set(source.params) >= {"add_query_items", "time_column"}
        values = {"host_name": "web01", "timestamp": "2024-05-06T10:00:00Z"}
        own: dict[str, Any] = {p: v for p, v in values.items() if p in source.params}
        text = source.create_query(**own)
        assert "Timestamp" in text and "{" not in _code(text), name
        moved = source.create_query(time_column="TimeGenerated", add_query_items="| take 5", **own)
        assert "Timestamp" not in moved and moved.rstrip().endswith("| take 5"), name


def test_own_uncommon_powershell_escapes_host_and_time(mde_store: QueryStore) -> None:
    source = mde_store.get_query("uncommon_powershell", "M365DHunting")
    text = source.create_query(hostname=HOSTILE, timestamp=HOSTILE)
    assert "PowerShellCommand" in text and "join kind=leftanti" in text
    assert text.count("take 1") == 2
    _assert_contained(text, HOSTILE)
    assert 'todatetime("x' in text
