"""
Event clustering (msticpy ``analysis.eventcluster``, classic ``sectools.eventcluster``).

Summarises large numbers of similar events: numeric features are derived from text
(delimiter counts and hashes, character-code sums, token counts, CRC32 hashes), rows
are L2-normalised and clustered with DBSCAN, and each cluster is reduced to its first
event plus ``ClusterSize`` and first/last event times. All the work runs in the native
core (no scikit-learn, scipy or matplotlib needed); labels equal scikit-learn's DBSCAN
on the same matrix. ``plot_cluster`` imports matplotlib only when called.

Beyond msticpy: :func:`cluster_templates` mines log templates (the job Drain does).
See ``docs/clustering.md`` for deliberate differences and limits.
"""

from __future__ import annotations

import math
import re
import sys
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .. import _native
from ..transform import _columns
from ._cluster_plot import plot_cluster
from ._matrix import ClusterInputError, as_matrix, floats, ints
from .dbscan import DBSCAN, l2_normalize
from .log_templates import cluster_templates

DEFAULT_DELIMITERS = r'[\s\-\\/\.,"\'|&:;%$()]'

__all__ = [
    "DBSCAN",
    "ClusterInputError",
    "add_process_features",
    "char_ord_score",
    "char_ord_score_df",
    "cluster_templates",
    "crc32_hash",
    "crc32_hash_df",
    "dbcluster_events",
    "delim_count",
    "delim_count_df",
    "delim_hash",
    "plot_cluster",
    "token_count",
    "token_count_df",
]


# --- scalar scorers (lru_cached like msticpy's, so inputs must be hashable) ---------


@lru_cache(maxsize=1024)
def delim_count(value: str, delim_list: str = DEFAULT_DELIMITERS) -> int:
    r"""
    Count the delimiters in a string.

    Parameters
    ----------
    value : str
        Data to process.
    delim_list : str, optional
        Regular expression of the delimiters, default ``[\s\-\\/\.,"\'|&:;%$()]``.

    Returns
    -------
    int
        Number of delimiter matches.

    """
    if delim_list == DEFAULT_DELIMITERS and isinstance(value, str):
        return int(_native.cluster_score("delim_count", value))
    return len(re.findall(delim_list, value))


@lru_cache(maxsize=1024)
def delim_hash(value: str, delim_list: str = DEFAULT_DELIMITERS) -> int:
    r"""
    Return the CRC32 of the delimiters of a string, concatenated.

    Parameters
    ----------
    value : str
        Data to process.
    delim_list : str, optional
        Regular expression of the delimiters, default ``[\s\-\\/\.,"\'|&:;%$()]``.

    Returns
    -------
    int
        Unsigned CRC32 of the UTF-8 of the matched delimiters.

    """
    if delim_list == DEFAULT_DELIMITERS and isinstance(value, str):
        return int(_native.cluster_score("delim_hash", value))
    import binascii

    return binascii.crc32("".join(re.findall(delim_list, value)).encode("utf-8"))


@lru_cache(maxsize=1024)
def char_ord_score(value: str, scale: int = 1) -> int:
    """
    Return the sum of the code points of a string, divided by ``scale`` and floored.

    Parameters
    ----------
    value : str
        Data to process.
    scale : int, optional
        Divisor that reduces the feature's influence (default 1).

    Returns
    -------
    int
        ``floor(sum(ord(c)) / scale)``.

    """
    if not isinstance(value, str):
        raise TypeError(f"char_ord_score expects a str, not {type(value).__name__}")
    return math.floor(int(_native.cluster_score("char_ord_sum", value)) / scale)


@lru_cache(maxsize=1024)
def token_count(value: str, delimiter: str = " ") -> int:
    """
    Return the number of ``delimiter``-separated tokens (``len(value.split(delimiter))``).

    Parameters
    ----------
    value : str
        Data to process.
    delimiter : str, optional
        Token separator (default a space).

    Returns
    -------
    int
        Count of tokens (1 for an empty string).

    """
    if not isinstance(value, str) or not isinstance(delimiter, str) or not delimiter:
        return len(value.split(delimiter))  # Python's own errors and None semantics
    return int(_native.cluster_score("token_count", value, delimiter))


@lru_cache(maxsize=1024)
def crc32_hash(value: str) -> int:
    """
    Return the unsigned CRC32 of the UTF-8 bytes of a string.

    Parameters
    ----------
    value : str
        Data to process.

    Returns
    -------
    int
        CRC32 hash.

    """
    if not isinstance(value, str):
        raise TypeError(f"crc32_hash expects a str, not {type(value).__name__}")
    return int(_native.cluster_score("crc32", value))


# --- column scorers -----------------------------------------------------------------


