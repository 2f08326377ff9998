"""
Process trees from process-creation events (msticpy 3.x ``msticpy.transform.proc_tree_builder``).

``build_process_tree`` turns Windows 4688, Linux auditd ``SYSCALL_EXECVE``, Sysmon,
osquery or FireEye HX process events into a tree frame equal to msticpy 3.0.2's: one
row per process, indexed by ``proc_key`` (``lower(path)|pid|time``), with
``parent_key``, the parent's columns (``*_par``), ``IsRoot``/``IsLeaf``/``IsBranch``,
``source_index``, ``path`` and ``parent_index``. Parents are matched by time (the latest
process with the parent's PID, and name where the schema has one, created at or before
the child), so reused PIDs resolve to the right process; processes whose parent is not
in the data get a synthetic "inferred parent" row. The matching, keys and paths run in
the native core; see ``docs/process_tree.md``.

The classic paths ``msticpy.sectools.proc_tree_builder`` and
``msticpy.sectools.process_tree_utils`` / ``msticpy.sectools.ptree`` reach these objects.
"""

from __future__ import annotations

import logging
import operator
from typing import Any

import pandas as pd

from .._version import VERSION
from . import _proc_tree_frames as frames
from . import _proc_tree_mde as mde
from ._arrow_pool import system_arrow_pool
from ._proc_tree_frames import ProcessTreeDataError
from .proc_tree_schema import (
    LX_EVENT_SCH,
    MDE_EVENT_SCH,
    MDE_INT_EVENT_SCH,
    SUPPORTED_SCHEMAS,
    WIN_EVENT_SCH,
    ProcSchema,
)
from .process_tree_utils import get_summary_info

__version__ = VERSION
__all__ = [
    "LX_EVENT_SCH",
    "MDE_EVENT_SCH",
    "MDE_INT_EVENT_SCH",
    "SUPPORTED_SCHEMAS",
    "WIN_EVENT_SCH",
    "ProcSchema",
    "ProcessTreeDataError",
    "build_process_tree",
    "infer_schema",
]

_LOGGER = logging.getLogger(__name__)

#: Budget for the total size of the ``path`` strings (a single very deep chain of
#: processes makes them quadratic); exceeding it raises ``LimitExceededError``.
MAX_PATH_BYTES = 512 * 1024 * 1024


def build_process_tree(
    procs: pd.DataFrame,
    schema: ProcSchema | dict[str, Any] | None = None,
    show_summary: bool = False,
    debug: bool = False,
    **kwargs: Any,
) -> pd.DataFrame:
    """
    Build process trees from process-creation events.

    Parameters
    ----------
    procs : pd.DataFrame
        Process events (Windows 4688, Linux auditd, Microsoft Defender, ...).
    schema : ProcSchema | dict[str, Any] | None, optional
        Column schema of ``procs``; a dict is turned into a ``ProcSchema``. Inferred
        from the columns when None.
    show_summary : bool, optional
        Print ``get_summary_info`` of the tree, by default False. The classic keyword
        ``show_progress`` (msticpy 0.8) is accepted with the same meaning.
    debug : bool, optional
        Log the number of matched, orphan and inferred-parent rows, by default False.
    **kwargs
        ``plot_args`` (Microsoft Defender column renames for plots) and
        ``max_path_bytes`` (path budget, default ``MAX_PATH_BYTES``).

    Returns
    -------
    pd.DataFrame
        The process tree frame, sorted by ``path`` and time.

    Raises
    ------
    TypeError
        If no schema is given and none matches the columns.
    ProcessTreeDataError
        If there are no process-creation events or the time column is unusable.
    LimitExceededError
        If the tree paths exceed ``max_path_bytes``.

    """
    show_summary = show_summary or bool(kwargs.pop("show_progress", False))
    max_path_bytes = _path_budget(kwargs.pop("max_path_bytes", MAX_PATH_BYTES))
    if isinstance(schema, dict):
        schema = ProcSchema(**schema)
    if not schema or schema == MDE_INT_EVENT_SCH:
        schema = infer_schema(procs)
    if not schema:
        raise TypeError(
            "No matching schema for input data found.",
            "Please create a schema definition for the process data and",
            "pass it as the 'schema' parameter to this function.",
        )
    plot_args = kwargs.pop("plot_args", None)
    # The frames are Arrow-backed on pandas 3: see _arrow_pool for why not mimalloc.
    with system_arrow_pool():
        tree = _build(procs, schema, plot_args, max_path_bytes, debug)
    if show_summary:
        # msticpy prints the summary when asked to; it is the caller's request.
        print(get_summary_info(tree))
    return tree


def _build(
    procs: pd.DataFrame,
    schema: ProcSchema,
    plot_args: dict[str, Any] | None,
    max_path_bytes: int,
    debug: bool,
) -> pd.DataFrame:
    """The tree frame of ``procs`` with a resolved ``schema`` (see ``build_process_tree``)."""
    if schema == MDE_EVENT_SCH:
        procs = mde.convert_to_internal(procs, schema, plot_args)
        schema = MDE_INT_EVENT_SCH
    if schema == MDE_INT_EVENT_SCH:
        extracted = mde.extract_process_tree(procs, debug=debug)
        tree = mde.shape_keyed_tree(extracted, max_path_bytes)
    else:
        cleaned, schema, passthrough = frames.clean_events(procs, schema)
        merged = frames.merge_parents(cleaned, schema)
        with_parents = frames.add_inferred_parents(merged, schema)
        if debug:
            _LOGGER.info(
                "processes: %d, inferred parents: %d",
                len(merged),
                len(with_parents) - len(merged),
            )
        tree = frames.shape_tree(with_parents, schema, max_path_bytes, passthrough)
    return tree


def infer_schema(data: pd.DataFrame | pd.Series) -> ProcSchema | None:
    """
    Return the built-in schema whose columns best match ``data``.

    Parameters
    ----------
    data : pd.DataFrame | pd.Series
        Process events (a Series' index is used as its columns).

    Returns
    -------
    ProcSchema | None
        The schema sharing the most columns with ``data`` (at least 4; a later schema
        in ``SUPPORTED_SCHEMAS`` wins a tie, as in msticpy), or None.

    """
    src_cols = set(data.columns if isinstance(data, pd.DataFrame) else data.index)
    best: dict[int, ProcSchema] = {}
    for candidate in SUPPORTED_SCHEMAS:
        best[len(src_cols & set(candidate.columns))] = candidate
    top = max(best)
    return best[top] if top >= 4 else None


def _path_budget(value: Any) -> int:
    """``max_path_bytes`` as an int, or ``ValueError`` naming the valid range."""
    try:
        number = operator.index(value)
    except TypeError:
        number = -1
    if isinstance(value, bool) or not 0 <= number <= 2**63 - 1:
        raise ValueError(
            f"max_path_bytes must be a whole number of bytes from 0 to 2**63-1, not {value!r}"
        )
    return number
