"""Native text columns (Arrow buffers) become the same pandas values on every path."""

from __future__ import annotations

import builtins
import sys

import numpy as np
import pandas as pd
import pytest

from msticpy.transform import _proc_tree_frames as frames


def _buffers(values: list[str | None]) -> tuple[bytes, bytes, bytes]:
    data = b"".join(v.encode() for v in values if v is not None)
    ends = np.cumsum([0] + [len(v.encode()) if v is not None else 0 for v in values])
    valid = bytes(int(v is not None) for v in values)
    return data, ends.astype(np.int64).tobytes(), valid


VALUES = ["c:\\a.exe|0x1|2024", None, "Ünïcode|x|y", ""]


def _as_list(result) -> list:
    return [None if pd.isna(v) else v for v in pd.Series(result).tolist()]


def test_arrow_backed_and_object_results_agree(monkeypatch) -> None:
    default = frames.text_values(_buffers(VALUES))
    assert _as_list(default) == VALUES
    monkeypatch.setattr(frames, "_arrow_text_dtype", lambda: None)
    objects = frames.text_values(_buffers(VALUES))
    assert isinstance(objects, np.ndarray) and objects.dtype == object
    assert _as_list(objects) == VALUES
    assert isinstance(objects[1], float)  # NaN, as msticpy's columns hold


def test_without_pyarrow(monkeypatch) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    assert _as_list(frames.text_values(_buffers(VALUES))) == VALUES


@pytest.mark.parametrize("n", [0, 1])
def test_small_columns(n: int) -> None:
    assert _as_list(frames.text_values(_buffers(["x"] * n))) == ["x"] * n


def test_native_arrow_and_buffer_results_agree() -> None:
    """``arrow=True`` (Arrow arrays, no copy) and ``arrow=False`` (byte buffers) agree."""
    from msticpy import _native

    names = ["c:\\a.exe", "c:\\b.exe", "ünï.exe", None]
    pids = ["0x1", "0x2", "0x3", "0x4"]
    parents = ["unknown", "c:\\a.exe", "c:\\b.exe", "c:\\a.exe"]
    ppids = ["0x9", "0x1", "0x2", "0x1"]
    times = np.array([0, 10_000, 20_000, 30_000], dtype=np.int64).tobytes()
    parent_times = np.array([np.iinfo(np.int64).min, 0, 10_000, 0], dtype=np.int64).tobytes()
    args = (names, pids, times, parents, ppids, parent_times)
    as_buffers = _native.proctree_shape(*args, arrow=False)
    as_arrow = _native.proctree_shape(*args, arrow=True)
    assert as_buffers[0] == as_arrow[0]
    for position in (1, 2, 6, 7, 8):
        assert isinstance(as_buffers[position], tuple)
        assert _as_list(frames.text_values(as_buffers[position])) == _as_list(
            frames.text_values(as_arrow[position])
        )
    matched = [
        _native.proctree_match(times, names, pids, ppids, parents, arrow=arrow)
        for arrow in (False, True)
    ]
    assert matched[0][2] == matched[1][2]
    for position in (0, 1):
        assert _as_list(frames.text_values(matched[0][position])) == _as_list(
            frames.text_values(matched[1][position])
        )
    assert _as_list(frames.text_values(matched[1][0])) == [
        "c:\\a.exe",
        "c:\\b.exe",
        "ünï.exe",
        None,
    ]
