"""
Seeded generator of Linux audit logs for the auditd parity tests.

``generate_audit_log(seed, n_events)`` returns the lines of a log covering every record
type msticpy 3.0.2 treats specially (``SYSCALL`` + ``EXECVE`` + ``CWD`` + ``PATH`` +
``PROCTITLE`` process starts, ``LOGIN``, ``USER_START``, ``USER_END``, ``CRED_DISP``,
``USER_ACCT``, ``CRED_ACQ``, ``USER_CMD``) and others it merges raw (``USER_AUTH``,
``USER_LOGIN``, ``CONFIG_CHANGE``, ``SERVICE_START``, ``ANOM_ABEND``, ``AVC``,
``SYSCALL`` without ``EXECVE``), with the quirks real logs have: hex-encoded values
(valid, odd length, not UTF-8), unquoted and quoted arguments, ``argc`` above and below
three, missing typed fields, ``4294967295`` ids, ``key=(null)``, tokens without ``=``,
double spaces, ENRICHED ``\\x1d`` tails, several serials in one millisecond, and
records of neighbouring events interleaved. Every line has a message id, a type and a
body, so msticpy can read the whole log (``hostile_lines`` lists the lines it cannot).
"""

from __future__ import annotations

import random

EXES = [
    "/usr/bin/curl",
    "/bin/bash",
    "/usr/bin/python3",
    "/usr/bin/ssh",
    "/bin/ls",
    "/usr/sbin/iptables",
]
ARGS = [
    "-la",
    "-O",
    "http://198.51.100.7/x.sh",
    "/etc/passwd",
    "-c",
    "echo hi",
    "x y",
    "naïve",
    'a"b',
]
USERS = ["root", "alice", "bob", "www-data"]


def _hex(text: str) -> str:
    return text.encode("utf-8").hex().upper()


def _arg(rng: random.Random, i: int, value: str) -> str:
    # The kernel hex-encodes values with spaces, quotes or non-ASCII; sometimes do it
    # for plain values too, and sometimes write broken hex.
    roll = rng.random()
    if roll < 0.05:
        return f"a{i}={rng.choice(['414', 'ZZ', 'FFFE41', 'c000003e'])}"
    if roll < 0.10:
        return f"a{i}=(null)"
    if any(c in value for c in ' "') or not value.isascii() or roll < 0.3:
        return f"a{i}={_hex(value)}"
    return f'a{i}="{value}"'


def rng_ids(n: int) -> int:
    """Ids get the unset value now and then."""
    return 4294967295 if n % 7 == 0 else n % 5000


def _process(rng: random.Random, mid: str) -> list[str]:
    exe = rng.choice(EXES)
    argv = [exe.rsplit("/", 1)[-1]] + [rng.choice(ARGS) for _ in range(rng.randint(0, 6))]
    uid = rng.choice([0, 1000, 33, 4294967295])
    syscall = (
        f"type=SYSCALL msg=audit({mid}): arch=c000003e syscall=59 "
        f"success={rng.choice(['yes', 'no'])} exit=0 a0=55d a1=55e a2=55f a3=0 items=2 "
        f"ppid={rng.randint(1, 40000)} pid={rng.randint(1, 40000)} auid={uid} uid={uid} "
        f"gid={uid} euid={uid} suid={uid} fsuid={uid} egid={uid} sgid={uid} fsgid={uid} "
        f'tty=pts0 ses={rng_ids(rng.randint(1, 99))} comm="{argv[0]}" exe="{exe}" '
    )
    syscall += rng.choice(
        ["key=(null)", 'key="exec"', 'key=(null)\x1dARCH=x86_64 SYSCALL=execve AUID="root"']
    )
    if rng.random() < 0.05:
        syscall = syscall.replace(f" gid={uid}", "")  # typed extraction stops at gid
    argc = len(argv) if rng.random() < 0.9 else len(argv) + rng.randint(1, 3)
    execve = f"type=EXECVE msg=audit({mid}): argc={argc} " + " ".join(
        _arg(rng, i, a) for i, a in enumerate(argv)
    )
    if rng.random() < 0.05:
        execve = execve.replace("  ", " ") + "  stray"
    lines = [syscall, execve]
    if rng.random() < 0.9:
        cwd = rng.choice(["/root", "/home/alice", "/tmp/with space", "/"])
        cwd_val = _hex(cwd) if " " in cwd else f'"{cwd}"'
        lines.append(f"type=CWD msg=audit({mid}): cwd={cwd_val}")
    lines.append(
        f'type=PATH msg=audit({mid}): item=0 name="{exe}" inode={rng.randint(1, 10**6)} '
        "dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0"
    )
    if rng.random() < 0.85:
        title = "\0".join(argv)
        value = _hex(title) if rng.random() < 0.9 else f'"{argv[0]}"'
        if rng.random() < 0.05:
            value = "ABC"
        lines.append(f"type=PROCTITLE msg=audit({mid}): proctitle={value}")
    return lines