def _scores(data: pd.DataFrame, column: str, kind: str, delimiter: str = " ") -> np.ndarray:
    """Native scores of a column (missing cells score as the empty string)."""
    cells = _columns.native_column(data, "pandas", column)
    return ints(_native.cluster_score_column(cells, kind, delimiter))


def delim_count_df(
    data: pd.DataFrame, column: str, delim_list: str = DEFAULT_DELIMITERS
) -> pd.Series:
    r"""
    Count the delimiters in each value of ``column``.

    Parameters
    ----------
    data : pd.DataFrame
        The DataFrame to process.
    column : str
        The column to process.
    delim_list : str, optional
        Regular expression of the delimiters, default ``[\s\-\\/\.,"\'|&:;%$()]``.

    Returns
    -------
    pd.Series
        Delimiter counts (NaN for missing values, as ``Series.str.count``).

    """
    series = data[column]
    if delim_list != DEFAULT_DELIMITERS:
        return series.str.count(delim_list)
    counts = pd.Series(_scores(data, column, "delim_count"), index=data.index, name=column)
    missing = series.isna()
    return counts.where(~missing) if missing.any() else counts


def char_ord_score_df(data: pd.DataFrame, column: str, scale: int = 1) -> pd.Series:
    """
    Return the sum of the code points of each value of ``column``, divided by ``scale``.

    Parameters
    ----------
    data : pd.DataFrame
        The DataFrame to process.
    column : str
        The column to process.
    scale : int, optional
        Divisor that reduces the feature's influence (default 1).

    Returns
    -------
    pd.Series
        float64 scores (not floored, as msticpy's).

    """
    if scale == 0:
        raise ZeroDivisionError("division by zero")
    sums = _scores(data, column, "char_ord_sum")
    return pd.Series(sums / scale, index=data.index, dtype="float64")


def token_count_df(data: pd.DataFrame, column: str, delimiter: str = " ") -> pd.Series:
    """
    Return the number of ``delimiter``-separated tokens in each value of ``column``.

    Parameters
    ----------
    data : pd.DataFrame
        The DataFrame to process.
    column : str
        The column to process.
    delimiter : str, optional
        Token separator (default a space).

    Returns
    -------
    pd.Series
        int64 token counts.

    """
    if not isinstance(delimiter, str) or not delimiter:
        return data[column].map(lambda v: len(v.split(delimiter))).astype("int64")
    return pd.Series(_scores(data, column, "token_count", delimiter), index=data.index)


def crc32_hash_df(data: pd.DataFrame, column: str) -> pd.Series:
    """
    Return the CRC32 hash of each value of ``column``.

    Parameters
    ----------
    data : pd.DataFrame
        The DataFrame to process.
    column : str
        The column to process.

    Returns
    -------
    pd.Series
        int64 unsigned CRC32 values.

    """
    return pd.Series(_scores(data, column, "crc32"), index=data.index)


# --- add_process_features -----------------------------------------------------------


def _log10_or_zero(values: pd.Series) -> pd.Series:
    """``log10(v) if v else 0`` per value, with math.log10 (msticpy's exact values)."""
    out = [math.log10(v) if v else 0 for v in values.tolist()]
    return pd.Series(out, index=values.index)


def _float_or_int(values: np.ndarray, index: pd.Index) -> pd.Series:
    """A log column: float64, or int64 zeros when every value is 0 (as msticpy's apply)."""
    if len(values) and not values.any():
        return pd.Series(values.astype(np.int64), index=index)
    return pd.Series(values, index=index)


def _guess_separator(frame: pd.DataFrame) -> str:
    """``/`` if any of the first 10 ``NewProcessName`` values holds one, else ``\\``."""
    sample = frame["NewProcessName"].head(10).tolist()
    return "/" if any(isinstance(v, str) and "/" in v for v in sample) else "\\"


def _add_path_features(frame: pd.DataFrame, force: bool, separator: str) -> None:
    wanted = [c for c in ("processName", "pathScore", "pathLogScore", "pathHash")]
    wanted = [c for c in wanted if force or c not in frame]
    if not wanted:
        return
    names, score, log_score, path_hash = _native.cluster_path_features(
        _columns.native_column(frame, "pandas", "NewProcessName"), separator
    )
    index = frame.index
    if "processName" in wanted:
        frame["processName"] = pd.Series(names, index=index)
    if "pathScore" in wanted:
        frame["pathScore"] = pd.Series(ints(score), index=index)
    if "pathLogScore" in wanted:
        if "pathScore" in wanted:
            frame["pathLogScore"] = _float_or_int(floats(log_score), index)
        else:  # msticpy derives it from the existing pathScore column
            frame["pathLogScore"] = _log10_or_zero(frame["pathScore"])
    if "pathHash" in wanted:
        frame["pathHash"] = pd.Series(ints(path_hash), index=index)


