"""
Deterministic process-creation events for process-tree tests and benchmarks (stdlib only).

Windows 4688 rows (``SecurityEvent`` columns) and Linux auditd ``SYSCALL_EXECVE`` rows
(the columns ``auditdextract`` produces), as lists of dicts so the same generator serves
both interpreters (ours and the reference msticpy). The generated streams contain what
makes tree building hard:

- process trees several levels deep on a few hosts, each host rooted in processes whose
  parents are not in the data (orphans -> inferred parents);
- PID reuse: a PID is recycled for a later, unrelated process, so a child must be
  matched to the latest parent created at or before it, not to any process with its PPID;
- children created at exactly the parent's timestamp, and siblings sharing a timestamp;
- a few non-process events (other EventIDs / EventTypes) that must be filtered out,
  and a few exact duplicate rows that must be dropped.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

WIN_EXES = [
    "C:\\Windows\\System32\\cmd.exe",
    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    "C:\\Windows\\System32\\svchost.exe",
    "C:\\Windows\\System32\\conhost.exe",
    "C:\\Windows\\System32\\net.exe",
    "C:\\Windows\\System32\\whoami.exe",
    "C:\\Windows\\System32\\rundll32.exe",
    "C:\\Program Files\\Contoso\\agent.exe",
    "C:\\Windows\\explorer.exe",
    "C:\\Windows\\System32\\taskhostw.exe",
]
WIN_ROOTS = ["C:\\Windows\\System32\\services.exe", "C:\\Windows\\System32\\wininit.exe", ""]
LX_EXES = [
    "/bin/bash",
    "/usr/bin/curl",
    "/usr/bin/python3",
    "/usr/bin/ssh",
    "/bin/ls",
    "/usr/bin/sudo",
    "/usr/sbin/cron",
    "/bin/sh",
    "/usr/bin/wget",
    "/usr/bin/tar",
]
HOSTS = ["host-a", "host-b", "host-c"]
USERS = ["alice", "bob", "SYSTEM", "svc_web"]
BASE_TIME = datetime(2024, 3, 1, 8, 0, 0, tzinfo=timezone.utc)


class _PidPool:
    """Hands out PIDs per host, recycling old ones now and then (PID reuse)."""

    def __init__(self, rng: random.Random, reuse: float) -> None:
        self.rng = rng
        self.reuse = reuse
        self.used: dict[str, list[int]] = {}

    def take(self, host: str) -> int:
        used = self.used.setdefault(host, [])
        if used and self.rng.random() < self.reuse:
            return self.rng.choice(used)
        pid = self.rng.randint(300, 60000)
        used.append(pid)
        return pid


def _times(rng: random.Random, n: int) -> list[datetime]:
    """Non-decreasing event times with frequent exact ties and microsecond detail."""
    out = []
    current = BASE_TIME
    for _ in range(n):
        step = rng.random()
        if step < 0.15:
            delta = timedelta(0)  # same timestamp as the previous event
        elif step < 0.6:
            delta = timedelta(microseconds=rng.randint(1, 999_999))
        else:
            delta = timedelta(seconds=rng.randint(1, 30), microseconds=rng.randint(0, 999_999))
        current = current + delta
        out.append(current)
    return out


def generate_events(
    n_events: int, seed: int = 6, os_family: str = "windows", reuse: float = 0.05
) -> list[dict[str, Any]]:
    """
    Return ``n_events`` process-creation rows (plus noise rows) in a shuffled order.

    Parameters
    ----------
    n_events : int
        Number of process-creation events to generate.
    seed : int
        Random seed: equal seeds give equal output.
    os_family : str
        ``"windows"`` (4688 rows) or ``"linux"`` (auditd ``SYSCALL_EXECVE`` rows).
    reuse : float
        Probability that a new process reuses a PID already seen on its host.

    Returns
    -------
    list[dict[str, Any]]
        Rows with ``TimeGenerated`` as an ISO-8601 string (UTC, microseconds).

    """
    rng = random.Random(seed)
    pids = _PidPool(rng, reuse)
    times = _times(rng, n_events)
    live: dict[str, list[tuple[int, str, str]]] = {host: [] for host in HOSTS}
    rows: list[dict[str, Any]] = []
    linux = os_family == "linux"
    for idx, when in enumerate(times):
        host = rng.choice(HOSTS)
        procs = live[host]
        # A root-level process (its parent is not in the data) now and then, or a
        # child of a recent process on the same host.
        if not procs or rng.random() < 0.04:
            ppid = rng.randint(4, 900)
            pname = "" if linux else rng.choice(WIN_ROOTS)
            logon = "0x3e7"
        else:
            ppid, pname, logon = rng.choice(procs[-40:])
        pid = pids.take(host)
        exe = rng.choice(LX_EXES if linux else WIN_EXES)
        if rng.random() < 0.1:
            logon = f"0x{rng.randint(0x10000, 0xFFFFFF):x}"
        procs.append((pid, exe, logon))
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        user = rng.choice(USERS)
        if linux:
            rows.append(_linux_row(rng, host, stamp, exe, pid, ppid, user, idx))
        else:
            rows.append(_windows_row(rng, host, stamp, exe, pid, ppid, pname, user, logon, idx))
    # Noise: other event types and exact duplicates, then shuffle the input order.
    for _ in range(max(1, n_events // 50)):
        noise = dict(rng.choice(rows))
        noise["EventType" if linux else "EventID"] = "SYSCALL_OPEN" if linux else 4624
        rows.append(noise)
    for _ in range(max(1, n_events // 100)):
        rows.append(dict(rng.choice(rows)))
    rng.shuffle(rows)
    return rows


def _windows_row(
    rng: random.Random,
    host: str,
    stamp: str,
    exe: str,
    pid: int,
    ppid: int,
    pname: str,
    user: str,
    logon: str,
    idx: int,
) -> dict[str, Any]:
    target = "0x0" if rng.random() < 0.8 else f"0x{rng.randint(0x1000, 0xFFFF):x}"
    name = exe.rsplit("\\", 1)[-1]
    return {
        "TenantId": "52b1ab41-869e-4138-9e40-2a4457f09bf0",
        "Account": f"CONTOSO\\{user}",
        "EventID": 4688,
        "Computer": host,
        "SubjectUserSid": f"S-1-5-21-{rng.randint(1000, 1010)}",
        "SubjectUserName": user,
        "SubjectDomainName": "CONTOSO",
        "SubjectLogonId": logon,
        "NewProcessId": f"0x{pid:x}",
        "NewProcessName": exe,
        "TokenElevationType": "%%1936",
        "ProcessId": f"0x{ppid:x}",
        "CommandLine": f'"{name}" /c step{idx} {rng.choice(["-q", "/all", "-enc AAAA", ""])}',
        "ParentProcessName": pname,
        "TargetLogonId": target,
        "SourceComputerId": f"src-{host}",
        "TimeGenerated": stamp,
    }


def _linux_row(
    rng: random.Random,
    host: str,
    stamp: str,
    exe: str,
    pid: int,
    ppid: int,
    user: str,
    idx: int,
) -> dict[str, Any]:
    uid = {"alice": 1000, "bob": 1001, "SYSTEM": 0, "svc_web": 33}[user]
    return {
        "TenantId": "52b1ab41-869e-4138-9e40-2a4457f09bf0",
        "Computer": host,
        "audit_user": user,
        "auid": uid,
        "group": "users",
        "gid": uid,
        "effective_user": user,
        "euid": uid,
        "effective_group": "users",
        "egid": uid,
        "user": user,
        "uid": uid,
        "acct": user,
        "EventType": "SYSCALL_EXECVE",
        "exe": exe,
        "pid": pid,
        "ppid": ppid,
        "ses": rng.choice([1, 2, 3, 4294967295]),
        "argc": 2,
        "cmdline": f"{exe.rsplit('/', 1)[-1]} step{idx}",
        "TimeGenerated": stamp,
    }


def shell_chain(n_events: int) -> list[dict[str, Any]]:
    """
    ``n_events`` Linux ``/bin/sh`` executions, each the child of the one before.

    One host, one second apart from 2024-01-01: a tree ``n_events + 1`` levels deep (the
    first parent, PID 1, is inferred), whose paths outgrow a small ``max_path_bytes``.
    """
    start = datetime(2024, 1, 1)
    return [
        {
            "exe": "/bin/sh",
            "pid": 1000 + idx,
            "ppid": 999 + idx if idx else 1,
            "cmdline": "sh",
            "TimeGenerated": start + timedelta(seconds=idx),
            "EventType": "SYSCALL_EXECVE",
            "Computer": "h",
            "ses": 1,
        }
        for idx in range(n_events)
    ]
