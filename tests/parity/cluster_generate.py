"""Seeded inputs for the clustering/outlier parity tests."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

WIN_EXES = ["cmd.exe", "powershell.exe", "svchost.exe", "rundll32.exe", "net.exe", "café.exe"]
LX_EXES = ["/usr/bin/curl", "/bin/bash", "/usr/bin/python3", "/usr/sbin/useradd"]
TEMPLATES = [
    "{exe} /c ping -n {n} 10.0.{a}.{b}",
    "{exe} -enc {blob}",
    "{exe} user admin{n} P@ss{a} /add",
    '{exe} "C:\\Program Files\\App{n}\\run.bat" --flag={a}',
    "{exe} | findstr /i {word}; echo $({word})",
    "{exe}\tcopy %TEMP%\\{word}.dll C:\\Windows\\{word}{n}.dll",
    "{exe} ünïcödé → {word} ✓ {n}",
]
WORDS = ["alpha", "beta", "gamma", "delta", "payload", "update"]


def process_events(seed: int, rows: int, linux: bool = False, tz: bool = True) -> dict[str, list]:
    """A column dict of process-creation events (some NaN paths/command lines)."""
    rng = random.Random(seed)
    start = datetime(2024, 3, 1, tzinfo=timezone.utc if tz else None)
    fixed = [(rng.choice(LX_EXES if linux else WIN_EXES), rng.choice(TEMPLATES)) for _ in range(12)]
    cols: dict[str, list[Any]] = {
        "TimeCreatedUtc": [],
        "NewProcessName": [],
        "CommandLine": [],
        "SubjectLogonId": [],
    }
    for i in range(rows):
        exe, template = (
            rng.choice(fixed)
            if rng.random() < 0.85
            else (
                rng.choice(LX_EXES if linux else WIN_EXES),
                rng.choice(TEMPLATES),
            )
        )
        path = exe if linux else "C:\\Windows\\System32\\" + exe
        cmd = template.format(
            exe=exe,
            n=rng.choice([1, 1, 2, rng.randint(0, 99)]),
            a=rng.randint(0, 3),
            b=rng.randint(0, 255),
            blob="".join(rng.choice("ABCDEFabcdef0123456789+/") for _ in range(12)),
            word=rng.choice(WORDS),
        )
        when = start + timedelta(seconds=rng.randint(0, 86_400), milliseconds=rng.randint(0, 999))
        cols["TimeCreatedUtc"].append(when.strftime("%Y-%m-%dT%H:%M:%S.%f") + ("Z" if tz else ""))
        cols["NewProcessName"].append(None if i % 53 == 5 else path)
        cols["CommandLine"].append(None if i % 61 == 7 else cmd)
        cols["SubjectLogonId"].append(rng.choice(["0x3e7", "-1", "0x1a2b", "0x3e4", "0x3e7"]))
    return cols


def dbscan_matrices(seed: int, count: int) -> list[dict[str, Any]]:
    """Matrices with core, border and noise points; half on integer grids (exact ties)."""
    rng = random.Random(seed)
    cases = []
    for k in range(count):
        dims = rng.choice([1, 2, 3, 4, 6])
        n = rng.choice([5, 11, 40, 150, 400])
        if k % 2:
            x = [[float(rng.randint(0, 5)) for _ in range(dims)] for _ in range(n)]
            eps = rng.choice([1.0, 1.5, 2.0])
        else:
            centres = [[rng.uniform(-5, 5) for _ in range(dims)] for _ in range(3)]
            x = []
            for _ in range(n):
                if rng.random() < 0.15:
                    x.append([rng.uniform(-8, 8) for _ in range(dims)])
                else:
                    c = rng.choice(centres)
                    x.append([v + rng.gauss(0, 0.6) for v in c])
            eps = rng.choice([0.3, 0.6, 1.0])
        cases.append({"x": x, "eps": eps, "min_samples": rng.choice([1, 2, 3, 5, 8])})
    return cases


def planted_outliers(seed: int, rows: int, dims: int, planted: int) -> list[list[float]]:
    """Gaussian blobs plus ``planted`` far-away rows at the end."""
    rng = random.Random(seed)
    centres = [[rng.uniform(0, 10) for _ in range(dims)] for _ in range(3)]
    x = []
    for _ in range(rows):
        c = rng.choice(centres)
        x.append([v + rng.gauss(0, 0.5) for v in c])
    for _ in range(planted):
        x.append([rng.choice([-1, 1]) * rng.uniform(20, 30) + 5 for _ in range(dims)])
    return x
