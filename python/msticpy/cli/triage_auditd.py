"""
``msticpy triage`` on a Linux audit log: events by type and the commands executed.

An input whose first records look like ``type=<TYPE> msg=audit(<time>:<serial>): ...``
is read with ``auditdextract.read_from_file`` (streamed, with the full command line)
instead of being scanned for IoCs. The report lists the event types, the process
executions (most frequent command lines, who ran them, those started from temporary
directories, failed ones), sudo commands, authentication failures and what the parser
had to skip.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any, TextIO

#: Lines examined to recognise an audit log, and how many must be audit records.
_SNIFF_LINES = 20
_AUDIT_LINE = re.compile(r"^type=\S+ msg=audit\(\d+(?:\.\d+)?:\d+\): ")
#: Directories anyone can write to: executables started there deserve a look.
_TEMP_DIRS = ("/tmp/", "/var/tmp/", "/dev/shm/", "/run/user/")
PROGRESS_MIN_BYTES = 8 * 1024 * 1024


def sample_path() -> str:
    """Path of the bundled sample audit log."""
    from importlib import resources

    return str(resources.files("msticpy") / "resources" / "triage_sample_audit.log")


def looks_like_audit_log(path: str) -> bool:
    """Whether most of the first non-blank lines of ``path`` are audit records."""
    seen = hits = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    continue
                seen += 1
                hits += bool(_AUDIT_LINE.match(line))
                if seen >= _SNIFF_LINES:
                    break
    except OSError:
        return False
    return seen > 0 and hits * 2 > seen


def _clean(value: Any) -> str:
    """A cell as display text (msticpy leaves quote debris from split ``msg='...'``)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip("'\"")


def _column(frame: Any, name: str) -> Any:
    import pandas as pd

    return frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index)


def _counts(values: Any) -> Any:
    """Counts of each value, most frequent first, ties in order of first appearance."""
    # pandas 3's value_counts orders ties this way; pandas 2's sort does not (unstable).
    return values.value_counts(sort=False).sort_values(ascending=False, kind="stable")


def _pair_counts(frame: Any, first: str, second: str, top: int) -> tuple[list[Any], int]:
    """The ``top`` most frequent (first, second) display-text pairs, and how many exist."""
    import pandas as pd

    # Counted as tuples: joining the two into one string with a NUL separator loses the
    # NUL on object columns (pandas 2's default), where the scalar becomes a numpy string.
    pairs = pd.Series(
        list(zip(_column(frame, first).map(_clean), _column(frame, second).map(_clean))),
        dtype=object,
    )
    counts = _counts(pairs)
    return list(counts.head(top).items()), len(counts)


