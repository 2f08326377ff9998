"""
Duration timelines (msticpy 3.x ``msticpy.vis.timeline_duration``).

``display_timeline_duration`` groups events by one or more columns and draws, per
group, a bar from its first to its last event with the events as diamonds on it, plus
reference markers and a range selector. Large frames keep every group bar but plot at
most ``max_points`` event diamonds (bucketed in time in the native core).
"""

# Bokeh's property types (ranges from tuples, tickers from lists, lazily exported
# models) are wider than its stubs say.
# mypy: disable-error-code="arg-type, attr-defined, assignment"

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

import pandas as pd

from .._version import VERSION
from ..common.utility import check_kwargs
from ._bokeh_output import frame_source, show_plot
from ._timeline_buckets import MAX_PLOT_POINTS, buckets_per_series, reduce_events
from .timeline_common import (
    calc_auto_plot_height,
    check_df_columns,
    create_range_tool,
    create_tool_tips,
    ensure_datetimes,
    get_tick_formatter,
    get_time_bounds,
    plot_ref_events,
    set_axes_and_grids,
)

__version__ = VERSION
__all__ = ["display_timeline_duration"]

_TIMELINE_HELP = (
    "https://msticpy.readthedocs.io/en/latest/msticpy.init.html"
    "#msticpy.init.timeline_duration.{plot_type}"
)


@dataclass
class PlotParams:
    """Keyword options of ``display_timeline_duration`` (msticpy's names and defaults)."""

    height: int | None = None
    width: int = 900
    title: str | None = None
    yaxis: bool = True
    range_tool: bool = True
    xgrid: bool = True
    ygrid: bool = False
    hide: bool = False
    color: str = "navy"
    ylabel_cols: list[str] = field(default_factory=list)
    ref_events: pd.DataFrame | None = None
    ref_col: str | None = None
    ref_times: list[tuple[datetime, str]] | None = None
    source_columns: list[str] = field(default_factory=list)
    max_points: int = MAX_PLOT_POINTS

    @classmethod
    def field_list(cls) -> list[str]:
        """The accepted keyword names."""
        return [item.name for item in fields(cls)]


def display_timeline_duration(
    data: pd.DataFrame,
    group_by: Iterable[str] | str,
    time_column: str = "TimeGenerated",
    end_time_column: str | None = None,
    **kwargs: Any,
) -> Any:
    """
    Display the time span of events grouped by one or more columns.

    Parameters
    ----------
    data : pd.DataFrame
        The events.
    group_by : Iterable[str] | str
        Column(s) to group on; each group gets one row.
    time_column : str, optional
        Start time column, by default ``"TimeGenerated"``.
    end_time_column : str, optional
        End time column (default: ``time_column``).
    **kwargs
        ``title``, ``ylabel_cols``, ``yaxis``, ``range_tool``, ``source_columns``,
        ``height``, ``width``, ``color``, ``hide``, ``ref_events``, ``ref_col``,
        ``ref_times``; ``max_points`` (beyond msticpy).

    Returns
    -------
    LayoutDOM
        The Bokeh figure (in a column with the range selector when ``range_tool``).

    Raises
    ------
    MsticpyParameterError
        If grouping or time columns are missing.

    """
    from bokeh.layouts import column
    from bokeh.models import HoverTool
    from bokeh.plotting import figure
    from bokeh.transform import dodge

    check_kwargs(kwargs, PlotParams.field_list())
    param = PlotParams(**kwargs)
    group_by = [group_by] if isinstance(group_by, str) else list(group_by)
    end_time_column = end_time_column or time_column
    check_df_columns(
        data,
        [*group_by, end_time_column, time_column],
        _TIMELINE_HELP,
        "display_timeline_duration",
    )
    data = ensure_datetimes(data, {time_column, end_time_column})
    grouped = _group_durations(data, group_by, time_column, end_time_column)
    events = data.merge(grouped, on=group_by)
    n_buckets = buckets_per_series(param.max_points, len(grouped))
    if len(events) > param.max_points:
        events = reduce_events(events, time_column, n_buckets, "Row")
    tooltip_columns = [*group_by, "start_time", "end_time", *param.source_columns]
    hover = HoverTool(**create_tool_tips(data, tooltip_columns))
    title = (
        f"Timeline: {param.title}"
        if param.title
        else f"Event Duration Timeline for {', '.join(group_by)}"
    )
    start, end, min_time, max_time = get_time_bounds(
        grouped["start_time"].min(), grouped["end_time"].max()
    )
    height = param.height or calc_auto_plot_height(len(grouped))
    labels = grouped[group_by[0]].astype(str)
    for col in group_by[1:]:
        labels = labels + " / " + grouped[col].astype(str)
    plot = figure(
        x_range=(start, end),
        y_range=list(labels),
        min_border_left=50,
        x_axis_label="Event Time",
        y_axis_label=", ".join(group_by),
        x_axis_type="datetime",
        x_minor_ticks=10,
        tools=[hover, "xwheel_zoom", "box_zoom", "reset", "save", "xpan"],
        title=title,
        height=height,
        width=param.width,
    )
    plot.rect(
        x="Center",
        y=dodge("Row", 0.5),
        width="Width",
        height=0.3,
        source=frame_source(grouped),
        fill_alpha=0.4,
        color=param.color,
    )
    plot.scatter(
        marker="diamond",
        x=time_column,
        y=dodge("Row", 0.5),
        color=param.color,
        alpha=0.5,
        size=5,
        source=frame_source(events),
    )
    set_axes_and_grids(None, plot, param.yaxis, param.ygrid, param.xgrid)
    strip = create_range_tool(
        data=events,
        min_time=min_time,
        max_time=max_time,
        plot_range=plot.x_range,
        width=param.width,
        height=height,
        time_column=time_column,
        y="Row",
    )
    plot.xaxis[0].formatter = get_tick_formatter()
    plot_ref_events(
        plot=plot,
        time_col=time_column,
        group_count=len(grouped),
        ref_events=param.ref_events,
        ref_col=param.ref_col,
        ref_times=param.ref_times,
    )
    layout = column(plot, strip) if param.range_tool else plot
    show_plot(layout, hide=param.hide)
    return layout


def _group_durations(
    data: pd.DataFrame, group_by: list[str], time_column: str, end_time_column: str
) -> pd.DataFrame:
    """Per group: ``Row``, group columns, ``start_time``, ``end_time``, ``Width``, ``Center``."""
    grouped = data.groupby(group_by).agg(
        start_time=pd.NamedAgg(time_column, "min"),
        end_time=pd.NamedAgg(end_time_column, "max"),
    )
    # Groups without an end time are single-time events.
    grouped["end_time"] = grouped["end_time"].fillna(grouped["start_time"])
    grouped = grouped.reset_index()
    grouped.index.name = "Row"
    grouped = grouped.reset_index()
    grouped["Width"] = grouped["end_time"] - grouped["start_time"]
    grouped["Center"] = grouped["start_time"] + grouped["Width"] / 2
    return grouped


# Importing a plotting module makes the df.mp_plot / df.mp_timeline / df.mp_process_tree
# accessors available, as importing msticpy.vis does in msticpy.
from . import mp_pandas_plot as _mp_plot  # noqa: E402, F401
