"""
Frame assembly for process trees built from Windows, Linux and similar events.

The native core (``msticpy._native.proctree_match`` / ``proctree_shape``) does the
expensive parts: parent matching by time, keys, node flags, breadth-first paths and the
output order. This module prepares its columns and builds the pandas frame around its
answers with the same pandas operations msticpy 3.0.2 uses, so column order, dtypes
and missing values are msticpy's:

1. clean: parse times (UTC for naive ones), drop duplicate rows, sort by time, keep the
   schema's process-creation rows, turn numeric schema columns into text, add
   ``EffectiveLogonId``, ``new_process_lc``, ``parent_proc_lc`` and ``source_index``;
2. merge: add the parent's columns with a ``_par`` suffix (what ``pd.merge_asof`` did);
3. inferred parents: one synthetic row per distinct missing parent;
4. keys, flags, paths, order (native) and the final frame indexed by ``proc_key``.

Sorting uses numpy's quicksort on the time column, exactly as ``DataFrame.sort_values``
does, so events with equal times get the same relative order (and the same
``source_index``) as in msticpy.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import take

# The extension and the column reader load with this module (which already needs pandas,
# as msticpy's does) instead of inside the first call.
from .. import _native as _ext
from ..common.exceptions import MsticpyUserError
from ._columns import native_column
from .proc_tree_schema import ColNames as Col
from .proc_tree_schema import ProcSchema


class ProcessTreeDataError(MsticpyUserError, ValueError):
    """The process events cannot be built into a tree (the message says why)."""


def ensure_datetimes(data: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return ``data`` with ``column`` as timezone-aware datetimes (naive -> UTC)."""
    if column not in data.columns:
        raise KeyError(column)
    series = data[column]
    if not pd.api.types.is_datetime64_any_dtype(series):
        try:
            series = pd.to_datetime(series, utc=True)
        except (ValueError, TypeError) as err:
            raise ProcessTreeDataError(
                f"The time column {column!r} cannot be read as datetimes: {err}"
            ) from err
    elif getattr(series.dt, "tz", None) is None:
        series = series.dt.tz_localize("UTC", ambiguous="infer", nonexistent="shift_forward")
    else:
        return data
    data = data.copy()
    data[column] = series
    return data


def _ns(series: pd.Series) -> np.ndarray:
    """UTC nanoseconds of a datetime column (``NaT`` as int64 minimum)."""
    values = series.array
    unit = getattr(values, "unit", "ns")
    raw = np.asarray(values.asi8 if hasattr(values, "asi8") else series.astype("int64"))
    if unit != "ns":
        scale = {"s": 1_000_000_000, "ms": 1_000_000, "us": 1_000}[unit]
        nat = raw == np.iinfo(np.int64).min
        raw = np.where(nat, raw, raw * scale)
    return raw.astype(np.int64, copy=False)


def _wall_ns(series: pd.Series) -> np.ndarray:
    """Wall-clock nanoseconds in the column's own time zone (what keys are built from)."""
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_localize(None)
    return _ns(series)


def time_order(series: pd.Series) -> np.ndarray:
    """Row order of ``sort_values`` on a datetime column (numpy quicksort, NaT last)."""
    raw = _ns(series)
    nat = raw == np.iinfo(np.int64).min
    positions = np.arange(len(raw))
    valid = raw[~nat].view("M8[ns]")
    ordered = positions[~nat][valid.argsort(kind="quicksort")]
    return np.concatenate([ordered, positions[nat]])


def _text(series: pd.Series, stringify: bool = False) -> Any:
    """
    A column as the native reader takes it; non-text cells are read as missing.

    With ``stringify`` (IDs), non-text values become their ``str`` first, as msticpy's
    ``astype(str)`` does when it builds keys.
    """
    if stringify and series.dtype == object:
        series = series.astype(str).where(series.notna(), None)
    elif stringify and not pd.api.types.is_string_dtype(series.dtype):
        series = series.astype(str)
    return native_column(series.to_frame("c"), "pandas", "c")


def _objects(values: list[Any]) -> np.ndarray:
    """Text values as an object array with NaN (not None) for missing ones, as msticpy has."""
    array = np.array(values, dtype=object)
    array[pd.isna(array)] = np.nan
    return array


@functools.lru_cache(maxsize=1)
def _arrow_text_dtype() -> Any:
    """pandas' default text dtype when it is Arrow-backed (pandas 3 ``str``), else None."""
    dtype = pd.Series(["x"]).dtype
    return dtype if getattr(dtype, "storage", None) == "pyarrow" else None


