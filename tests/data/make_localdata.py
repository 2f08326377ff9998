"""
Generate the bundled LocalData sample tables (``python/msticpy/resources/localdata``).

Seeded and deterministic: ``python tests/data/make_localdata.py`` rewrites the same
files. A small Windows/Linux estate with one suspicious story: an encoded PowerShell
run on ``WEBSRV01`` after a burst of failed logons from ``203.0.113.45``, raising an
alert whose entities (host, account, processes, file, IP) point back into the tables.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "python" / "msticpy" / "resources" / "localdata"
TENANT = "52b1ab41-869e-4138-9e40-2a4457f09bf0"
WORKSPACE = "a927809c-8142-43e1-96b3-4ad87cfe95a3"
HOSTS = ["WEBSRV01.contoso.local", "DC01.contoso.local", "WKS-ALICE.contoso.local"]
USERS = ["alice", "bob", "svc_backup", "WEBSRV01$"]
BASE = datetime(2024, 5, 6, 8, 0, 0)
PROCS = [
    ("C:\\Windows\\System32\\svchost.exe", "svchost.exe -k netsvcs"),
    ("C:\\Windows\\System32\\cmd.exe", "cmd.exe /c dir C:\\inetpub"),
    ("C:\\Windows\\System32\\whoami.exe", "whoami /all"),
    ("C:\\Windows\\System32\\net.exe", "net user /domain"),
    ("C:\\Program Files\\Backup\\agent.exe", "agent.exe --run nightly"),
]
ENCODED = "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA="


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _write(name: str, rows: list[dict]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def processes(rng: random.Random) -> list[dict]:
    rows = []
    for i in range(120):
        host = rng.choice(HOSTS)
        user = rng.choice(USERS)
        path, cmd = rng.choice(PROCS)
        if i in (70, 71):
            host = HOSTS[0]
            path, cmd = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", ENCODED
            user = "WEBSRV01$"
        rows.append(
            {
                "TenantId": TENANT,
                "TimeGenerated": _iso(BASE + timedelta(minutes=7 * i)),
                "Computer": host,
                "EventID": 4688,
                "Account": f"CONTOSO\\{user}",
                "SubjectUserName": user,
                "SubjectDomainName": "CONTOSO",
                "SubjectUserSid": f"S-1-5-21-1000-{USERS.index(user) + 1100}",
                "SubjectLogonId": "0x3e7"
                if user.endswith("$")
                else f"0x{rng.randint(0x10000, 0xFFFFF):x}",
                "NewProcessId": f"0x{rng.randint(0x100, 0xFFFF):x}",
                "NewProcessName": path,
                "CommandLine": cmd,
                "TokenElevationType": rng.choice(["%%1936", "%%1937", "%%1938"]),
                "ProcessId": f"0x{rng.randint(0x100, 0xFFFF):x}",
                "ParentProcessName": "C:\\Windows\\System32\\services.exe",
                "SourceComputerId": f"{HOSTS.index(host):08d}-0000-0000-0000-000000000000",
            }
        )
    return rows


def logons(rng: random.Random, failed: bool) -> list[dict]:
    rows = []
    for i in range(60 if failed else 80):
        host = rng.choice(HOSTS)
        ip = rng.choice(["10.0.0.5", "10.0.0.7", "10.0.1.20"])
        if failed and i < 30:
            host, ip = HOSTS[0], "203.0.113.45"
        user = (
            rng.choice(USERS[:3])
            if not failed or i >= 30
            else rng.choice(["admin", "administrator", "root"])
        )
        rows.append(
            {
                "TenantId": TENANT,
                "TimeGenerated": _iso(BASE + timedelta(minutes=(3 if failed else 11) * i)),
                "Computer": host,
                "EventID": 4625 if failed else 4624,
                "Account": f"CONTOSO\\{user}",
                "TargetUserName": user,
                "TargetDomainName": "CONTOSO",
                "TargetUserSid": f"S-1-5-21-1000-{1100 + i % 4}",
                "TargetLogonId": f"0x{rng.randint(0x10000, 0xFFFFF):x}",
                "LogonType": rng.choice([2, 3, 10]),
                "IpAddress": ip,
                "WorkstationName": rng.choice(["WKS-ALICE", "-", "KALI"]),
                "Status": "0xc000006d" if failed else "0x0",
            }
        )
    return rows


def alerts() -> list[dict]:
    host = {
        "$id": "2",
        "HostName": "WEBSRV01",
        "DnsDomain": "contoso.local",
        "OSFamily": "Windows",
        "Type": "host",
    }
    account = {
        "$id": "3",
        "Name": "WEBSRV01$",
        "NTDomain": "CONTOSO",
        "Host": {"$ref": "2"},
        "LogonId": "0x3e7",
        "Sid": "S-1-5-18",
        "Type": "account",
    }
    image = {
        "$id": "4",
        "Directory": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0",
        "Name": "powershell.exe",
        "Type": "file",
    }
    parent = {
        "$id": "5",
        "ProcessId": "0x2a4",
        "CommandLine": "",
        "ImageFile": {
            "$id": "6",
            "Directory": "C:\\Windows\\System32",
            "Name": "services.exe",
            "Type": "file",
        },
        "Host": {"$ref": "2"},
        "Type": "process",
    }
    process = {
        "$id": "7",
        "ProcessId": "0x1f40",
        "CommandLine": ENCODED,
        "CreationTimeUtc": "2024-05-06T16:10:00Z",
        "ImageFile": {"$ref": "4"},
        "Account": {"$ref": "3"},
        "ParentProcess": {"$ref": "5"},
        "Host": {"$ref": "2"},
        "Type": "process",
    }
    address = {"$id": "8", "Address": "203.0.113.45", "Type": "ip"}
    ents = [host, account, image, parent, process, address]
    rows = []
    specs = [
        (
            "Suspicious encoded PowerShell command",
            "High",
            "WEBSRV01",
            ents,
            {
                "Compromised Host": "WEBSRV01",
                "User Name": "CONTOSO\\WEBSRV01$",
                "Suspicious Process": "powershell.exe",
                "IpAddress": "203.0.113.45",
            },
        ),
        (
            "Brute force attempt against local accounts",
            "Medium",
            "WEBSRV01",
            [dict(host), dict(address)],
            {"Failed Attempts": "30", "IpAddress": "203.0.113.45"},
        ),
        (
            "Unusual account enumeration",
            "Low",
            "DC01",
            [
                {"$id": "2", "HostName": "DC01", "DnsDomain": "contoso.local", "Type": "host"},
                {"$id": "3", "Name": "bob", "NTDomain": "CONTOSO", "Type": "account"},
            ],
            {"Command": "net user /domain"},
        ),
    ]
    for i, (name, severity, computer, entities, extended) in enumerate(specs):
        when = BASE + timedelta(hours=8, minutes=10 + 30 * i)
        rows.append(
            {
                "TenantId": TENANT,
                "WorkspaceId": WORKSPACE,
                "TimeGenerated": _iso(when),
                "AlertDisplayName": name,
                "AlertName": name,
                "AlertSeverity": severity,
                "Severity": severity,
                "Description": f"Sample alert: {name.lower()} on {computer}.",
                "ProviderName": "Detection",
                "VendorName": "Microsoft",
                "ProductName": "Microsoft Defender for Cloud",
                "SystemAlertId": f"4b9e5ae8-0000-4000-8000-00000000000{i + 1}",
                "AlertType": ["SUSP_PS_ENC", "BRUTE_FORCE", "ACCT_ENUM"][i],
                "ConfidenceLevel": "Unknown",
                "IsIncident": False,
                "StartTimeUtc": _iso(when - timedelta(minutes=5)),
                "EndTimeUtc": _iso(when),
                "CompromisedEntity": computer,
                "ExtendedProperties": json.dumps(extended),
                "Entities": json.dumps(entities),
                "SourceSystem": "Detection",
                "Type": "SecurityAlert",
            }
        )
    return rows


def syslog(rng: random.Random) -> list[dict]:
    rows = []
    for i in range(60):
        user = rng.choice(["ubuntu", "deploy", "root"])
        kind = i % 3
        message = [
            f"pam_unix(sshd:session): session opened for user {user} by (uid=0)",
            f"Accepted publickey for {user} from 10.0.2.{rng.randint(2, 50)} port 22 ssh2",
            f"pam_unix(sshd:session): session closed for user {user}",
        ][kind]
        rows.append(
            {
                "TenantId": TENANT,
                "TimeGenerated": _iso(BASE + timedelta(minutes=5 * i)),
                "Computer": "linux-web-01",
                "HostName": "linux-web-01",
                "Facility": "authpriv",
                "SeverityLevel": "info",
                "ProcessName": "sshd",
                "SyslogMessage": message,
            }
        )
    return rows


def main() -> None:
    rng = random.Random(20240506)
    OUT.mkdir(parents=True, exist_ok=True)
    _write("processes_on_host.csv", processes(rng))
    _write("host_logons.csv", logons(rng, failed=False))
    _write("failed_logons.csv", logons(rng, failed=True))
    _write("alerts_list.csv", alerts())
    _write("linux_syslog.csv", syslog(rng))


if __name__ == "__main__":
    main()