def _pam(rng: random.Random, mid: str, kind: str) -> list[str]:
    user = rng.choice(USERS)
    pid = rng.randint(1, 40000)
    uid = rng.choice([0, 1000, 4294967295])
    ses = rng_ids(rng.randint(0, 99))
    op = {
        "USER_ACCT": "PAM:accounting",
        "CRED_ACQ": "PAM:setcred",
        "CRED_DISP": "PAM:setcred",
        "USER_START": "PAM:session_open",
        "USER_END": "PAM:session_close",
        "USER_AUTH": "PAM:authentication",
        "USER_LOGIN": "login",
    }[kind]
    tail = (
        f'msg=\'op={op} grantors=pam_unix acct="{user}" exe="/usr/sbin/sshd" '
        f"hostname={rng.choice(['?', '203.0.113.9'])} addr={rng.choice(['?', '203.0.113.9'])} "
        f"terminal={rng.choice(['ssh', 'cron', '/dev/pts/0'])} "
        f"res={rng.choice(['success', 'failed'])}'"
    )
    if rng.random() < 0.1:
        tail = tail.replace(" hostname=?", "")  # typed extraction stops at hostname
    return [f"type={kind} msg=audit({mid}): pid={pid} uid={uid} auid={uid} ses={ses} {tail}"]


def _other(rng: random.Random, mid: str, kind: str) -> list[str]:
    pid = rng.randint(1, 40000)
    if kind == "LOGIN":
        return [
            f"type=LOGIN msg=audit({mid}): pid={pid} uid=0 subj=unconfined old-auid=4294967295 "
            f"auid=0 tty=(none) old-ses=4294967295 ses={rng.randint(1, 99)} res=1"
        ]
    if kind == "USER_CMD":
        cmd = rng.choice(["systemctl restart nginx", "cat /etc/shadow", "id"])
        value = _hex(cmd) if rng.random() < 0.8 else rng.choice(['"id"', "414"])
        return [
            f"type=USER_CMD msg=audit({mid}): pid={pid} uid=1000 auid=1000 ses=3 "
            f"msg='cwd=\"/home/alice\" cmd={value} terminal=pts/0 res=success'"
        ]
    if kind == "CONFIG_CHANGE":
        return [
            f"type=CONFIG_CHANGE msg=audit({mid}): auid=4294967295 ses=4294967295 "
            f'op=add_rule key="exec" list=4 res=1'
        ]
    if kind == "SERVICE_START":
        return [
            f"type=SERVICE_START msg=audit({mid}): pid=1 uid=0 auid=4294967295 ses=4294967295 "
            f'msg=\'unit=nginx comm="systemd" exe="/usr/lib/systemd/systemd" '
            "hostname=? res=success'"
        ]
    if kind == "AVC":
        return [
            f'type=AVC msg=audit({mid}): avc:  denied  {{ read }} for  pid={pid} comm="httpd" '
            f'name="index.html" scontext=system_u:system_r:httpd_t:s0 tclass=file permissive=0'
        ]
    if kind == "ANOM_ABEND":
        return [
            f"type=ANOM_ABEND msg=audit({mid}): auid=1000 uid=1000 gid=1000 ses=2 pid={pid} "
            f'comm="crash" exe="/usr/bin/crash" sig=11 res=1 flag'
        ]
    # SYSCALL without EXECVE (file access), with its PATH records merged raw.
    return [
        f"type=SYSCALL msg=audit({mid}): arch=c000003e syscall=2 success=no exit=-13 items=1 "
        f"ppid=1 pid={pid} auid=1000 uid=1000 gid=1000 euid=1000 egid=1000 ses=2 "
        f'comm="cat" exe="/usr/bin/cat" key="shadow"',
        f'type=CWD msg=audit({mid}): cwd="/home/bob"',
        f'type=PATH msg=audit({mid}): item=0 name="/etc/shadow" inode=5 nametype=NORMAL',
    ]


