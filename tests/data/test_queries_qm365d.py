"""
Rendered text of the Defender XDR queries in ``queries/m365d`` (M365D, IdentityOnPrem,
M365DHunting and MDEHunting families).

Each test renders a query through the provider's "print" path and checks the clauses that
make it do what it says (tables, entity filters, time window), and that a hostile value
stays inside the string literal the template puts it in: the text around every literal
is the same as for a benign value, and the literal decodes back to the value given.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from msticpy.data import QueryProvider

START = datetime(2024, 5, 6, tzinfo=timezone.utc)
END = datetime(2024, 5, 7, tzinfo=timezone.utc)
TS_RANGE = "between (datetime(2024-05-06T00:00:00+00:00) .. datetime(2024-05-07T00:00:00+00:00))"
EVENT_RANGE = (
    "Timestamp >= datetime(2024-05-06T00:00:00+00:00)"
    " and Timestamp <= datetime(2024-05-07T00:00:00+00:00)"
)
HOSTILE = "x\" | take 1 // ' \\ \n y"
BENIGN = "BENIGNVALUE"
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


@pytest.fixture(scope="module")
def m365d() -> QueryProvider:
    return QueryProvider("M365D")


@pytest.fixture(scope="module")
def sentinel() -> QueryProvider:
    return QueryProvider("MSSentinel")


def _decode_literal(text: str, pos: int) -> tuple[str, int]:
    """Decode the KQL "..." literal whose body starts at ``pos``; return (value, end)."""
    out = []
    while text[pos] != '"':
        if text[pos] == "\\":
            out.append(_ESCAPES[text[pos + 1]])
            pos += 2
        else:
            out.append(text[pos])
            pos += 1
    return "".join(out), pos + 1


def _assert_held_in_literals(call, param: str, **kwargs) -> None:
    """A hostile ``param`` value changes nothing but the bodies of its "..." literals."""
    benign = call("print", **{param: BENIGN}, **kwargs)
    hostile = call("print", **{param: HOSTILE}, **kwargs)
    pieces = benign.split(f'"{BENIGN}"')
    assert len(pieces) > 1, benign
    pos = 0
    for index, piece in enumerate(pieces):
        assert hostile.startswith(piece, pos), (piece, hostile[pos:])
        pos += len(piece)
        if index < len(pieces) - 1:
            assert hostile[pos] == '"'
            value, pos = _decode_literal(hostile, pos + 1)
            assert value == HOSTILE
    assert pos == len(hostile)
    assert "\n" not in hostile


def test_alerts_join_evidence_for_entity(m365d: QueryProvider) -> None:
    text = m365d.M365D.host_alerts("print", host_name="web01", start=START, end=END)
    assert text.count(TS_RANGE) == 2
    assert "AlertEvidence" in text
    assert 'EntityType =~ "Machine" and DeviceName has "web01"' in text
    assert "\nAlertInfo" not in text and "; AlertInfo |" in text
    assert "join kind=inner evidence on AlertId" in text

    text = m365d.M365D.sha256_alerts("print", sha256="ABC123", start=START, end=END)
    assert 'EntityType in~ ("File", "Process") and SHA256 =~ "ABC123"' in text

    text = m365d.M365D.list_alerts("print", start=START, end=END, table="AlertInfo")
    assert text.strip().startswith(f"AlertInfo | where Timestamp {TS_RANGE}")


def test_file_events_by_hash_and_host(m365d: QueryProvider) -> None:
    text = m365d.M365D.list_file_events_for_hash("print", hash="d41d8cd9", start=START, end=END)
    assert 'let wanted = "d41d8cd9";' in text
    assert "DeviceFileEvents" in text and EVENT_RANGE in text
    assert "SHA1 =~ wanted or SHA256 =~ wanted or MD5 =~ wanted" in text

    text = m365d.M365D.list_file_events_for_host("print", device_id="abc-123", start=START, end=END)
    assert 'let wanted_name = "";' in text and 'let wanted_id = "abc-123";' in text
    assert "(isnotempty(wanted_id) and DeviceId == wanted_id)" in text


def test_network_process_and_user_filters(m365d: QueryProvider) -> None:
    text = m365d.M365D.protocol_connections("print", protocol="445", start=START, end=END)
    assert "DeviceNetworkEvents" in text and 'RemotePort == toint("445")' in text

    text = m365d.M365D.process_cmd_line(
        "print", cmd_line=["mimikatz", "sekurlsa"], start=START, end=END
    )
    assert "DeviceProcessEvents" in text
    assert "ProcessCommandLine has_any ('mimikatz', 'sekurlsa')" in text

    text = m365d.M365D.user_network(
        "print", account_name="alice", start=START, end=END, time_column="TimeGenerated"
    )
    assert "DeviceNetworkEvents" in text and "Timestamp" not in text
    assert "TimeGenerated >= datetime(2024-05-06T00:00:00+00:00)" in text
    assert 'InitiatingProcessAccountName contains "alice"' in text


def test_identity_logons(m365d: QueryProvider) -> None:
    text = m365d.IdentityOnPrem.logons_for_ip("print", ip_address="10.1.2.3", start=START, end=END)
    assert text.strip().startswith("IdentityLogonEvents |")
    assert 'IPAddress == "10.1.2.3"' in text and EVENT_RANGE in text


def test_hunting_names_share_one_query(m365d: QueryProvider, sentinel: QueryProvider) -> None:
    for provider in (m365d, sentinel):
        mde = provider.MDEHunting.uncommon_powershell(
            "print", hostname="pc1", timestamp="2024-05-06T10:00:00Z"
        )
        m365 = provider.M365DHunting.uncommon_powershell(
            "print", host_name="pc1", timestamp="2024-05-06T10:00:00Z"
        )
        assert mde == m365
        assert 'let target_device = "pc1";' in mde
        assert 'todatetime("2024-05-06T10:00:00Z")' in mde
        assert "(pivot_time - 5min) .. (pivot_time + 10min)" in mde
    text = m365d.M365DHunting.smb_discovery("print")
    assert "RemotePort == 445" in text and "Timestamp > ago(7d)" in text


def test_sentinel_lists_the_same_defender_queries(
    m365d: QueryProvider, sentinel: QueryProvider
) -> None:
    families = ("M365D.", "IdentityOnPrem.", "M365DHunting.", "MDEHunting.")
    ours = {q for q in m365d.list_queries() if q.startswith(families)}
    assert len(ours) == 73
    assert ours <= set(sentinel.list_queries())


@pytest.mark.parametrize(
    ("family", "name", "param", "extra"),
    [
        ("M365D", "host_alerts", "host_name", {}),
        ("M365D", "mailbox_alerts", "mailbox", {}),
        ("M365D", "list_file_events_for_hash", "file_hash", {}),
        ("M365D", "list_file_events_for_host", "host_name", {}),
        ("M365D", "ip_connections", "ip_address", {}),
        ("M365D", "protocol_connections", "protocol", {}),
        ("M365D", "user_files", "account_name", {}),
        ("IdentityOnPrem", "logons_for_account", "account_name", {}),
        ("M365DHunting", "uncommon_powershell", "host_name", {"timestamp": "2024-05-06"}),
        ("MDEHunting", "uncommon_powershell", "timestamp", {"host_name": "pc1"}),
    ],
)
def test_hostile_value_stays_in_its_literal(
    m365d: QueryProvider, family: str, name: str, param: str, extra: dict
) -> None:
    call = getattr(getattr(m365d, family), name)
    if family in ("M365D", "IdentityOnPrem"):
        extra = {**extra, "start": START, "end": END}
    _assert_held_in_literals(call, param, **extra)