def text_values(column: Any) -> Any:
    """
    A native text column for pandas: an Arrow array (``arrow=True`` calls) or
    ``(data, int64 offsets, validity)`` byte buffers.

    With pandas' Arrow-backed ``str`` dtype the column is wrapped without copying or
    creating Python strings; otherwise the result is an object array with NaN for
    missing values, as msticpy's columns are on pandas 2.
    """
    if not isinstance(column, tuple):
        import pyarrow as pa

        return _from_arrow(pa.array(column))
    data, offsets, valid = column
    mask = np.frombuffer(valid, dtype=np.bool_)
    try:
        import pyarrow as pa
    except ImportError:
        ends = np.frombuffer(offsets, dtype=np.int64)
        raw = bytes(data)
        values = [raw[ends[i] : ends[i + 1]].decode("utf-8") for i in range(len(mask))]
        return _objects([v if ok else None for v, ok in zip(values, mask)])
    bitmap = None if mask.all() else pa.py_buffer(np.packbits(mask, bitorder="little"))
    return _from_arrow(
        pa.LargeStringArray.from_buffers(
            len(mask), pa.py_buffer(offsets), pa.py_buffer(data), bitmap
        )
    )


def _from_arrow(array: Any) -> Any:
    """An Arrow string array as pandas' Arrow-backed ``str`` values, else objects."""
    dtype = _arrow_text_dtype()
    if dtype is not None:
        return pd.array(array, dtype=dtype)
    return _objects(array.to_numpy(zero_copy_only=False).tolist())


#: Below this many cells in all, columns are taken one after another.
_PARALLEL_TAKE_CELLS = 200_000


def take_arrays(arrays: list[Any], rows: np.ndarray) -> list[Any]:
    """
    ``take(values, rows, allow_fill=True)`` of every array (-1 gives a missing value).

    Large takes run on two threads: pyarrow's and numpy's take kernels release the GIL,
    so the columns of a wide frame are copied on both cores of a small machine. The
    threads live for the call only (nothing lingers across a ``fork``).
    """

    def take_one(values: Any) -> Any:
        if isinstance(values, pd.arrays.NumpyExtensionArray):
            # pandas 2 warns (FutureWarning) when take() gets one; its ndarray (no copy)
            # takes to the same values and dtype on every pandas.
            values = values.to_numpy()
        return take(values, rows, allow_fill=True)

    if len(arrays) < 4 or len(arrays) * len(rows) < _PARALLEL_TAKE_CELLS:
        return [take_one(values) for values in arrays]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(take_one, arrays))


def _column_arrays(frame: pd.DataFrame) -> list[Any]:
    """The frame's column arrays by position (duplicate column names allowed)."""
    # items() walks the columns by position; it is about twice as fast as iloc per column.
    return [series.array for _, series in frame.items()]


