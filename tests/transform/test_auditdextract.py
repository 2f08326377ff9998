"""``msticpy.transform.auditdextract``: API, statuses, limits, streaming and memory."""

from __future__ import annotations

import importlib
import inspect
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from msticpy.common.exceptions import LimitExceededError
from msticpy.common.limits import Limits
from msticpy.transform import auditdextract
from peak_memory import PEAK_RSS_SOURCE

EXEC = [
    "type=SYSCALL msg=audit(1700000000.123:10): arch=c000003e syscall=59 success=yes exit=0 "
    'ppid=10 pid=11 auid=4294967295 uid=0 gid=0 euid=0 egid=0 ses=4294967295 comm="ls" '
    'exe="/bin/ls" key=(null)',
    'type=EXECVE msg=audit(1700000000.123:10): argc=5 a0="ls" a1=2D6C61 a2="/tmp" a3=41 a4="z"',
    'type=CWD msg=audit(1700000000.123:10): cwd="/root"',
    "type=PROCTITLE msg=audit(1700000000.123:10): proctitle=6C73002D6C61",
    "type=USER_CMD msg=audit(1700000001.5:11): pid=1 uid=1000 auid=1000 ses=3 "
    "msg='cwd=\"/home\" cmd=6964 terminal=pts/0 res=success'",
]


def write(tmp_path: Path, lines: list[str], name: str = "audit.log") -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_classic_and_current_paths_are_one_module() -> None:
    import msticpy.sectools as sectools
    import msticpy.transform as transform
    from msticpy.analysis import cluster_auditd

    classic = importlib.import_module("msticpy.sectools.auditdextract")
    assert classic is auditdextract is sectools.auditdextract is transform.auditdextract
    assert auditdextract.cluster_auditd_processes is cluster_auditd.cluster_auditd_processes
    assert auditdextract.cluster_auditd is cluster_auditd


def test_signatures_keep_msticpy_parameters() -> None:
    expected = {
        "unpack_auditd": [("audit_str", inspect.Parameter.empty)],
        "extract_events_to_df": [
            ("data", inspect.Parameter.empty),
            ("input_column", "AuditdMessage"),
            ("event_type", None),
            ("verbose", False),
        ],
        "get_event_subset": [
            ("data", inspect.Parameter.empty),
            ("event_type", inspect.Parameter.empty),
        ],
        "read_from_file": [
            ("filepath", inspect.Parameter.empty),
            ("event_type", None),
            ("verbose", False),
            ("dummy_sep", "\t"),
        ],
        "generate_process_tree": [
            ("audit_data", inspect.Parameter.empty),
            ("branch_depth", 4),
            ("processes", None),
        ],
        "cluster_auditd_processes": [("audit_data", inspect.Parameter.empty), ("app", None)],
    }
    for name, params in expected.items():
        sig = inspect.signature(getattr(auditdextract, name))
        positional = [
            (p.name, p.default) for p in sig.parameters.values() if p.kind != p.KEYWORD_ONLY
        ]
        assert positional == params, name


def test_read_from_file_values(tmp_path: Path) -> None:
    frame = auditdextract.read_from_file(write(tmp_path, EXEC))
    assert list(frame.columns[:5]) == ["terminal", "uid", "EventType", "mssg_id", "TimeGenerated"]
    execve = auditdextract.get_event_subset(frame, "SYSCALL_EXECVE")
    row = execve.iloc[0]
    assert row["cmdline"] == "ls -la /tmp  "  # msticpy: three arguments, then padding
    assert row["proctitle"] == "ls\x00-la"
    assert row["auid"] == -1 and row["ses"] == -1
    assert execve["argc"].dtype == "float64"
    assert str(execve["TimeGenerated"].dtype) == "datetime64[ns, UTC]"
    assert execve["TimeGenerated"].iloc[0] == pd.Timestamp("2023-11-14 22:13:20.123", tz="UTC")
    cmd = auditdextract.get_event_subset(frame, "USER_CMD")
    assert cmd["cmd"].iloc[0] == "id"


