"""
The steps that need every row at once, run on the driver.

DBSCAN clustering (``eventcluster.dbcluster_events``) compares every event with its
neighbours in feature space, so no partition can answer for itself. The scale helpers
compute the features where the data lives (``add_process_features``), then bring only
the columns the clustering needs to the driver, under a row cap, and run msticpy's
function there.
"""

from __future__ import annotations

from typing import Any

from ..common.exceptions import MsticpyUserError


class DriverMemoryError(MsticpyUserError, ValueError):
    """A global step would bring more rows to the driver than ``max_rows`` allows."""


def check_rows(count: int, max_rows: int, what: str) -> None:
    """
    Refuse to collect more than ``max_rows`` rows to the driver.

    Raises
    ------
    DriverMemoryError
        If ``count`` exceeds ``max_rows``.

    """
    if count > max_rows:
        raise DriverMemoryError(
            f"{what} runs on the driver and needs all {count} rows there, over "
            f"max_rows={max_rows}: filter or sample the data first, or raise max_rows"
        )


def cluster_frame(frame: Any, cluster_columns: list[str], kwargs: dict[str, Any]) -> tuple:
    """msticpy's ``dbcluster_events`` on the collected frame."""
    from ..analysis.eventcluster import dbcluster_events

    return dbcluster_events(frame, cluster_columns=cluster_columns, **kwargs)


def cluster_input_columns(
    available: list[str], cluster_columns: list[str], columns: list[str] | None, kwargs: dict
) -> list[str]:
    """
    The columns ``dbcluster_events`` collects to the driver.

    ``columns`` (default none), then the cluster columns, then ``time_column`` (from
    ``kwargs``, default ``TimeCreatedUtc``) when the frame has it; each once.
    """
    time_column = kwargs.get("time_column", "TimeCreatedUtc")
    wanted = list(dict.fromkeys([*(columns or []), *cluster_columns]))
    if time_column in available and time_column not in wanted:
        wanted.append(time_column)
    return wanted
