"""The auditd result frame: the one-constructor path equals msticpy's merge plumbing."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from msticpy.transform import auditdextract

NAN = float("nan")


def _general(monkeypatch: pytest.MonkeyPatch, *args: Any) -> pd.DataFrame:
    with monkeypatch.context() as patched:
        patched.setattr(auditdextract, "_direct_frame", lambda *a: None)
        return auditdextract._assemble(*args)


def _columns(rows: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    text = [rng.choice(["a", "", None, "x y"]) for _ in range(rows)]
    mixed = [rng.choice([1, None, NAN, "s"]) for _ in range(rows)]
    return {
        "pid": np.arange(rows, dtype="<i8"),
        "ratio": np.array([rng.random() for _ in range(rows)]),
        "gone": np.full(rows, np.nan),  # all empty: dropped
        "text": text,
        "nones": [None] * rows,  # dropped
        "nans": [NAN] * rows,  # dropped (one shared NaN object, as the extension sends)
        "mostly": [None] * (rows - 1) + [NAN],  # dropped
        "late": [None] * (rows - 1) + ["z"],  # kept
        "after_nan": [*([NAN, None] * rows)[: rows - 1], "v"],  # kept
        "mixed": mixed,
        "TimeGenerated": ["field named like the output column"] * rows,  # replaced
    }


@pytest.mark.parametrize("rows", [1, 3, 200])
@pytest.mark.parametrize("extra", [[], ["mssg_id"], ["mssg_id", "Computer", "Empty"], None])
def test_direct_frame_equals_the_merge_path(
    monkeypatch: pytest.MonkeyPatch, rows: int, extra: list[str]
) -> None:
    index = pd.Index(np.arange(rows, dtype="int64") * 3 + 7)
    source = pd.DataFrame(
        {
            "mssg_id": [f"{i}.0:{i}" for i in range(rows)],
            "Computer": ["host"] * rows,
            "Empty": [None] * rows,
        },
        index=index,
    )
    # None: the dict form read_from_file passes (lists in row order, never realigned).
    other: Any = source[extra] if extra is not None else {"mssg_id": source["mssg_id"].tolist()}
    types = [random.Random(rows).choice(["EXECVE", "LOGIN"]) for _ in range(rows)]
    stamps = (np.arange(rows, dtype="<i8") * 10**9).view("datetime64[ns]")
    args = (_columns(rows, rows), index, types, other, stamps)
    assert auditdextract._direct_frame(*args[:4], stamps) is not None
    direct = auditdextract._assemble(*args)
    general = _general(monkeypatch, *args)
    pd.testing.assert_frame_equal(direct, general, check_exact=True)
    assert list(direct.columns) == list(general.columns)
    assert direct.columns.dtype == general.columns.dtype
    assert "gone" not in direct and "late" in direct and "mostly" not in direct
    assert "after_nan" in direct and "nans" not in direct


def test_merge_path_still_runs_where_merges_do_more(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"pid": np.array([1, 2], dtype="<i8")}
    stamps = np.zeros(2, dtype="<i8").view("datetime64[ns]")
    dup = pd.Index([5, 5])  # duplicate labels: the merges multiply rows
    other = pd.DataFrame({"mssg_id": ["a", "b"]}, index=dup)
    assert auditdextract._direct_frame(data, dup, ["X", "Y"], other, stamps) is None
    index = pd.Index([0, 1])
    clash = pd.DataFrame({"pid": ["a", "b"]}, index=index)  # merge suffixes _x, _y
    assert auditdextract._direct_frame(data, index, ["X", "Y"], clash, stamps) is None
    frame = auditdextract._assemble(data, index, ["X", "Y"], clash, stamps)
    assert list(frame.columns) == ["pid_x", "EventType", "pid_y", "TimeGenerated"]
    rows = pd.DataFrame({"mssg_id": ["a", "b", "c"]}, index=[1, 0, 2])  # other rows
    assert auditdextract._direct_frame(data, index, ["X", "Y"], rows, stamps) is None
    frame = auditdextract._assemble(data, index, ["X", "Y"], rows, stamps)
    assert frame["mssg_id"].tolist() == ["b", "a"]


def test_read_and_frame_forms_agree_with_the_merge_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        "type=SYSCALL msg=audit(1700000000.123:10): arch=c000003e syscall=59 success=yes "
        'exit=0 ppid=10 pid=11 uid=0 comm="ls" exe="/bin/ls" key=(null)',
        'type=EXECVE msg=audit(1700000000.123:10): argc=2 a0="ls" a1=2D6C61',
        "type=LOGIN msg=audit(1700000002.000:12): pid=5 uid=0 old-auid=4294967295 auid=0",
        'type=CWD msg=audit(1700000000.123:10): cwd="/root"',
    ]
    log = tmp_path / "audit.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = pd.DataFrame(
        {"AuditdMessage": lines, "Computer": ["h"] * 4, "TimeGenerated": ["t"] * 4},
        index=[3, 8, 9, 20],
    )
    alone = source[["AuditdMessage"]]  # message ids passed as a list, not a frame
    unordered = source.set_axis([9, 3, 8, 20])  # merge path: labels not ascending
    direct_file = auditdextract.read_from_file(str(log))
    direct_frames = [auditdextract.extract_events_to_df(df) for df in (source, alone, unordered)]
    monkeypatch.setattr(auditdextract, "_direct_frame", lambda *a: None)
    pd.testing.assert_frame_equal(direct_file, auditdextract.read_from_file(str(log)))
    for frame, df in zip(direct_frames, (source, alone, unordered)):
        pd.testing.assert_frame_equal(frame, auditdextract.extract_events_to_df(df))
    assert "Computer" not in direct_frames[1] and "mssg_id" in direct_frames[1]