def take_frame(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """``frame.take(rows)`` (index labels kept) through ``take_arrays``."""
    arrays = take_arrays(_column_arrays(frame), rows)
    taken = pd.DataFrame(dict(enumerate(arrays)), index=frame.index.take(rows), copy=False)
    taken.columns = frame.columns
    return taken


def _num_cols_to_str(procs: pd.DataFrame, schema: ProcSchema) -> pd.DataFrame:
    """Numeric schema columns become text (floats through int, dropping ``.0``)."""
    schema_cols = {col for col in asdict(schema).values() if col and col in procs.columns}
    dtypes = {col: dtype for col, dtype in zip(procs.columns, procs.dtypes) if col in schema_cols}
    as_int = {col: "int" for col, dtype in dtypes.items() if pd.api.types.is_float_dtype(dtype)}
    if as_int:
        try:
            procs = procs.astype(as_int)
        except (ValueError, TypeError) as err:
            raise ProcessTreeDataError(
                f"Schema columns {sorted(as_int)} hold missing or non-integer numbers: {err}"
            ) from err
    dtypes = {col: dtype for col, dtype in zip(procs.columns, procs.dtypes) if col in schema_cols}
    as_str = {col: "str" for col, dtype in dtypes.items() if pd.api.types.is_integer_dtype(dtype)}
    native = {col for col in as_str if _native_int_text(dtypes[col])}
    if native:
        # Same text as ``astype("str")`` (decimal digits), written by the core straight
        # into an Arrow string column.
        procs = procs.copy(deep=False)
        for col in native:
            values = procs[col].to_numpy(dtype=np.int64).tobytes()
            procs[col] = pd.Series(
                text_values(_ext.proctree_int_text(values, True)), index=procs.index
            )
        as_str = {col: kind for col, kind in as_str.items() if col not in native}
    return procs.astype(as_str) if as_str else procs


def _native_int_text(dtype: Any) -> bool:
    """Whether an integer column can be turned into text by the core (signed or small
    unsigned numpy integers, when pandas' default text dtype is Arrow-backed)."""
    if _arrow_text_dtype() is None or not isinstance(dtype, np.dtype):
        return False
    return dtype.kind == "i" or (dtype.kind == "u" and dtype.itemsize < 8)


def _kept_rows(procs: pd.DataFrame, schema: ProcSchema) -> np.ndarray:
    """
    Positions of the rows ``procs.drop_duplicates()`` keeps (no frame is copied).

    Rows that are equal in every column are equal in time, PID and process name, so
    the full-row comparison only runs on rows sharing those three values (usually few).
    """
    key_cols = [c for c in (schema.time_stamp, schema.process_id, schema.process_name) if c]
    try:
        candidates = _repeated_keys([procs[col] for col in key_cols])
    except (TypeError, KeyError, ValueError):
        return np.flatnonzero(~procs.duplicated().to_numpy())
    positions = np.flatnonzero(candidates)
    if not len(positions):
        return np.arange(len(procs))
    drop = np.zeros(len(procs), dtype=bool)
    # All copies of a row are among `positions`, in input order: "keep first" agrees.
    drop[positions] = procs.take(positions).duplicated().to_numpy()
    return np.flatnonzero(~drop)


def _repeated_keys(columns: list[pd.Series]) -> np.ndarray:
    """
    Rows that may share all ``columns`` values with another row (a superset of them).

    Times, integers and text are hashed in the native core; other column types raise
    ``TypeError`` (the caller then compares with pandas).
    """
    ints: list[bytes] = []
    texts: list[Any] = []
    for series in columns:
        if pd.api.types.is_datetime64_any_dtype(series):
            ints.append(_ns(series).tobytes())
        elif pd.api.types.is_integer_dtype(series) and not series.hasnans:
            ints.append(series.to_numpy(dtype=np.int64).tobytes())
        elif pd.api.types.is_string_dtype(series):
            # Non-text cells of object columns read as missing: that only adds candidates.
            texts.append(_text(series))
        else:
            raise TypeError(f"no native hash for {series.dtype}")
    marks = _ext.proctree_repeated_keys(ints, texts)
    return np.frombuffer(marks, dtype=np.bool_)


@dataclass
class Passthrough:
    """
    Input columns the pipeline never reads or changes, kept out of the working frame.

    They are taken once, straight from the de-duplicated input, when the final frame is
    assembled (instead of once per step), which is most of the copying on wide frames.
    """

    source: pd.DataFrame
    rows: np.ndarray
    columns: list[Any]
    input_order: list[Any]


#: Output column names: an input column with one of these names takes part in the steps.
_RESERVED = {
    value
    for name, value in vars(Col).items()
    if not name.startswith("_") and isinstance(value, str)
} | {"ParentName", "IsRoot", "IsLeaf", "IsBranch", "path", "parent_index"}


#: Schema fields the steps read or change; the others (command line, user name and ID)
#: are only carried to the output.
_ACTIVE_FIELDS = (
    "time_stamp",
    "process_name",
    "process_id",
    "parent_id",
    "parent_name",
    "logon_id",
    "target_logon_id",
    "host_name_column",
    "event_id_column",
)


def _working_columns(procs: pd.DataFrame, schema: ProcSchema) -> list[Any]:
    """
    Input columns the steps read or write: active schema columns, numeric schema
    columns (they become text) and reserved names. Other columns are passthrough.
    """
    fields = asdict(schema)
    active = {fields[name] for name in _ACTIVE_FIELDS if isinstance(fields.get(name), str)}
    schema_cols = {col for col in fields.values() if isinstance(col, str)}
    dtypes = procs.dtypes
    return [
        col
        for col, dtype in zip(procs.columns, dtypes)
        if col in active
        or col in _RESERVED
        or str(col).endswith("_par")
        or (col in schema_cols and pd.api.types.is_numeric_dtype(dtype))
    ]


def clean_events(
    procs: pd.DataFrame, schema: ProcSchema
) -> tuple[pd.DataFrame, ProcSchema, Passthrough]:
    """Step 1: the cleaned, time-sorted process events (see the module docstring)."""
    procs = ensure_datetimes(procs, schema.time_stamp)
    kept = _kept_rows(procs, schema)
    # msticpy drops duplicates, sorts, filters the event type, then sorts again for the
    # merge: the selections and permutations are composed here into row positions of
    # the input and applied with a single take.
    order = time_order(procs[schema.time_stamp].take(kept))
    if schema.event_id_column and schema.event_id_identifier:
        is_event = (procs[schema.event_type_col] == schema.event_filter).to_numpy()
        order = order[is_event[kept][order]]
    times = procs[schema.time_stamp].take(kept[order])
    if times.isna().any():
        raise ProcessTreeDataError(f"The time column {schema.time_stamp!r} has missing values.")
    rows = kept[order[time_order(times)]]
    working = _working_columns(procs, schema)
    passthrough = Passthrough(
        source=procs,
        rows=rows,
        columns=[col for col in procs.columns if col not in set(working)],
        input_order=list(procs.columns),
    )
    cleaned = _num_cols_to_str(take_frame(procs[working], rows), schema)
    if schema.logon_id not in cleaned.columns:
        schema = replace(schema, logon_id=None)
    if schema.logon_id:
        cleaned[Col.EffectiveLogonId] = cleaned[schema.logon_id]
        if schema.target_logon_id:
            target = cleaned[schema.target_logon_id]
            has_target = (target != "0x0") & target.notna()
            cleaned.loc[has_target, Col.EffectiveLogonId] = target
    else:
        cleaned[Col.EffectiveLogonId] = 0
    if schema.parent_name:
        no_parent = cleaned[schema.parent_name] == ""
        if no_parent.any():
            cleaned.loc[no_parent, schema.parent_name] = "unknown"
    return cleaned, schema, passthrough


def merge_parents(cleaned: pd.DataFrame, schema: ProcSchema) -> pd.DataFrame:
    """Steps 1 (end) and 2: add the lower-case names, ``source_index`` and parent columns."""
    if cleaned.empty:
        raise ProcessTreeDataError(
            "No process-creation events to build a tree from "
            f"(after filtering on {schema.event_id_column}={schema.event_id_identifier!r})."
        )
    parent_names = _text(cleaned[schema.parent_name]) if schema.parent_name else None
    name_lc, parent_lc, parent_bytes = _ext.proctree_match(
        _ns(cleaned[schema.time_stamp]).tobytes(),
        _text(cleaned[schema.process_name]),
        _text(cleaned[schema.process_id], stringify=True),
        _text(cleaned[schema.parent_id], stringify=True),
        parent_names,
        _arrow_text_dtype() is not None,
    )
    parent_row = np.frombuffer(parent_bytes, dtype=np.int64)
    cleaned[Col.new_process_lc] = text_values(name_lc)
    if schema.parent_name:
        cleaned[Col.parent_proc_lc] = text_values(parent_lc)
    cleaned[Col.source_index] = cleaned.index
    left = cleaned.drop(columns=Col.source_index_par, errors="ignore").reset_index(drop=True)

    merged = dict(left.items())
    right_cols = [
        schema.process_id,
        Col.EffectiveLogonId,
        Col.new_process_lc,
        Col.source_index,
        schema.parent_id,
        schema.process_name,
    ]
    names = [f"{col}_par" if col in left.columns else col for col in right_cols]
    names.append(Col.timestamp_orig_par)
    sources = [*right_cols, schema.time_stamp]
    parents = take_arrays([left[col].array for col in sources], parent_row)
    for position, name in enumerate(names):
        merged[name] = pd.Series(parents[position], copy=False)
    return pd.DataFrame(merged, copy=False)


def add_inferred_parents(merged: pd.DataFrame, schema: ProcSchema) -> pd.DataFrame:
    """Step 3: fill the parent columns of orphans and append their inferred parents."""
    tz = merged.iloc[0][schema.time_stamp].tz
    time_zero = pd.Timestamp(0) if tz is None else pd.Timestamp(0, tz=tz)
    orphan = merged[Col.source_index_par].isna()
    merged.loc[orphan, "NewProcessId_par"] = merged[schema.parent_id]
    parent_col = schema.parent_name or "ParentName"
    if schema.parent_name:
        merged.loc[orphan, Col.new_process_lc_par] = merged[Col.parent_proc_lc]
    else:
        merged.loc[orphan, Col.new_process_lc_par] = "unknown"
        merged.loc[orphan, f"{schema.process_name}_par"] = "unknown"
        merged[parent_col] = merged[f"{schema.process_name}_par"]
        merged[Col.parent_proc_lc] = merged[Col.new_process_lc_par]
    if schema.logon_id:
        merged.loc[orphan, Col.EffectiveLogonId_par] = merged[schema.logon_id]
    else:
        merged.loc[orphan, Col.EffectiveLogonId_par] = 0
    merged.loc[orphan, Col.timestamp_orig_par] = time_zero

    parent_cols = [
        *([schema.host_name] if schema.host_name else []),
        schema.parent_id,
        Col.EffectiveLogonId_par,
        parent_col,
        Col.parent_proc_lc,
        *([schema.event_id_column] if schema.event_id_column else []),
    ]
    renames = {
        schema.parent_id: schema.process_id,
        Col.parent_proc_lc: Col.new_process_lc,
    }
    if schema.parent_name:
        renames[schema.parent_name] = schema.process_name
    if schema.logon_id:
        renames[Col.EffectiveLogonId_par] = schema.logon_id
    inferred = merged.loc[orphan, parent_cols].rename(columns=renames)
    inferred[schema.time_stamp] = time_zero
    inferred[Col.EffectiveLogonId] = merged[schema.logon_id] if schema.logon_id else 0
    return pd.concat([merged, inferred.drop_duplicates()], ignore_index=True, axis=0, sort=False)


def shape_tree(
    frame: pd.DataFrame,
    schema: ProcSchema,
    max_path_bytes: int,
    passthrough: Passthrough | None = None,
) -> pd.DataFrame:
    """Step 4: keys, flags, paths and the final frame, indexed by ``proc_key``."""
    # The native result is already in output order (sorted by path).
    (order_bytes, proc_key, parent_key, is_root, is_leaf, is_branch, path, src, parent_src) = (
        _ext.proctree_shape(
            _text(frame[Col.new_process_lc]),
            _text(frame[schema.process_id], stringify=True),
            _wall_ns(frame[schema.time_stamp]).tobytes(),
            _text(frame[Col.parent_proc_lc]),
            _text(frame[schema.parent_id], stringify=True),
            _wall_ns(frame[Col.timestamp_orig_par]).tobytes(),
            max_path_bytes,
            _arrow_text_dtype() is not None,
        )
    )
    order = np.frombuffer(order_bytes, dtype=np.int64)
    # One take per input column: input columns (those kept out of the steps straight
    # from the input), then the added ones, then the new ones in msticpy's order.
    columns = _assemble(frame, order, passthrough)
    columns[Col.parent_key] = text_values(parent_key)
    for name, flags in (("IsRoot", is_root), ("IsLeaf", is_leaf), ("IsBranch", is_branch)):
        columns[name] = np.frombuffer(flags, dtype=np.bool_)
    columns[Col.source_index] = text_values(src)
    columns["path"] = text_values(path)
    parent_index = text_values(parent_src)
    if not pd.isna(parent_index).all():
        # Text like the other columns (pandas 3: ``str``; pandas 2: object with NaN).
        columns["parent_index"] = parent_index
    index = pd.Index(text_values(proc_key), name=Col.proc_key)
    return pd.DataFrame(columns, index=index, copy=False)


def _assemble(
    frame: pd.DataFrame, order: np.ndarray, passthrough: Passthrough | None
) -> dict[Any, Any]:
    """The columns of ``frame`` and the passthrough columns, in output order, taken."""
    from_frame = dict(zip(frame.columns, take_arrays(_column_arrays(frame), order)))
    if passthrough is None:
        return from_frame
    # Rows past the cleaned events are inferred parents: passthrough values are missing.
    sources = np.full(len(order), -1, dtype=np.int64)
    from_events = order < len(passthrough.rows)
    sources[from_events] = passthrough.rows[order[from_events]]
    passed = set(passthrough.columns)
    moved = [col for col in passthrough.input_order if col in passed]
    source = passthrough.source
    from_input = dict(zip(moved, take_arrays([source[col].array for col in moved], sources)))
    columns: dict[Any, Any] = {}
    for col in passthrough.input_order:
        if col in from_input:
            columns[col] = from_input[col]
        elif col in from_frame:
            columns[col] = from_frame[col]
    for col in frame.columns:
        if col not in columns:
            columns[col] = from_frame[col]
    return columns
