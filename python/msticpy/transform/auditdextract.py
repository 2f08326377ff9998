"""
Linux auditd logs: msticpy's ``auditdextract`` on a Rust engine.

Groups the records of an audit log into events by message id, hex-decodes the fields
msticpy decodes, assembles process executions into ``SYSCALL_EXECVE`` events (with a
``cmdline``), types the known fields and returns msticpy's DataFrame: same columns,
column order, dtypes, index and ``TimeGenerated``, for both inputs msticpy takes (raw
``audit.log`` lines, and the list-of-dicts form Log Analytics stores). Names and
signatures are those of msticpy 3.0.2 (``msticpy.transform.auditdextract``); the classic
path ``msticpy.sectools.auditdextract`` is this module.

Deliberate differences (see ``docs/auditd.md``):

- ``read_from_file`` streams the file in bounded memory (records are grouped within a
  re-ordering window of ``Limits.audit_max_pending_events`` open events) and can show a
  progress bar on stderr. Nothing is ever printed to stdout (msticpy prints timings and
  every undecodable hex value).
- Lines or rows msticpy fails the whole call on (no ``msg=audit(...)`` id, no ``type=``,
  no body, unparsable integer or timestamp, invalid UTF-8, lines over
  ``Limits.audit_max_line_bytes``) are skipped or degraded and counted in
  ``frame.attrs["auditd_status"]``.
- ``cmdline`` keeps msticpy's three arguments plus blank padding by default; pass
  ``full_cmdline=True`` for every argument (split arguments and several ``EXECVE``
  records joined).
- The input frame of ``extract_events_to_df`` is not modified (msticpy adds
  ``mssg_id`` to it and replaces the message column), and it needs no index label 0.
"""

from __future__ import annotations

import functools
import importlib
import logging
import operator
import os
import sys
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import _native as _ext
from .._version import VERSION

# msticpy exposes the clustering module here too; it imports scikit-learn-free code
# only, and its own dependencies lazily.
from ..analysis import cluster_auditd  # noqa: F401
from ..analysis.cluster_auditd import cluster_auditd_processes
from ..common import progress as _progress
from ..common.limits import Limits, default_limits, report_truncation
from . import _columns
from ._audit_path import checked_path, os_errors_name

__version__ = VERSION
__all__ = [
    "cluster_auditd_processes",
    "extract_events_to_df",
    "generate_process_tree",
    "get_event_subset",
    "read_from_file",
    "unpack_auditd",
]

_LOGGER = logging.getLogger(__name__)

#: Bytes parsed between two progress-bar updates.
_STEP_BYTES = 4 * 1024 * 1024
#: Files at least this large show a progress bar when stderr is a terminal.
_PROGRESS_MIN_BYTES = 64 * 1024 * 1024

#: Counters that mean data was dropped or degraded (logged at INFO level).
_MALFORMED = (
    "no_msg_id",
    "no_type",
    "no_body",
    "invalid_utf8",
    "empty_events",
    "bad_hex",
    "bad_int",
    "bad_timestamp",
    "dropped_records",
)


# Paid at import, as msticpy pays its own imports there, not by the user's first call:
# the extension above, and the modules pyarrow loads the first time pandas 3 builds a
# ``str`` column (``pa.array(..., from_pandas=True)``), when pandas has pyarrow loaded.
if "pyarrow" in sys.modules:
    for _module in ("pyarrow.pandas_compat", "pyarrow.vendored.version"):
        importlib.import_module(_module)


def _native() -> Any:
    return _ext


def _limit_args(limits: Limits | None) -> tuple[int, int]:
    lim = limits or default_limits()
    return (lim.audit_max_line_bytes, lim.audit_max_pending_events)


def unpack_auditd(audit_str: list[dict[str, list[str]]]) -> Mapping[str, Mapping[str, Any]]:
    """
    Unpack a list of audit records into a dictionary of fields per record type.

    Parameters
    ----------
    audit_str : list[dict[str, list[str]]]
        Records as ``{message_type: ["key=value", ...]}`` dicts.

    Returns
    -------
    Mapping[str, Mapping[str, Any]]
        ``{message_type: {key: value}}``. A later record of a type replaces an earlier
        one; a token without ``=`` maps to None; hex-encoded fields are decoded.

    """
    unpacked, _ = _native().audit_unpack(list(audit_str))
    return {msg_type: dict(fields) for msg_type, fields in unpacked}


