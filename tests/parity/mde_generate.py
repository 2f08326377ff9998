"""
Deterministic Microsoft Defender ``DeviceProcessEvents`` rows (stdlib only).

Each row describes a created process (``FileName``, ``FolderPath``, ``ProcessId``,
``ProcessCreationTime``...), its initiating (parent) process (``InitiatingProcess*``) and
that one's parent (``InitiatingProcessParent*``), as Defender reports them. Parents are
usually earlier rows on the same host; now and then a process is started by a parent
that is not in the data (its grandparent neither), so the builder has to infer both from
the child's fields. PIDs are reused, some children share their parent's timestamp, and a
few rows have another ``ActionType``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

EXES = [
    "C:\\Windows\\System32\\cmd.exe",
    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    "C:\\Windows\\System32\\svchost.exe",
    "C:\\Windows\\System32\\conhost.exe",
    "C:\\Windows\\System32\\net.exe",
    "C:\\Windows\\System32\\whoami.exe",
    "C:\\Program Files\\Contoso\\agent.exe",
    "C:\\Windows\\explorer.exe",
]
ROOTS = ["C:\\Windows\\System32\\services.exe", "C:\\Windows\\System32\\wininit.exe"]
HOSTS = ["wks-1.contoso.com", "srv-2.contoso.com"]
USERS = ["alice", "bob", "system"]
BASE = datetime(2024, 5, 1, 9, 0, 0, tzinfo=timezone.utc)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _proc(rng: random.Random, path: str, pid: int, when: datetime, user: str) -> dict[str, Any]:
    return {"path": path, "pid": pid, "time": when, "user": user, "logon": rng.randint(1, 9999)}


def generate_mde_events(n_events: int, seed: int = 7) -> list[dict[str, Any]]:
    """
    Return ``n_events`` ``DeviceProcessEvents`` rows in a shuffled order.

    Parameters
    ----------
    n_events : int
        Number of rows.
    seed : int
        Random seed: equal seeds give equal output.

    Returns
    -------
    list[dict[str, Any]]
        Rows with times as ISO-8601 strings (UTC, microseconds).

    """
    rng = random.Random(seed)
    live: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {h: [] for h in HOSTS}
    used_pids: dict[str, list[int]] = {h: [] for h in HOSTS}
    rows = []
    when = BASE
    for idx in range(n_events):
        when += timedelta(microseconds=rng.choice([0, rng.randint(1, 900_000), 2_500_000]))
        host = rng.choice(HOSTS)
        if not live[host] or rng.random() < 0.06:
            grand = _proc(
                rng, rng.choice(ROOTS), rng.randint(4, 700), BASE - timedelta(1), "system"
            )
            parent = _proc(
                rng,
                rng.choice(ROOTS + EXES),
                rng.randint(700, 4000),
                BASE - timedelta(0.5),
                "system",
            )
        else:
            parent, grand = rng.choice(live[host][-30:])
        if used_pids[host] and rng.random() < 0.1:
            pid = rng.choice(used_pids[host])
        else:
            pid = rng.randint(1000, 40000)
            used_pids[host].append(pid)
        child = _proc(
            rng,
            rng.choice(EXES),
            pid,
            when if rng.random() > 0.1 else parent["time"],
            rng.choice(USERS),
        )
        live[host].append((child, parent))
        name = child["path"].rsplit("\\", 1)[-1]
        rows.append(
            {
                "TenantId": "52b1ab41-869e-4138-9e40-2a4457f09bf0",
                "Timestamp": _iso(child["time"]),
                "DeviceId": f"dev-{host[:5]}",
                "DeviceName": host,
                "ActionType": "ProcessCreated" if rng.random() > 0.02 else "ProcessTampered",
                "FileName": name,
                "FolderPath": child["path"],
                "SHA1": f"{rng.getrandbits(160):040x}",
                "MD5": f"{rng.getrandbits(128):032x}",
                "ProcessId": child["pid"],
                "ProcessCommandLine": f'"{name}" /step {idx}',
                "ProcessIntegrityLevel": "High",
                "ProcessTokenElevation": "TokenElevationTypeDefault",
                "ProcessCreationTime": _iso(child["time"]),
                "AccountDomain": "contoso",
                "AccountName": child["user"],
                "AccountSid": f"S-1-5-21-{USERS.index(child['user'])}",
                "LogonId": child["logon"],
                "InitiatingProcessAccountDomain": "contoso",
                "InitiatingProcessAccountName": parent["user"],
                "InitiatingProcessAccountSid": f"S-1-5-21-{USERS.index(parent['user'])}",
                "InitiatingProcessLogonId": parent["logon"],
                "InitiatingProcessIntegrityLevel": "System",
                "InitiatingProcessTokenElevation": "TokenElevationTypeDefault",
                "InitiatingProcessSHA1": f"{rng.getrandbits(160):040x}",
                "InitiatingProcessMD5": f"{rng.getrandbits(128):032x}",
                "InitiatingProcessFileName": parent["path"].rsplit("\\", 1)[-1],
                "InitiatingProcessId": parent["pid"],
                "InitiatingProcessCommandLine": f"parent of {idx}",
                "InitiatingProcessCreationTime": _iso(parent["time"]),
                "InitiatingProcessFolderPath": parent["path"],
                "InitiatingProcessParentId": grand["pid"],
                "InitiatingProcessParentFileName": grand["path"].rsplit("\\", 1)[-1],
                "InitiatingProcessParentCreationTime": _iso(grand["time"]),
                "ReportId": idx,
            }
        )
    rng.shuffle(rows)
    return rows