def _add_commandline_features(frame: pd.DataFrame, force: bool) -> None:
    names = (
        "commandlineLen",
        "commandlineLogLen",
        "commandlineTokensFull",
        "commandlineScore",
        "commandlineTokensHash",
    )
    wanted = [c for c in names if force or c not in frame]
    if not wanted:
        return
    length, log_len, tokens, score, token_hash = _native.cluster_commandline_features(
        _columns.native_column(frame, "pandas", "CommandLine")
    )
    index = frame.index
    if "commandlineLen" in wanted:
        frame["commandlineLen"] = pd.Series(ints(length), index=index)
    if "commandlineLogLen" in wanted:
        if "commandlineLen" in wanted:
            frame["commandlineLogLen"] = _float_or_int(floats(log_len), index)
        else:
            frame["commandlineLogLen"] = _log10_or_zero(frame["commandlineLen"])
    if "commandlineTokensFull" in wanted:
        frame["commandlineTokensFull"] = pd.Series(ints(tokens), index=index)
    if "commandlineScore" in wanted:
        frame["commandlineScore"] = pd.Series(ints(score), index=index)
    if "commandlineTokensHash" in wanted:
        frame["commandlineTokensHash"] = pd.Series(ints(token_hash), index=index)


def add_process_features(
    input_frame: pd.DataFrame, path_separator: str | None = None, force: bool = False
) -> pd.DataFrame:
    r"""
    Add numeric features derived from the process path and command line.

    Parameters
    ----------
    input_frame : pd.DataFrame
        The input DataFrame (``NewProcessName``, ``CommandLine``, ``SubjectLogonId``).
    path_separator : str, optional
        Path separator; by default ``/`` if any of the first 10 ``NewProcessName``
        values holds one, else ``\``.
    force : bool, optional
        Recompute feature columns that already exist (default False).

    Returns
    -------
    pd.DataFrame
        A copy of the frame with ``processName``, ``pathScore``, ``pathLogScore``,
        ``pathHash``, ``commandlineLen``, ``commandlineLogLen``,
        ``commandlineTokensFull``, ``commandlineScore``, ``commandlineTokensHash`` and
        ``isSystemSession`` (each only if its source column exists).

    """
    output_df = input_frame.copy()
    if "NewProcessName" in output_df and "CommandLine" in output_df:
        cols = ["NewProcessName", "CommandLine"]
        output_df[cols] = output_df[cols].fillna(value="")
    if path_separator is None:
        path_separator = _guess_separator(output_df)
    if not path_separator:
        raise ValueError("empty separator")
    if "NewProcessName" in output_df:
        _add_path_features(output_df, force, path_separator)
    if "CommandLine" in output_df:
        _add_commandline_features(output_df, force)
    if "SubjectLogonId" in output_df and ("isSystemSession" not in output_df or force):
        output_df["isSystemSession"] = output_df["SubjectLogonId"].isin(["0x3e7", "-1"])
    return output_df


# --- dbcluster_events ---------------------------------------------------------------


_NAT = np.iinfo(np.int64).min
_FAR = np.iinfo(np.int64).max


def _time_bounds(
    times: pd.Series, label_pos: np.ndarray, n_labels: int, tz_aware: bool
) -> tuple[np.ndarray, np.ndarray]:
    """
    Per label (by position in the sorted label set), as int64 nanoseconds (UTC when
    tz-aware): the earliest time, and the latest time - NaT when any member's time is
    NaT, as msticpy's sort-then-take-last does.
    """
    if tz_aware:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    ns = times.to_numpy(dtype="datetime64[ns]").view(np.int64)
    missing = ns == _NAT
    first = np.full(n_labels, _FAR, dtype=np.int64)
    last = np.full(n_labels, _NAT, dtype=np.int64)
    np.minimum.at(first, label_pos[~missing], ns[~missing])
    np.maximum.at(last, label_pos[~missing], ns[~missing])
    first[first == _FAR] = _NAT
    last[np.bincount(label_pos[missing], minlength=n_labels) > 0] = _NAT
    return first, last


def _time_column(ns: np.ndarray, tz_aware: bool, index: pd.Index) -> pd.Series:
    """int64 nanoseconds as ``datetime64[ns]`` or ``datetime64[ns, UTC]``."""
    stamps = pd.DatetimeIndex(ns.view("datetime64[ns]"))
    return pd.Series(stamps.tz_localize("UTC") if tz_aware else stamps, index=index)