def _table_frame(
    table: tuple,
) -> tuple[dict[str, Any], list[str], list[str], np.ndarray, dict[str, int]]:
    """The native table's field columns as arrays or lists (plus its other parts)."""
    _, keys, types, times, columns, counters = table
    data: dict[str, Any] = {}
    for name, kind, payload in columns:
        # Read-only views: building the frame copies them (DataFrame copies dict input).
        if kind == "i":
            data[name] = np.frombuffer(payload, dtype="<i8")
        elif kind == "f":
            data[name] = np.frombuffer(payload, dtype="<f8")
        else:
            data[name] = payload
    stamps = np.frombuffer(times, dtype="<i8").view("datetime64[ns]")
    return data, keys, types, stamps, counters


def _labels(table: tuple) -> np.ndarray:
    return np.frombuffer(table[0], dtype="<i8")


_not_none = functools.partial(operator.is_not, None)


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _all_empty(values: Any) -> bool:
    """Whether a native column holds only missing cells (None or the one shared NaN)."""
    if isinstance(values, np.ndarray):
        return values.dtype.kind == "f" and bool(np.isnan(values).all())
    # Most columns have a value early: stop there instead of comparing every cell.
    first = next(filter(_not_none, values), None)
    if first is None:
        return True
    if not _is_nan(first):
        return False
    # The native lists share one NaN object; stop at the first cell that is neither.
    return all(cell is None or cell is first for cell in values)


def _direct_frame(
    data: dict[str, Any],
    index: pd.Index,
    types: list[str],
    other: pd.DataFrame | dict[str, list[Any]],
    times: Any,
) -> pd.DataFrame | None:
    """The frame ``_assemble`` builds, made in one constructor call, or None when the
    merges could do more than put columns side by side (duplicate labels or column
    names, other rows, no rows) and the general path must run."""
    aligned = isinstance(other, dict) or other.index.equals(index)
    names = [*data, "EventType", *(other if isinstance(other, dict) else other.columns)]
    if (
        not len(index)
        or not all(isinstance(name, str) for name in names)
        or len(set(names)) != len(names)
        or "TimeStamp" in names
        or not aligned
        or not index.is_unique
    ):
        return None
    columns = {name: values for name, values in data.items() if not _all_empty(values)}
    columns["EventType"] = types
    if isinstance(other, dict):
        columns.update((name, cells) for name, cells in other.items() if not _all_empty(cells))
    elif len(other.columns):
        filled = other.notna().any(axis=0)
        for position, name in enumerate(other.columns):
            if filled.iloc[position]:
                columns[name] = other.iloc[:, position]
    columns.pop("TimeGenerated", None)
    columns["TimeGenerated"] = times
    order = list(columns)
    order = order[-5:] + order[:-5]
    return pd.DataFrame({name: columns[name] for name in order}, index=index)


def _assemble(
    data: dict[str, Any],
    index: pd.Index,
    types: list[str],
    other: pd.DataFrame | dict[str, list[Any]],
    stamps: np.ndarray,
) -> pd.DataFrame:
    """msticpy's frame plumbing: add EventType and the other input columns (a frame,
    or a dict of lists in row order), drop all-empty columns, set TimeGenerated from
    the message id, rotate 5 columns."""
    times = pd.DatetimeIndex(stamps).tz_localize("UTC").array
    direct = _direct_frame(data, index, types, other, times)
    if direct is not None:
        return direct
    if isinstance(other, dict):
        other = pd.DataFrame(other, index=index)
    fields = pd.DataFrame(data, index=index)
    events = pd.DataFrame({"EventType": types}, index=index)
    frame = fields.merge(events, left_index=True, right_index=True).merge(
        other, how="inner", left_index=True, right_index=True
    )
    if len(frame):
        # With no rows every column is "all empty": keep them (msticpy raises then).
        frame = frame.dropna(axis=1, how="all")
    frame["TimeStamp"] = pd.Series(times, index=index)
    if "TimeGenerated" in frame:
        frame = frame.drop(["TimeGenerated"], axis=1)
    frame = frame.rename(columns={"TimeStamp": "TimeGenerated"})
    cols = list(frame.columns)
    return frame[cols[-5:] + cols[:-5]]


