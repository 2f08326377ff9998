"""IoC extraction on a string stays pandas-free; accessors still appear with pandas."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from msticpy import _post_import
from msticpy.transform import _columns

SAMPLE = "beacon to 10.1.2.3 and hxxp://evil[.]example[.]com/x from bob@example.org"


def _run(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line last."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_string_extraction_never_imports_pandas() -> None:
    out = _run(
        f"""
        import json, sys
        from msticpy.transform.iocextract import IoCExtract
        after_import = "pandas" in sys.modules
        found = IoCExtract().extract(src={SAMPLE!r})
        print(json.dumps({{
            "after_import": after_import,
            "after_call": "pandas" in sys.modules,
            "pyarrow": "pyarrow" in sys.modules,
            "found": {{k: sorted(v) for k, v in found.items()}},
        }}))
        """
    )
    assert out["after_import"] is False
    assert out["after_call"] is False
    assert out["pyarrow"] is False
    assert out["found"]["ipv4"] == ["10.1.2.3"]
    assert out["found"]["url"] == ["hxxp://evil[.]example[.]com/x"]  # as msticpy: as found
    assert out["found"]["email"] == ["bob@example.org"]


def test_accessors_registered_when_pandas_comes_later() -> None:
    out = _run(
        f"""
        import json, sys
        import msticpy.transform.iocextract
        assert "pandas" not in sys.modules
        import pandas as pd
        frame = pd.DataFrame({{"cmd": [{SAMPLE!r}, None]}}, index=[7, 9])
        via_ioc = frame.mp_ioc.extract(columns=["cmd"])
        via_mp = frame.mp.ioc_extract(columns=["cmd"])
        print(json.dumps({{
            "ioc": via_ioc.to_dict("list"),
            "same": via_ioc.equals(via_mp),
            "loader_restored": type(pd.__spec__.loader).__name__,
            "hook_left": any(type(f).__name__ == "_Finder" for f in sys.meta_path),
        }}))
        """
    )
    assert out["same"] is True
    assert set(out["ioc"]["SourceIndex"]) == {7}
    assert "ipv4" in out["ioc"]["IoCType"]
    assert out["loader_restored"] != "_NotifyingLoader"
    assert out["hook_left"] is False


def test_import_cpu_time_is_small() -> None:
    # CPU seconds, not wall: the shared test machines are often loaded.
    code = (
        "import json, time; c = time.process_time(); "
        "import msticpy.transform.iocextract; "
        "print(json.dumps({'cpu': time.process_time() - c}))"
    )
    samples = [_run(code)["cpu"] for _ in range(3)]
    assert statistics.median(samples) <= 0.15, samples


def test_when_imported_runs_after_a_later_import(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "fc_probe_mod.py").write_text("VALUE = 41\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "fc_probe_mod", raising=False)
    seen: list[int] = []
    _post_import.when_imported("fc_probe_mod", lambda module: seen.append(module.VALUE + 1))
    assert seen == []
    import fc_probe_mod

    assert seen == [42]
    assert type(fc_probe_mod.__loader__).__name__ == "SourceFileLoader"
    assert _post_import._FINDER not in sys.meta_path
    # Already imported: the callback runs at once.
    _post_import.when_imported("fc_probe_mod", lambda module: seen.append(module.VALUE))
    assert seen == [42, 41]
    del sys.modules["fc_probe_mod"]


def test_when_imported_callback_error_reaches_the_import(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "fc_probe_bad.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "fc_probe_bad", raising=False)

    def fail(module: object) -> None:
        raise RuntimeError("callback failed")

    _post_import.when_imported("fc_probe_bad", fail)
    with pytest.raises(RuntimeError, match="callback failed"):
        import fc_probe_bad  # noqa: F401
    assert _post_import._FINDER not in sys.meta_path
    sys.modules.pop("fc_probe_bad", None)


@pytest.mark.parametrize(
    "index",
    [
        pd.RangeIndex(5),
        pd.RangeIndex(start=10, stop=25, step=3),
        pd.Index([3, 1, 4, 1, 5]),
        pd.Index(list("abcde")),
    ],
)
def test_row_labels_match_pandas_take(index: pd.Index) -> None:
    frame = pd.DataFrame({"a": ["x", None, float("nan"), 7, "y"]}, index=index)
    rows = [0, 2, 4]
    assert _columns.row_labels(frame, "pandas", rows) == frame.index.take(rows).tolist()
    native = _columns.native_column(frame, "pandas", "a")
    cells = _columns.cells_at(native, frame, "pandas", "a", rows)
    expected = frame["a"].take(rows).tolist()
    assert len(cells) == len(expected)
    for got, want in zip(cells, expected):
        assert got is want or (got != got and want != want) or got == want


def test_frame_kind_without_pandas_loaded_rejects_other_objects() -> None:
    with pytest.raises(TypeError, match="pandas, pyarrow or polars"):
        _columns.frame_kind(["not", "a", "frame"])


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]", "str"])
def test_cells_at_matches_pandas_for_every_text_dtype(dtype: object) -> None:
    frame = pd.DataFrame({"a": ["x 1.2.3.4", "y", "z é", "w"], "b": [1, 2, 3, 4]})
    frame["a"] = frame["a"].astype(dtype)
    native = _columns.native_column(frame, "pandas", "a")
    rows = [0, 0, 2, 3]
    assert _columns.cells_at(native, frame, "pandas", "a", rows) == [
        "x 1.2.3.4",
        "x 1.2.3.4",
        "z é",
        "w",
    ]


def test_native_column_with_duplicate_names_falls_back_to_pandas() -> None:
    frame = pd.DataFrame([["a", "b"]], columns=["c", "c"])
    with pytest.raises(AttributeError):
        # Two columns of one name give a frame, as ``data[column]`` does in pandas.
        _columns.native_column(frame, "pandas", "c").dtype  # noqa: B018


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]", "str"])
def test_input_column_equals_the_list_built_one(dtype: object) -> None:
    from msticpy.transform.iocextract import IoCExtract, _text_series

    cells = ["a 10.0.0.1 b", "none here", "é 10.0.0.2 http://x.example.com/p"]
    frame = pd.DataFrame({"cmd": cells}, index=[3, 4, 5])
    frame["cmd"] = frame["cmd"].astype(dtype)
    out = IoCExtract().extract_df(data=frame, columns=["cmd"])
    expected = _text_series([cells[int(label) - 3] for label in out["SourceIndex"]])
    assert out["Input"].dtype == expected.dtype
    assert out["Input"].tolist() == expected.tolist()
    assert out.index.equals(pd.RangeIndex(len(out)))
