"""
Reducing large event frames before they are plotted (beyond msticpy).

msticpy 3.0.2 puts every event into the page, so a timeline of a million events makes
the browser hang. When a series has more rows than its share of ``max_points``, the
native core (``msticpy._native.timeline_buckets``) cuts its time span into equal slices
and keeps one real event per slice (the earliest, or for value plots the one with the
largest value) plus an ``EventCount`` column saying how many events it stands for. The
glyphs then sit where the events are, tooltips show real rows, and the page stays small.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Default budget of plotted points per figure, shared between its series.
MAX_PLOT_POINTS = 20_000
#: Fewest slices a bucketed series is cut into, however many series share the budget.
MIN_BUCKETS = 100
#: Name of the column added to reduced frames.
COUNT_COLUMN = "EventCount"


def time_ns(series: pd.Series) -> np.ndarray:
    """Int64 times of a datetime column in nanoseconds (``NaT`` -> int64 minimum)."""
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_localize(None)
    return np.asarray(series.to_numpy(dtype="datetime64[ns]")).view(np.int64)


def buckets_per_series(max_points: int, series_count: int) -> int:
    """The number of time slices each series may use."""
    return max(MIN_BUCKETS, int(max_points) // max(1, series_count))


def reduce_events(
    data: pd.DataFrame,
    time_column: str,
    n_buckets: int,
    group_column: str | None = None,
    value_column: str | None = None,
) -> pd.DataFrame:
    """
    Return ``data`` unchanged when it is small, else one row per (series, time slice).

    Parameters
    ----------
    data : pd.DataFrame
        Events with a datetime ``time_column``.
    time_column : str
        The time column.
    n_buckets : int
        Slices per series; frames with at most this many rows per series are kept whole.
    group_column : str, optional
        Column that splits the frame into series (each reduced on its own).
    value_column : str, optional
        Numeric column of a value plot: each slice keeps its largest value.

    Returns
    -------
    pd.DataFrame
        The kept rows (original index and columns) plus ``EventCount`` when reduced.

    """
    if group_column:
        codes, uniques = pd.factorize(data[group_column], use_na_sentinel=False)
        per_series = len(data) / max(1, len(uniques))
    else:
        codes = np.zeros(len(data), dtype=np.int64)
        per_series = len(data)
    if per_series <= n_buckets:
        return data
    from .. import _native

    values = None
    if value_column:
        values = pd.to_numeric(data[value_column], errors="coerce").to_numpy(dtype=np.float64)
    rows, counts, _, _ = _native.timeline_buckets(
        time_ns(data[time_column]).tobytes(),
        np.asarray(codes, dtype=np.uint32).tobytes(),
        int(n_buckets),
        None if values is None else np.ascontiguousarray(values).tobytes(),
    )
    reduced = data.take(np.frombuffer(rows, dtype=np.int64))
    reduced = reduced.assign(**{COUNT_COLUMN: np.frombuffer(counts, dtype=np.int64)})
    return reduced.sort_values(time_column, kind="stable")
