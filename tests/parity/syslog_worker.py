"""
Syslog/cmd_line parity worker: runs the same calls in whichever msticpy it imports.

Run by ``test_syslog_parity.py`` both in the reference interpreter (msticpy 3.0.2) and in
ours, so one script defines the calls for both sides. Reads ``{"cases": [...]}`` as JSON
on stdin; writes ``{"msticpy_version": ..., "results": [...]}``. Each case holds events
(``TimeGenerated`` as ISO strings, ``SyslogMessage``, ``Command``, optional ``User``)
and ``cmd_speed`` arguments; each result holds every function's output as JSON, or the
name of the exception raised.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")


def _iso(value: Any) -> Any:
    return None if value is None else str(value)


def _plain(value: Any) -> Any:
    """An entity as nested JSON, without the creation time (it differs between runs)."""
    if hasattr(value, "properties"):
        return {
            name: _plain(item)
            for name, item in sorted(value.properties.items())
            if name != "TimeGenerated"
        }
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value)


def _call(function: Any) -> Any:
    try:
        return {"ok": function()}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """All four functions on one generated case."""
    import pandas as pd

    from msticpy.analysis import syslog_utils
    from msticpy.transform import cmd_line

    events = pd.DataFrame(case["events"])
    events["TimeGenerated"] = pd.to_datetime(events["TimeGenerated"])
    out: dict[str, Any] = {}

    def sessions() -> Any:
        frame = syslog_utils.cluster_syslog_logons_df(events.copy())
        return [[_iso(v) for v in row] for row in frame[["User", "Start", "End"]].values]

    out["sessions"] = _call(sessions)

    def risky() -> Any:
        found = cmd_line.risky_cmd_line(events.copy(), "Syslog")
        return [[_iso(k), v] for k, v in found.items()]

    out["risky"] = _call(risky)

    def speed() -> Any:
        found = cmd_line.cmd_speed(events.copy(), "Command", **case["speed"])
        result = []
        for item in found:
            ((position, (frame, delta)),) = item.items()
            result.append([position, delta.total_seconds(), frame["index"].tolist()])
        return result

    out["speed"] = _call(speed)

    def sudo() -> Any:
        frame = syslog_utils.cluster_syslog_logons_df(events.copy())
        risky_found = cmd_line.risky_cmd_line(events.copy(), "Syslog")
        bursts = cmd_line.cmd_speed(events.copy(), "Command", **case["speed"])
        flagged = syslog_utils.risky_sudo_sessions(
            frame, risky_actions=risky_found, suspicious_actions=bursts
        )
        return [[int(k), v] for k, v in flagged.items()]

    out["sudo"] = _call(sudo)

    def host() -> Any:
        syslog = events.assign(Computer=case["computer"], ProcessName=case["processes"])
        heartbeat = pd.DataFrame([case["heartbeat"]]) if case["heartbeat"] else None
        record = syslog_utils.create_host_record(syslog, heartbeat)
        return _plain(record)

    out["host"] = _call(host)
    return out


def main() -> int:
    import msticpy

    request = json.load(sys.stdin)
    results = [run_case(case) for case in request["cases"]]
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