def _merge_clustered_items(
    data: pd.DataFrame | np.ndarray, labels: np.ndarray, time_column: str
) -> pd.DataFrame:
    """Noise rows, then the first row of each cluster, with the cluster columns."""
    cluster_ids, first_rows, label_pos, counts = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    label_pos = label_pos.reshape(-1)
    positions = np.concatenate([np.flatnonzero(labels == -1), first_rows[cluster_ids >= 0]]).astype(
        np.int64
    )
    row_labels = labels[positions]
    row_pos = label_pos[positions]
    if isinstance(data, pd.DataFrame):
        times = data[time_column]
        if not pd.api.types.is_datetime64_any_dtype(times):
            raise ClusterInputError(
                f"time_column {time_column!r} must hold datetimes (dtype {times.dtype})"
            )
        tz_aware = getattr(times.dtype, "tz", None) is not None
        first, last = _time_bounds(times, label_pos, len(cluster_ids), tz_aware)
        frame = data.iloc[positions]
        first_t, last_t = first[row_pos], last[row_pos]
    else:
        tz_aware = False
        frame = pd.DataFrame(data[positions], index=positions)
        first_t = last_t = np.full(len(positions), _NAT, dtype=np.int64)
    sizes = np.where(row_labels == -1, 1, counts[row_pos]).astype(np.int64)
    return frame.assign(
        Clustered=row_labels != -1,
        ClusterId=row_labels.astype(np.int64),
        ClusterSize=sizes,
        TimeGenerated=_time_column(first_t, tz_aware, frame.index),
        FirstEventTime=_time_column(first_t, tz_aware, frame.index),
        LastEventTime=_time_column(last_t, tz_aware, frame.index),
    )


def dbcluster_events(
    data: Any,
    cluster_columns: list[Any] | None = None,
    verbose: bool = False,
    normalize: bool = True,
    time_column: str = "TimeCreatedUtc",
    max_cluster_distance: float = 0.01,
    min_cluster_samples: int = 2,
    **kwargs: Any,
) -> tuple[pd.DataFrame, DBSCAN, np.ndarray]:
    """
    Cluster events on ``cluster_columns`` with DBSCAN and keep one row per cluster.

    Parameters
    ----------
    data : Any
        pandas DataFrame (or numpy array) of events.
    cluster_columns : list[Any], optional
        Feature columns (names for a DataFrame, indexes for an array); all by default.
    verbose : bool, optional
        Write cluster counts to stderr (default False).
    normalize : bool, optional
        L2-normalise each row before clustering (default True).
    time_column : str, optional
        Column of event times (default ``"TimeCreatedUtc"``).
    max_cluster_distance : float, optional
        DBSCAN ``eps`` (default 0.01).
    min_cluster_samples : int, optional
        DBSCAN ``min_samples``, the row itself included (default 2).

    Other Parameters
    ----------------
    kwargs :
        DBSCAN options: ``metric``, ``metric_params``, ``algorithm``, ``leaf_size``,
        ``p``, ``n_jobs`` (see :mod:`msticpy.analysis.dbscan`; unsupported values raise).

    Returns
    -------
    tuple[pd.DataFrame, DBSCAN, np.ndarray]
        Clustered rows (noise rows, then the first row of each cluster, with
        ``Clustered``, ``ClusterId``, ``ClusterSize``, ``TimeGenerated``,
        ``FirstEventTime``, ``LastEventTime``), the fitted model and the
        (normalised) feature matrix.

    """
    if isinstance(data, pd.DataFrame):
        x_input = data.values if cluster_columns is None else data[cluster_columns].values
    elif isinstance(data, np.ndarray):
        x_input = data if cluster_columns is None else data[:, cluster_columns]
    else:
        raise ValueError(
            f"Input data not in expected format: {type(data)} is not one of "
            "numpy.ndarray, pandas.DataFrame"
        )
    db_cluster = DBSCAN(eps=max_cluster_distance, min_samples=min_cluster_samples, **kwargs)
    matrix = as_matrix(x_input)
    if matrix.shape[0] == 0:
        raise ClusterInputError("dbcluster_events needs at least one row")
    x_norm = l2_normalize(matrix) if normalize else matrix
    db_cluster.fit(x_norm)
    labels = db_cluster.labels_
    if verbose:
        sizes = np.unique(labels, return_counts=True)[1]
        sys.stderr.write(
            f"Clustering for set size {len(x_norm)} - {len(sizes)} clusters\n"
            f"Individual cluster sizes: {', '.join(str(c) for c in sizes)}\n"
        )
    clustered = _merge_clustered_items(data, labels, time_column)
    if verbose:
        sys.stderr.write(f"Cluster output rows: {len(clustered)}\n")
    return clustered, db_cluster, x_norm
