"""
Log template mining (beyond msticpy): collapse repetitive lines into templates.

``cluster_templates(data, column)`` groups command lines or syslog messages the way
Drain does: tokens holding digits are variables, lines of the same length and first
token join the most similar template when at least ``similarity`` of their tokens
agree, and positions that differ become ``<*>``. The native core does the work.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import _native
from ..transform import _columns


def cluster_templates(
    data: Any,
    column: str,
    similarity: float = 0.4,
    max_examples: int = 3,
    max_templates_per_group: int = 256,
) -> pd.DataFrame:
    """
    Mine templates from a text column.

    Parameters
    ----------
    data : pd.DataFrame, pyarrow.Table or polars.DataFrame
        Input rows.
    column : str
        The text column (command line, syslog message, ...).
    similarity : float, optional
        Share of equal tokens (0-1) for a line to join a template (default 0.4).
    max_examples : int, optional
        Example rows kept per template (default 3).
    max_templates_per_group : int, optional
        Cap on templates per (token count, first token) group; once reached, lines join
        their most similar template (default 256).

    Returns
    -------
    pd.DataFrame
        One row per template, most frequent first: ``Template``, ``Count``,
        ``Examples`` (index labels of the first rows that matched) and
        ``ExampleValues`` (their text). Missing values are skipped.

    Raises
    ------
    KeyError
        If ``column`` is not in ``data``.
    ValueError
        If ``similarity`` is outside 0-1.

    """
    kind = _columns.frame_kind(data)
    if column not in _columns.column_names(data, kind):
        raise KeyError(column)
    found = _native.cluster_templates(
        _columns.native_column(data, kind, column),
        similarity,
        max_examples,
        max_templates_per_group,
    )
    rows = []
    for template, count, examples in found:
        rows.append(
            {
                "Template": template,
                "Count": count,
                "Examples": _columns.row_labels(data, kind, examples),
                "ExampleValues": _columns.cell_values(data, kind, column, examples),
            }
        )
    return pd.DataFrame(rows, columns=["Template", "Count", "Examples", "ExampleValues"])