def test_full_cmdline_opt_in(tmp_path: Path) -> None:
    path = write(tmp_path, EXEC)
    full = auditdextract.read_from_file(path, full_cmdline=True)
    row = auditdextract.get_event_subset(full, "SYSCALL_EXECVE").iloc[0]
    assert row["cmdline"] == "ls -la /tmp A z"


def test_nothing_on_stdout_and_statuses(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    lines = [
        *EXEC,
        "type=EXECVE msg=audit(1700000002.0:12): argc=2 a0=ZZZZ a1=414",
        "type=SYSCALL msg=audit(1700000002.0:12): success=yes ppid=x pid=2",
        "no id here",
        "type=X msg=audit(nan:3): a=b",
    ]
    frame = auditdextract.read_from_file(write(tmp_path, lines), verbose=True, progress=True)
    out, err = capfd.readouterr()
    assert out == ""
    assert "Complete." in err
    status = frame.attrs["auditd_status"]
    assert status["bad_hex"] == 2
    assert status["bad_int"] == 1
    assert status["no_msg_id"] == 1
    assert status["bad_timestamp"] == 1
    assert frame["TimeGenerated"].isna().sum() == 1


def test_unpack_auditd() -> None:
    out = auditdextract.unpack_auditd(
        [{"EXECVE": ["argc=2", "a0=6C73", 'a1="-l"', "flag"]}, {"CWD": ['cwd="/"']}]
    )
    assert out == {
        "EXECVE": {"argc": "2", "a0": "ls", "a1": "-l", "flag": None},
        "CWD": {"cwd": "/"},
    }
    with pytest.raises(TypeError):
        auditdextract.unpack_auditd([["not a dict"]])  # type: ignore[list-item]
    # Lone surrogates are read lossily; tokens that are not text are ignored.
    odd = auditdextract.unpack_auditd([{"X\udcff": ["k=\udcfe", 5, "j=1"]}])  # type: ignore[list-item]
    ((name, fields),) = odd.items()
    assert name.startswith("X\ufffd") and fields["k"].startswith("\ufffd")
    assert fields["j"] == "1"


def test_long_lines_are_a_budget(tmp_path: Path) -> None:
    lines = [*EXEC, "type=EXECVE msg=audit(5.0:1): argc=1 a0=" + "41" * 600_000]
    path = write(tmp_path, lines)
    with pytest.warns(UserWarning, match="audit_max_line_bytes"):
        frame = auditdextract.read_from_file(path)
    assert frame.attrs["auditd_status"]["too_long"] == 1
    with pytest.raises(LimitExceededError):
        auditdextract.read_from_file(path, limits=Limits(strict=True))
    bigger = Limits(audit_max_line_bytes=2 * 1024 * 1024)
    frame = auditdextract.read_from_file(path, limits=bigger)
    assert frame.attrs["auditd_status"]["too_long"] == 0
    assert (frame["EventType"] == "EXECVE").sum() == 1


def interleave(lines: list[str], rng: random.Random) -> list[str]:
    """A random interleaving of the events' records (each event's records keep their
    order, as the kernel writes them)."""
    by_key: dict[str, list[str]] = {}
    for line in lines:
        by_key.setdefault(line.split("msg=audit(", 1)[1].split(":", 1)[0], []).append(line)
    queues = [list(reversed(q)) for q in by_key.values()]
    out = []
    while queues:
        queue = rng.choice(queues)
        out.append(queue.pop())
        if not queue:
            queues.remove(queue)
    return out


def test_any_interleaving_of_events_gives_the_same_frame(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from parity.auditd_generate import generate_audit_log

    lines = generate_audit_log(5, 300)
    expected = auditdextract.read_from_file(write(tmp_path, lines, "a.log"))
    rng = random.Random(5)
    for _ in range(3):
        shuffled = interleave(lines, rng)
        assert shuffled != lines
        frame = auditdextract.read_from_file(write(tmp_path, shuffled, "b.log"))
        pd.testing.assert_frame_equal(frame, expected)
    # A window of one event splits interleaved events and says so.
    with pytest.warns(UserWarning, match="audit_max_pending_events"):
        small = auditdextract.read_from_file(
            write(tmp_path, shuffled, "b.log"), limits=Limits(audit_max_pending_events=1)
        )
    assert small.attrs["auditd_status"]["late_records"] > 0


def test_frame_forms_accept_any_index_and_keep_input() -> None:
    frame = pd.DataFrame({"AuditdMessage": EXEC, "Computer": "h"}, index=range(10, 15))
    before = frame.copy()
    out = auditdextract.extract_events_to_df(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.index) == [10, 11, 12, 13, 14]
    assert list(out["EventType"]) == ["SYSCALL", "EXECVE", "CWD", "PROCTITLE", "USER_CMD"]
    assert list(out["Computer"]) == ["h"] * 5
    la = pd.DataFrame(
        {
            "AuditdMessage": [[{"SYSCALL": ["pid=3", "success=yes"]}], [], "junk", None],
            "mssg_id": ["12.5:1", "13:1", None, 5],
        }
    )
    out = auditdextract.extract_events_to_df(la)
    assert list(out.index) == [0]
    assert out.attrs["auditd_status"]["empty_events"] == 3


def test_empty_results() -> None:
    out = auditdextract.extract_events_to_df(pd.DataFrame({"AuditdMessage": []}))
    assert len(out) == 0 and "EventType" in out


def test_generate_process_tree_delegates(tmp_path: Path) -> None:
    procs = auditdextract.get_event_subset(
        auditdextract.read_from_file(write(tmp_path, EXEC)), "SYSCALL_EXECVE"
    )
    procs["Computer"] = "host1"  # the Linux schema needs it, as in msticpy
    from msticpy.transform.proc_tree_builder import build_process_tree

    tree = auditdextract.generate_process_tree(procs, 2, None)
    assert tree.equals(build_process_tree(procs))
    assert len(tree) == 2  # ls and its inferred parent


MEMORY_SCRIPT = """
import sys
from msticpy.transform import auditdextract
path, event_type = sys.argv[1], sys.argv[2] or None
frame = auditdextract.read_from_file(path, event_type=event_type)
print(len(frame), frame.attrs["auditd_status"]["lines"], round(peak_rss_mb()))
"""


def test_streaming_memory_is_bounded(tmp_path: Path) -> None:
    # 40 MB of events none of which is kept, plus 24 lines of 1.5 MB: the parser holds
    # a window of events and never a whole huge line.
    path = tmp_path / "big.log"
    event = "\n".join(EXEC[:4]) + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(24):
            fh.write(f"type=EXECVE msg=audit({i}.5:1): a0=" + "41" * 750_000 + "\n")
            fh.write(event.replace("1700000000.123", f"17000{i:05d}.1") * 3000)
    size_mb = path.stat().st_size / 1e6
    assert size_mb > 40
    script = textwrap.dedent(PEAK_RSS_SOURCE) + MEMORY_SCRIPT
    baseline = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(PEAK_RSS_SOURCE) + "import pandas, numpy\n"
            "from msticpy.transform import auditdextract\nprint(round(peak_rss_mb()))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(path), "NO_SUCH_TYPE"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows, lines, peak = map(int, proc.stdout.split())
    assert rows == 0 and lines == 24 * 12001
    assert peak - int(baseline.stdout) < 40, (peak, baseline.stdout, size_mb)
    print(f"peak {peak} MB vs {baseline.stdout.strip()} MB after import, {size_mb:.0f} MB file")


def test_missing_file_raises_like_msticpy(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        auditdextract.read_from_file(str(tmp_path / "missing.log"))
