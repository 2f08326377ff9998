"""``cluster_auditd_processes`` on auditd process events, against msticpy 3.0.2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CLUSTER_SCRIPT = """
import json, sys, contextlib, io, warnings
warnings.simplefilter("ignore")
from msticpy.transform import auditdextract
from msticpy.analysis.cluster_auditd import cluster_auditd_processes
with contextlib.redirect_stdout(io.StringIO()):
    frame = auditdextract.read_from_file(sys.argv[1])
    procs = auditdextract.get_event_subset(frame, "SYSCALL_EXECVE")
    out = cluster_auditd_processes(procs)
    app = cluster_auditd_processes(procs, app="curl")
print(json.dumps({
    "columns": list(out.columns),
    "rows": sorted(map(str, out[["NewProcessName", "CommandLine", "ClusterSize"]].values.tolist())),
    "app_rows": len(app),
}))
"""


def test_clusters_match_reference(tmp_path: Path) -> None:
    import json
    import subprocess

    from parity.auditd_generate import generate_audit_log
    from parity.conftest import REFERENCE_HINT, default_reference_python, reference_env

    path = tmp_path / "audit.log"
    path.write_text("\n".join(generate_audit_log(21, 400)) + "\n", encoding="utf-8")
    ours = subprocess.run(
        [sys.executable, "-c", CLUSTER_SCRIPT, str(path)], capture_output=True, text=True
    )
    assert ours.returncode == 0, ours.stderr[-2000:]
    mine = json.loads(ours.stdout)
    assert mine["columns"] == [
        "TimeGenerated",
        "NewProcessName",
        "CommandLine",
        "pid",
        "SubjectUserSid",
        "cwd",
        "ClusterSize",
        "ppid",
    ]
    ref_python = default_reference_python()
    if not ref_python.exists():
        pytest.skip(f"reference msticpy 3.0.2 not installed: {REFERENCE_HINT}")
    ref = subprocess.run(
        [str(ref_python), "-c", CLUSTER_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        env=reference_env(),
        cwd=str(tmp_path),
    )
    assert ref.returncode == 0, ref.stderr[-2000:]
    assert mine == json.loads(ref.stdout)
