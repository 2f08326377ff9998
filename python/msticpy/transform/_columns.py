"""
Text columns out of pandas, pyarrow and polars frames, for the native kernels.

Arrow-backed string columns (pandas ``string[pyarrow]``/``str`` in pandas 3, pyarrow
tables, polars frames) cross into Rust through the Arrow PyCapsule interface without
copying; object columns are passed as a list, where non-``str`` cells (None, NaN,
numbers, bytes) are skipped by the kernel instead of failing the call.

pandas is not imported here: a frame can only be a pandas DataFrame once pandas is in
``sys.modules``, and callers that work on plain strings must stay free of it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any


def frame_kind(data: Any) -> str:
    """Return ``"pandas"``, ``"pyarrow"`` or ``"polars"`` for a supported frame."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(data, pandas.DataFrame):
        return "pandas"
    module = type(data).__module__
    if module.startswith("pyarrow") and hasattr(data, "column_names"):
        return "pyarrow"
    if module.startswith("polars") and hasattr(data, "get_column"):
        return "polars"
    raise TypeError(
        f"data must be a pandas, pyarrow or polars DataFrame, not {type(data).__name__}"
    )


def column_names(data: Any, kind: str) -> list[str]:
    """Column names of a frame."""
    if kind == "pyarrow":
        return list(data.column_names)
    return list(data.columns)


def num_rows(data: Any, kind: str) -> int:
    """Number of rows of a frame."""
    return int(data.num_rows) if kind == "pyarrow" else len(data)


def native_column(data: Any, kind: str, column: str) -> Any:
    """The column in the form the native kernel reads fastest."""
    if kind == "pyarrow":
        return _arrow_for_kernel(data.column(column))
    if kind == "polars":
        series = data.get_column(column)
        return series if str(series.dtype) in ("String", "Utf8") else series.to_list()
    import pandas as pd

    series = _pandas_column(data, column)
    dtype = series.dtype
    if not pd.api.types.is_object_dtype(dtype) and pd.api.types.is_string_dtype(dtype):
        storage = getattr(dtype, "storage", None)
        if storage == "pyarrow" or isinstance(dtype, pd.ArrowDtype):
            try:
                import pyarrow as pa

                return _arrow_for_kernel(pa.chunked_array(pa.array(series)))
            except Exception:
                pass
    return series.tolist()


def _pandas_column(data: Any, column: str) -> Any:
    """
    ``data[column]`` by position when the name is unique.

    Looking a name up in a frame's column index builds the index's hash table on first
    use (milliseconds for a text index under pandas 3), paid again by every new frame;
    a scan of the few column names costs microseconds.
    """
    names = list(data.columns)
    if names.count(column) == 1:
        return data.iloc[:, names.index(column)]
    return data[column]


def _arrow_for_kernel(chunked: Any) -> Any:
    """
    A pyarrow ChunkedArray in a form the kernel can import.

    pyarrow < 16 gives ChunkedArray no ``__arrow_c_stream__`` (only its arrays have
    ``__arrow_c_array__``), so there the chunks are joined into one array first.
    """
    if hasattr(chunked, "__arrow_c_stream__"):
        return chunked
    return chunked.combine_chunks()


def row_labels(data: Any, kind: str, rows: Sequence[int]) -> list[Any]:
    """Index labels (pandas) or row numbers (pyarrow, polars) of ``rows``."""
    if kind == "pandas":
        index = data.index
        if type(index).__name__ == "RangeIndex":
            # The labels of a RangeIndex are arithmetic: no pandas take (and its
            # index validation) for the default index most frames have.
            start, step = index.start, index.step
            return [start + step * row for row in rows]
        return index.take(rows).tolist()
    return list(rows)


def cells_at(native: Any, data: Any, kind: str, column: str, rows: Sequence[int]) -> list[Any]:
    """
    The original cells of ``column`` at ``rows``, reusing ``native`` when it is a list.

    :func:`native_column` already turned an object column into a list of its cells;
    indexing that list gives what ``data[column].take(rows).tolist()`` would, without a
    second pass through pandas.
    """
    if kind == "pandas":
        if isinstance(native, list):
            return [native[row] for row in rows]
        if hasattr(native, "take") and hasattr(native, "to_pylist"):
            # An Arrow-backed text column crossed as a pyarrow array: take from it
            # (a cell with a match is never null, so no NA spelling differs).
            return list(native.take(list(rows)).to_pylist())
    return cell_values(data, kind, column, rows)


def repeated_bytes(native: Any, data: Any, kind: str, column: str, rows: Sequence[int]) -> int:
    """
    The text bytes (UTF-8 for Arrow, characters for ``str``) of the cells at ``rows``.

    Counted without copying the text: string lengths of a list column, Arrow's
    per-value lengths of an Arrow column; other sources take the distinct cells once.
    """
    if kind == "pandas" and isinstance(native, list):
        return sum(len(native[row]) for row in rows if isinstance(native[row], str))
    if hasattr(native, "take") and hasattr(native, "to_pylist"):
        import pyarrow.compute as pc

        lengths = pc.binary_length(native).fill_null(0).to_pylist()
        return sum(lengths[row] for row in rows)
    distinct = sorted(set(rows))
    sizes = {
        row: len(cell) if isinstance(cell, str) else 0
        for row, cell in zip(distinct, cells_at(native, data, kind, column, distinct))
    }
    return sum(sizes[row] for row in rows)


def cell_values(data: Any, kind: str, column: str, rows: Sequence[int]) -> list[Any]:
    """The original cell values of ``column`` at ``rows``."""
    if kind == "pandas":
        return data[column].take(rows).tolist()
    if kind == "pyarrow":
        return data.column(column).take(list(rows)).to_pylist()
    return data.get_column(column).gather(list(rows)).to_list()


def arrow_cells_series(native: Any, kind: str, rows: Sequence[int]) -> Any:
    """
    The cells at ``rows`` as a Series of pandas' default text dtype, built in Arrow.

    When the column crossed to the kernel as Arrow and pandas' default text dtype is
    Arrow-backed (pandas 3 ``str``), the cells are taken and wrapped without becoming
    Python strings and being encoded back. Returns None when that does not apply (the
    caller then builds the Series from a list, as before).
    """
    if kind != "pandas" or isinstance(native, list) or not hasattr(native, "take"):
        return None
    default = _default_text_dtype()
    if getattr(default, "storage", None) != "pyarrow":
        return None
    return native.take(list(rows)).to_pandas(types_mapper=lambda _type: default)


_DEFAULT_TEXT_DTYPE: list[Any] = []


def _default_text_dtype() -> Any:
    """The dtype pandas infers for a list of str (``object`` in 2.x, ``str`` in 3.x)."""
    if not _DEFAULT_TEXT_DTYPE:
        import pandas as pd

        _DEFAULT_TEXT_DTYPE.append(pd.Series(["text"]).dtype)
    return _DEFAULT_TEXT_DTYPE[0]