KINDS = ["exec"] * 6 + [
    "USER_ACCT",
    "CRED_ACQ",
    "CRED_DISP",
    "USER_START",
    "USER_END",
    "USER_AUTH",
    "USER_LOGIN",
    "LOGIN",
    "USER_CMD",
    "CONFIG_CHANGE",
    "SERVICE_START",
    "AVC",
    "ANOM_ABEND",
    "file",
]


def generate_events(seed: int, n_events: int) -> list[list[str]]:
    """The records of ``n_events`` events, one list of lines per event."""
    rng = random.Random(seed)
    t0 = 1_700_000_000 + seed * 100_000
    events: list[list[str]] = []
    clock = 0
    for serial in range(n_events):
        if rng.random() > 0.1:  # sometimes several serials share one millisecond
            clock += rng.randint(1, 2500)
        mid = f"{t0 + clock // 1000}.{clock % 1000:03d}:{1000 + serial}"
        kind = rng.choice(KINDS)
        if kind == "exec":
            events.append(_process(rng, mid))
        elif kind in (
            "USER_ACCT",
            "CRED_ACQ",
            "CRED_DISP",
            "USER_START",
            "USER_END",
            "USER_AUTH",
            "USER_LOGIN",
        ):
            events.append(_pam(rng, mid, kind))
        else:
            events.append(_other(rng, mid, kind))
    return events


def generate_audit_log(seed: int, n_events: int) -> list[str]:
    """Lines of a log: events in order, records of neighbours sometimes interleaved."""
    rng = random.Random(seed + 1)
    lines: list[str] = []
    pending: list[str] = []
    for event in generate_events(seed, n_events):
        if pending and rng.random() < 0.3:
            # Interleave: the previous event's tail arrives after this event's head.
            lines.extend(event[:1])
            lines.extend(pending)
            lines.extend(event[1:])
            pending = []
            continue
        lines.extend(pending)
        pending = []
        if len(event) > 2 and rng.random() < 0.2:
            lines.extend(event[:2])
            pending = event[2:]
        else:
            lines.extend(event)
    lines.extend(pending)
    return lines


def hostile_lines(seed: int) -> list[str]:
    """Lines msticpy cannot read (it fails the whole call): our parser skips them."""
    rng = random.Random(seed)
    return [
        "garbage without any id",
        "type=SYSCALL no separator msg=audit(1700000000.001:1)",
        "node=host1 type=USER_ACCT msg=audit(1699999999.999:9): pid=1 uid=0",
        "type=SYSCALL msg=audit(): a=b",
        "----",
        "type=EXECVE msg=audit(1699999998.5:2): argc=2 a0=" + "41" * rng.randint(600_000, 700_000),
    ]


def to_records(event_lines: list[str]) -> list[dict[str, list[str]]]:
    """The Log Analytics list-of-dicts form of one event's lines."""
    out = []
    for line in event_lines:
        header, _, rest = line.partition(": ")
        msg_type = header.split(" ", 1)[0].removeprefix("type=")
        out.append({msg_type: rest.split(": ")[0].split(" ")})
    return out


def message_id(event_lines: list[str]) -> str:
    """The ``time:serial`` id of an event."""
    return event_lines[0].split("msg=audit(", 1)[1].split(")", 1)[0]