def summarise(path: str, top: int, progress: bool) -> dict[str, Any]:
    """Read the log and build the report as plain data."""
    import warnings

    from ..transform.auditdextract import read_from_file

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # budgets hit are reported in "status"
        frame = read_from_file(path, full_cmdline=True, progress=progress)
    status = dict(frame.attrs.get("auditd_status", {}))
    types: dict[Any, Any] = dict(_counts(frame["EventType"])) if len(frame) else {}
    execs = frame[frame["EventType"] == "SYSCALL_EXECVE"] if len(frame) else frame
    commands = []
    if len(execs):
        cmd = _column(execs, "cmdline").map(_clean)
        exe = _column(execs, "exe").map(_clean)
        uid = _column(execs, "uid").map(_clean)
        auid = _column(execs, "auid").map(_clean)
        times = execs["TimeGenerated"]
        for line, count in _counts(cmd).head(top).items():
            rows = cmd == line
            commands.append(
                {
                    "cmdline": line,
                    "count": int(count),
                    "exe": sorted(set(exe[rows]))[0] if rows.any() else "",
                    "uids": sorted(set(uid[rows])),
                    "auids": sorted(set(auid[rows])),
                    "first_seen": str(times[rows].min()),
                }
            )
        temp = sorted({e for e in exe if e.startswith(_TEMP_DIRS)})
        success = _column(execs, "success").map(_clean)
        failed = int((success == "no").sum())
        distinct = int(cmd.nunique())
    else:
        temp, failed, distinct = [], 0, 0
    sudo: list[dict[str, Any]] = []
    sudo_distinct = auth_distinct = 0
    user_cmd = frame[frame["EventType"] == "USER_CMD"] if len(frame) else frame
    if len(user_cmd):
        pairs, sudo_distinct = _pair_counts(user_cmd, "cmd", "uid", top)
        for (cmd_text, uid_text), count in pairs:
            sudo.append({"cmd": cmd_text, "uid": uid_text, "count": int(count)})
    auth_failures: list[dict[str, Any]] = []
    if len(frame) and "res" in frame:
        auth = frame[frame["EventType"].isin(["USER_AUTH", "USER_LOGIN", "USER_ACCT"])]
        failed_auth = auth[_column(auth, "res").map(_clean) == "failed"]
        if len(failed_auth):
            pairs, auth_distinct = _pair_counts(failed_auth, "acct", "addr", top)
            for (acct, addr), count in pairs:
                auth_failures.append({"acct": acct, "addr": addr, "count": int(count)})
    more = {
        "commands": max(distinct - len(commands), 0),
        "sudo_commands": sudo_distinct - len(sudo),
        "auth_failures": auth_distinct - len(auth_failures),
    }
    return {
        "input": path,
        "lines": status.get("lines", 0),
        "events": len(frame),
        "event_types": {str(k): int(v) for k, v in types.items()},
        "commands": {
            "total": len(execs),
            "distinct": distinct,
            "failed": failed,
            "top": commands,
            "from_temp_dirs": temp,
        },
        "sudo_commands": sudo,
        "auth_failures": auth_failures,
        "status": {k: v for k, v in status.items() if k not in ("lines", "events") and v},
        "more": more,
        "truncated": any(more.values()),
    }


def _more(report: dict[str, Any], section: str, out: TextIO) -> None:
    """Say how many values of ``section`` the ``--top`` limit left out."""
    if report["more"][section]:
        out.write(f"            ... and {report['more'][section]} more\n")


def report_text(report: dict[str, Any], out: TextIO) -> None:
    """Human-readable report."""
    out.write(f"Audit log triage of {report['input']}\n")
    out.write(f"{report['lines']} lines, {report['events']} events\n\n")
    out.write("Event types:\n")
    for name, count in report["event_types"].items():
        out.write(f"    {count:>8}  {name}\n")
    cmds = report["commands"]
    out.write(
        f"\nExecuted commands: {cmds['total']} process starts, {cmds['distinct']} distinct "
        f"command lines, {cmds['failed']} failed\n"
    )
    for item in cmds["top"]:
        who = ",".join(item["uids"])
        out.write(f"    {item['count']:>6}  uid={who:<10} {item['cmdline']}\n")
    _more(report, "commands", out)
    if cmds["from_temp_dirs"]:
        out.write("\nExecutables started from temporary directories:\n")
        for exe in cmds["from_temp_dirs"]:
            out.write(f"    {exe}\n")
    if report["sudo_commands"]:
        out.write("\nsudo commands:\n")
        for item in report["sudo_commands"]:
            out.write(f"    {item['count']:>6}  uid={item['uid']:<6} {item['cmd']}\n")
        _more(report, "sudo_commands", out)
    if report["auth_failures"]:
        out.write("\nAuthentication failures:\n")
        for item in report["auth_failures"]:
            out.write(f"    {item['count']:>6}  acct={item['acct']} addr={item['addr']}\n")
        _more(report, "auth_failures", out)
    if report["status"]:
        skipped = ", ".join(f"{k}={v}" for k, v in report["status"].items())
        out.write(f"\nparser notes (skipped or degraded input): {skipped}\n")


def run_audit_triage(path: str, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``msticpy triage`` for an audit log."""
    size = os.path.getsize(path)
    show = args.progress == "always" or (
        args.progress == "auto" and size >= PROGRESS_MIN_BYTES and err.isatty()
    )
    if err is not sys.stderr:
        show = False  # the library's bar writes to sys.stderr
    report = summarise(path, args.top, show)
    if args.json:
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        report_text(report, out)
    return 0
