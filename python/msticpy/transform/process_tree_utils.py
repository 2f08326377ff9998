"""
Navigating process trees (msticpy 3.x ``msticpy.transform.process_tree_utils``).

Every helper takes the frame returned by ``build_process_tree`` (indexed by
``proc_key``). ``source`` is a process's ``proc_key`` or its row (a Series). The
classic module names ``msticpy.sectools.process_tree_utils`` and ``msticpy.sectools.ptree``
are this module; ``build_process_tree``/``infer_schema`` are re-exported here as they
were in msticpy 0.8.
"""

from __future__ import annotations

import textwrap
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._version import VERSION
from .proc_tree_schema import ColNames as Col
from .proc_tree_schema import ProcSchema

__version__ = VERSION
__all__ = [
    "TemplateLine",
    "build_process_key",
    "get_ancestors",
    "get_children",
    "get_descendents",
    "get_parent",
    "get_process",
    "get_process_key",
    "get_root",
    "get_root_tree",
    "get_roots",
    "get_siblings",
    "get_summary_info",
    "get_tree_depth",
    "tree_to_text",
]


def __getattr__(name: str) -> Any:
    """Classic 0.8.x re-exports of the builder, loaded on use (no import cycle)."""
    if name in ("build_process_tree", "infer_schema"):
        from . import proc_tree_builder

        return getattr(proc_tree_builder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_process_key(procs: pd.DataFrame, source_index: int | str) -> str:
    """
    Return the ``proc_key`` of the process whose ``source_index`` is given.

    Parameters
    ----------
    procs : pd.DataFrame
        Process tree frame.
    source_index : int | str
        ``source_index`` value of the process (the tree stores it as text).

    Returns
    -------
    str
        The process key.

    """
    return procs[procs[Col.source_index] == source_index].iloc[0].name


def build_process_key(source_proc: pd.Series, schema: ProcSchema | None = None) -> str:
    """
    Return the ``proc_key`` a process event gets in a tree (msticpy 0.8 helper).

    Parameters
    ----------
    source_proc : pd.Series
        One process event.
    schema : ProcSchema, optional
        Its schema; inferred from the Series' labels when None.

    Returns
    -------
    str
        ``lower(process path)|pid|time`` with the time rounded to 10 µs, the format of
        the tree index (msticpy 3.x). Naive times are taken as UTC.

    """
    if schema is None:
        from .proc_tree_builder import infer_schema

        schema = infer_schema(source_proc)
        if schema is None:
            raise TypeError("No matching schema for the process event; pass 'schema'.")
    proc_path = str(source_proc[schema.process_name]).lower()
    pid = source_proc[schema.process_id]
    stamp = pd.Timestamp(source_proc[schema.time_stamp]).round("10us")
    return f"{proc_path}|{pid}|{stamp.strftime('%Y-%m-%d %H:%M:%S.%f')}"


def get_roots(procs: pd.DataFrame) -> pd.DataFrame:
    """Return the root processes of the trees."""
    return procs[procs["IsRoot"]]


def get_process(procs: pd.DataFrame, source: str | pd.Series) -> pd.Series:
    """
    Return a process row.

    Parameters
    ----------
    procs : pd.DataFrame
        Process tree frame.
    source : str | pd.Series
        ``proc_key`` of the process, or the row itself (returned unchanged).

    Returns
    -------
    pd.Series
        The process row.

    Raises
    ------
    ValueError
        If ``source`` is neither a string nor a Series.

    """
    if isinstance(source, str):
        return procs.loc[source]
    if isinstance(source, pd.Series):
        return source
    raise ValueError("Unknown type for source parameter.")


def get_parent(procs: pd.DataFrame, source: str | pd.Series) -> pd.Series | None:
    """Return the parent row of ``source``, or None when its parent is not in ``procs``."""
    proc = get_process(procs, source)
    parent_key = proc[Col.parent_key]
    if parent_key in procs.index:
        return procs.loc[parent_key]
    return None


def get_root(procs: pd.DataFrame, source: str | pd.Series) -> pd.Series:
    """Return the root process of the tree ``source`` belongs to."""
    proc = get_process(procs, source)
    root_index = proc["path"].split("/")[0]
    # The first row with that source index, read without filtering the whole frame.
    matches = np.flatnonzero((procs[Col.source_index] == root_index).to_numpy(dtype=bool))
    if not len(matches):
        raise IndexError("single positional indexer is out-of-bounds")
    return procs.iloc[matches[0]]


def get_root_tree(procs: pd.DataFrame, source: str | pd.Series) -> pd.DataFrame:
    """Return every process of the tree ``source`` belongs to."""
    proc = get_process(procs, source)
    root_index = proc["path"].split("/")[0]
    return procs[procs["path"].str.startswith(root_index)]


def get_tree_depth(procs: pd.DataFrame) -> int:
    """Return the number of levels of the deepest tree."""
    return procs["path"].str.count("/").max() + 1


def _fill_empty_columns(data: pd.DataFrame) -> pd.DataFrame:
    """All-missing text columns become ``""`` and all-missing numeric ones ``0``."""
    data = data.copy()
    for col in data.columns[data.isna().all()]:
        if data[col].dtype == "object":
            data[col] = data[col].fillna("")
        elif pd.api.types.is_numeric_dtype(data[col].dtype):
            data[col] = data[col].fillna(0)
    return data


def _with_source(proc: pd.Series, others: pd.DataFrame, index_name: Any) -> pd.DataFrame:
    """``proc`` as a one-row frame followed by ``others``, as msticpy concatenates them."""
    combined = pd.concat([_fill_empty_columns(pd.DataFrame(proc).T), others])
    combined.index.name = index_name
    return combined


def get_children(
    procs: pd.DataFrame, source: str | pd.Series, include_source: bool = True
) -> pd.DataFrame:
    """
    Return the direct children of ``source``.

    Parameters
    ----------
    procs : pd.DataFrame
        Process tree frame.
    source : str | pd.Series
        ``proc_key`` or row of the process.
    include_source : bool, optional
        Put the source process first in the result, by default True.

    Returns
    -------
    pd.DataFrame
        Child processes.

    """
    proc = get_process(procs, source)
    children = procs[procs[Col.parent_key] == proc.name]
    if include_source:
        return _with_source(proc, _fill_empty_columns(children), procs.index.name)
    return children


def get_descendents(
    procs: pd.DataFrame,
    source: str | pd.Series,
    include_source: bool = True,
    max_levels: int = -1,
) -> pd.DataFrame:
    """
    Return every process below ``source``, level by level.

    Parameters
    ----------
    procs : pd.DataFrame
        Process tree frame.
    source : str | pd.Series
        ``proc_key`` or row of the process.
    include_source : bool, optional
        Include the source process, by default True.
    max_levels : int, optional
        Number of levels to descend, by default -1 (all).

    Returns
    -------
    pd.DataFrame
        Descendant processes sorted by ``path``.

    """
    proc = get_process(procs, source)
    found = _descendents_by_path(procs, proc, max_levels)
    if found is None:
        found = _descendents_by_level(procs, proc, max_levels)
    found = _fill_empty_columns(found)
    if include_source:
        found = _with_source(proc, found, procs.index.name)
    return found.sort_values("path")


def _descendents_by_path(
    procs: pd.DataFrame, proc: pd.Series, max_levels: int
) -> pd.DataFrame | None:
    """
    Descendants of a process a root reaches, selected by path prefix in one pass.

    A reached process's descendants are the rows whose ``path`` extends its own
    (``path`` is built down the same parent links), which equals walking the
    ``parent_key`` links level by level as long as no link is missing from ``procs``
    (checked: every selected row's parent is the source or another selected row).
    Returns None when the shortcut does not apply: a process no root reaches (e.g. in a
    parent-key cycle), a frame without paths, a filtered frame with broken links, or
    no descendants at all (the level walk's empty result is returned then).
    """
    if not {"path", "IsRoot", Col.parent_key} <= set(procs.columns):
        return None
    parent_index = proc.get("parent_index")
    reached = bool(proc.get("IsRoot")) or (parent_index is not None and not pd.isna(parent_index))
    path = proc.get("path")
    if not reached or not isinstance(path, str):
        return None
    paths = procs["path"]
    below = paths.str.startswith(f"{path}/").fillna(False).to_numpy(dtype=bool)
    if max_levels != -1:
        levels = paths.str.count("/").to_numpy(dtype=float) - path.count("/")
        below = below & (levels <= max_levels)
    found = procs[below]
    linked = found[Col.parent_key].isin(found.index.append(pd.Index([proc.name])))
    if found.empty or not linked.all():
        return None
    return found


def _descendents_by_level(procs: pd.DataFrame, proc: pd.Series, max_levels: int) -> pd.DataFrame:
    """Descendants found by following ``parent_key`` links one level at a time."""
    levels: list[pd.DataFrame] = []
    frontier: Any = [proc.name]
    remaining = procs
    depth = 0
    while max_levels == -1 or depth < max_levels:
        is_child = remaining[Col.parent_key].isin(frontier)
        children = remaining[is_child]
        if children.empty:
            break
        remaining = remaining[~is_child]
        levels.append(children)
        frontier = children.index
        depth += 1
    if levels:
        return pd.concat(levels)
    found = pd.DataFrame(columns=proc.index, index=None)
    found.index.name = Col.proc_key
    return found


def get_ancestors(
    procs: pd.DataFrame, source: str | pd.Series, include_source: bool = True
) -> pd.DataFrame:
    """Return the chain of processes from the root down to ``source``, sorted by path."""
    proc = get_process(procs, source)
    chain = proc["path"].split("/")
    if not include_source:
        chain.remove(proc[Col.source_index])
    return procs[procs[Col.source_index].isin(chain)].sort_values("path")


def get_siblings(
    procs: pd.DataFrame, source: str | pd.Series, include_source: bool = True
) -> pd.DataFrame:
    """Return the processes sharing the parent of ``source`` (optionally without it)."""
    parent = get_parent(procs, source)
    proc = get_process(procs, source)
    if parent is None:
        raise ValueError("The source process has no parent in the tree, so no siblings.")
    siblings = get_children(procs, parent, include_source=False)
    if not include_source:
        return siblings[siblings.index != proc.name]
    return siblings


def get_summary_info(procs: pd.DataFrame) -> dict[str, int]:
    """
    Return counts describing the trees.

    Returns
    -------
    dict[str, int]
        ``Processes``, ``RootProcesses``, ``LeafProcesses``, ``BranchProcesses``,
        ``IsolatedProcesses`` (root and leaf) and ``LargestTreeDepth``.

    """
    return {
        "Processes": len(procs),
        "RootProcesses": int(procs["IsRoot"].sum()),
        "LeafProcesses": int(procs["IsLeaf"].sum()),
        "BranchProcesses": int(procs["IsBranch"].sum()),
        "IsolatedProcesses": int((procs["IsRoot"] & procs["IsLeaf"]).sum()),
        "LargestTreeDepth": procs["path"].str.count("/").max() + 1,
    }


class TemplateLine(NamedTuple):
    """
    One line of a node in ``tree_to_text``.

    ``items`` are ``(label, column)`` pairs; ``wrap`` is the line width.
    """

    items: list[tuple[str, str]] = []
    wrap: int = 80


def _template_for(schema: ProcSchema | dict[str, Any]) -> list[TemplateLine]:
    if isinstance(schema, dict):
        schema = ProcSchema(**schema)
    lines = [
        TemplateLine(items=[("Process", schema.process_name), ("PID", schema.process_id)]),
        TemplateLine(items=[("Time", schema.time_stamp)]),
    ]
    if schema.cmd_line:
        lines.append(TemplateLine(items=[("Cmdline", schema.cmd_line)]))
    account = [("Account", col) for col in (schema.user_id, schema.logon_id) if col]
    if account:
        lines.append(TemplateLine(items=account))
    return lines


def _node_header(depth: int) -> str:
    return "+ " if depth == 0 else "   " * depth + "+-- "


def tree_to_text(
    procs: pd.DataFrame,
    schema: ProcSchema | dict[str, Any] | None = None,
    template: list[TemplateLine] | None = None,
    sort_column: str = "path",
    wrap_column: int = 0,
) -> str:
    """
    Return a text drawing of the process trees.

    Parameters
    ----------
    procs : pd.DataFrame
        Process tree frame.
    schema : ProcSchema | dict, optional
        Schema used to pick the columns shown (when no ``template`` is given).
    template : list[TemplateLine], optional
        Lines to print for each process.
    sort_column : str, optional
        Column to order the processes by, by default ``"path"``.
    wrap_column : int, optional
        Line width overriding the template's, by default 0 (use the template's).

    Returns
    -------
    str
        The drawing.

    Raises
    ------
    ValueError
        If neither ``schema`` nor ``template`` is given.

    """
    if not schema and not template:
        raise ValueError("One of 'schema' and 'template' must be supplied", "as parameters.")
    template = template or _template_for(schema)  # type: ignore[arg-type]
    out: list[str] = []
    for _, row in procs.sort_values(sort_column).iterrows():
        header = _node_header(row["path"].count("/"))
        indent = " " * len(header) + " "
        first = template[0]
        text = "  ".join(
            f"{name}: {row[col]}" if name else f"{row[col]}" for name, col in first.items
        )
        text = "\n".join(
            textwrap.wrap(text, width=wrap_column or first.wrap, subsequent_indent=indent)
        )
        out.append(f"{header} {text}\n")
        for line in template[1:]:
            text = "  ".join(f"{name}: {row[col]}" for name, col in line.items)
            text = "\n".join(
                textwrap.wrap(
                    text,
                    width=wrap_column or line.wrap,
                    initial_indent=indent,
                    subsequent_indent=indent + "   ",
                )
            )
            out.extend([text, "\n"])
    return "".join(out)