def _report(frame: pd.DataFrame, counters: dict[str, int], limits: Limits | None, what: str):
    frame.attrs["auditd_status"] = dict(counters)
    malformed = {k: counters[k] for k in _MALFORMED if counters.get(k)}
    if malformed:
        _LOGGER.info("auditd %s: tolerated malformed input %s", what, malformed)
    lim = limits or default_limits()
    if counters.get("too_long") or counters.get("capped_cmdlines"):
        report_truncation(lim, "audit_max_line_bytes", what)
    if counters.get("late_records"):
        late = (
            f"{what} ({counters['late_records']} records arrived after their event left the "
            f"re-ordering window; audit_max_pending_events={counters['window_needed']} "
            "would hold them)"
        )
        report_truncation(lim, "audit_max_pending_events", late)


def _verbose(enabled: bool, message: str) -> None:
    if enabled:
        sys.stderr.write(message + "\n")


def extract_events_to_df(
    data: pd.DataFrame,
    input_column: str = "AuditdMessage",
    event_type: str | None = None,
    verbose: bool = False,
    *,
    full_cmdline: bool = False,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """
    Extract auditd messages from a DataFrame into one row per event.

    Parameters
    ----------
    data : pd.DataFrame
        Input frame. ``input_column`` holds either raw audit lines (one record per row)
        or, as stored by Log Analytics, a list of ``{message_type: ["key=value", ...]}``
        dicts per row together with an ``mssg_id`` column.
    input_column : str, optional
        The message column (the default is 'AuditdMessage').
    event_type : str, optional
        Keep only events of this type (the default is None: all types).
    verbose : bool, optional
        Report the stages on stderr (the default is False).
    full_cmdline : bool, optional
        Beyond msticpy: build ``cmdline`` from every argument instead of msticpy's
        first three plus padding (the default is False).
    limits : Limits, optional
        Budgets (``audit_max_line_bytes``); the process default if None.

    Returns
    -------
    pd.DataFrame
        One row per event, indexed like ``data``; ``attrs["auditd_status"]`` counts
        what was skipped or degraded.

    """
    _verbose(verbose, f"Unpacking auditd messages for {len(data)} events...")
    column = data[input_column]
    lim_args = _limit_args(limits)
    first = column.iloc[0] if len(column) else None
    from_lines = isinstance(first, str)
    if from_lines:
        cells = _columns.native_column(data, "pandas", input_column)
        table = _native().audit_parse_lines(
            cells, limits=lim_args, full_cmdline=full_cmdline, event_type=event_type
        )
    else:
        ids_col = data["mssg_id"] if "mssg_id" in data else pd.Series([None] * len(data))
        mssg_ids = [v if isinstance(v, str) else None for v in ids_col.tolist()]
        table = _native().audit_parse_records(
            list(column),
            mssg_ids,
            limits=lim_args,
            full_cmdline=full_cmdline,
            event_type=event_type,
        )
    positions = _labels(table)
    index = data.index[positions] if len(positions) else data.index[:0]
    # With unique ascending labels the inner merge on the index keeps exactly the rows
    # of ``positions``, in this order: the other columns can be taken by position.
    aligned = index.is_monotonic_increasing and index.is_unique
    other: pd.DataFrame | dict[str, list[Any]]
    if from_lines and aligned and data.shape[1] == 1:
        # Only the message column: the events' message ids are all the other input.
        other = {"mssg_id": list(table[1])}
    else:
        rest = data.drop([input_column], axis=1)
        if from_lines:
            ids: list[Any] = [None] * len(data)
            for pos, key in zip(positions.tolist(), table[1]):
                ids[pos] = key
            rest = rest.copy()
            rest["mssg_id"] = ids
        other = rest.take(positions) if aligned else rest
    fields, _, types, stamps, counters = _table_frame(table)
    _verbose(verbose and bool(event_type), f"Event subset = {event_type} (events: {len(types)})")
    _verbose(verbose, "Building output dataframe...")
    frame = _assemble(fields, index, types, other, stamps)
    _verbose(verbose, f"Complete. {len(frame)} output rows")
    _report(frame, counters, limits, "auditd frame")
    return frame


def get_event_subset(data: pd.DataFrame, event_type: str) -> pd.DataFrame:
    """
    Return the events of one type, without the columns that are empty for it.

    Parameters
    ----------
    data : pd.DataFrame
        Events from ``extract_events_to_df`` or ``read_from_file``.
    event_type : str
        The event type to keep (e.g. ``"SYSCALL_EXECVE"``).

    Returns
    -------
    pd.DataFrame
        Rows with ``EventType == event_type``, all-empty columns dropped, dtypes
        re-inferred.

    """
    return data[data["EventType"] == event_type].dropna(axis=1, how="all").infer_objects()


def _progress_bar(total: int, progress: bool | None, verbose: bool) -> Any:
    """The library's progress bar on stderr (shown for large files on a terminal)."""
    show = True if (progress or verbose) else (False if progress is False else None)
    return _progress.Progress(total, "audit.log", "B", show=show, min_total=_PROGRESS_MIN_BYTES)


def read_from_file(
    filepath: str,
    event_type: str | None = None,
    verbose: bool = False,
    dummy_sep: str = "\t",
    *,
    full_cmdline: bool = False,
    progress: bool | None = None,
    limits: Limits | None = None,
) -> pd.DataFrame:
    r"""
    Read the events of a raw ``audit.log`` file.

    Parameters
    ----------
    filepath : str
        Path of the log.
    event_type : str, optional
        Keep only events of this type (the default is None: all types).
    verbose : bool, optional
        Report progress on stderr (the default is False).
    dummy_sep : str, optional
        Accepted for compatibility and ignored: lines are always read whole (msticpy
        reads them with ``pandas.read_csv`` and this separator).
    full_cmdline : bool, optional
        Beyond msticpy: build ``cmdline`` from every argument (the default is False).
    progress : bool, optional
        Show a progress bar on stderr; None (the default) shows one when ``verbose``
        is set, or for files of 64 MiB or more in a notebook or when stderr is a terminal.
    limits : Limits, optional
        Budgets (``audit_max_line_bytes``, ``audit_max_pending_events``); the process
        default if None.

    Returns
    -------
    pd.DataFrame
        One row per message id, in msticpy's order and layout;
        ``attrs["auditd_status"]`` counts what was skipped or degraded.

    Raises
    ------
    TypeError
        If `filepath` is not a str or os.PathLike path (msticpy: pandas' ValueError).
    OSError
        ``FileNotFoundError``, ``IsADirectoryError``, ``PermissionError``: each names
        the path.

    """
    del dummy_sep
    filepath = checked_path(filepath)
    with os_errors_name(filepath):
        reader = _native().AuditFileReader(
            filepath, limits=_limit_args(limits), full_cmdline=full_cmdline, event_type=event_type
        )
    bar = _progress_bar(os.path.getsize(filepath), progress, verbose)
    while True:
        finished = reader.step(_STEP_BYTES)
        bar.advance_to(reader.bytes_read())
        if finished:
            break
    bar.close()
    table = reader.finish()
    index = pd.Index(_labels(table).copy())
    fields, keys, types, stamps, counters = _table_frame(table)
    frame = _assemble(fields, index, types, {"mssg_id": keys}, stamps)
    _verbose(verbose, f"Complete. {len(frame)} output rows")
    _report(frame, counters, limits, str(filepath))
    return frame


def generate_process_tree(
    audit_data: pd.DataFrame, branch_depth: int = 4, processes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """
    Build the process tree of auditd process events.

    Parameters
    ----------
    audit_data : pd.DataFrame
        ``SYSCALL_EXECVE`` events (for example from ``get_event_subset``).
    branch_depth : int, optional
        Ignored, as in msticpy (kept for compatibility).
    processes : pd.DataFrame, optional
        Ignored, as in msticpy (kept for compatibility).

    Returns
    -------
    pd.DataFrame
        ``msticpy.transform.proc_tree_builder.build_process_tree(audit_data)``.

    """
    del branch_depth, processes
    # Process trees are their own capability; imported on use.
    from .proc_tree_builder import build_process_tree

    return build_process_tree(audit_data)
