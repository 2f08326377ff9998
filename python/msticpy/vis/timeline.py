"""
Event timelines (msticpy 3.x ``msticpy.vis.timeline``; classic ``msticpy.nbtools.timeline``).

``display_timeline`` draws events as diamonds along a time axis, one row per series
(a single frame, a frame split by ``group_by``, a frame plus ``overlay_data``, or a
dict of named frames), with tooltips, a legend, reference markers and a range-selector
strip, like msticpy 3.0.2. Differences (see ``docs/timeline.md``): the plot is shown
only in a notebook (``hide=True`` or a plain script just returns it), large frames are
reduced in the native core to at most ``max_points`` glyphs, and nothing is printed.
"""

# Bokeh's property types (ranges from tuples, tickers from lists, lazily exported
# models) are wider than its stubs say.
# mypy: disable-error-code="arg-type, attr-defined, assignment"

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

import pandas as pd

from .._version import VERSION
from ..common.utility import check_kwargs
from ._bokeh_output import frame_source, show_plot
from ._timeline_buckets import COUNT_COLUMN, MAX_PLOT_POINTS, buckets_per_series, reduce_events
from .timeline_common import (
    calc_auto_plot_height,
    create_range_tool,
    create_tool_tips,
    ensure_datetimes,
    get_color_palette,
    get_def_source_cols,
    get_ref_event_time,
    get_tick_formatter,
    get_time_bounds,
    plot_ref_events,
    plot_ref_line,
    set_axes_and_grids,
    wrap_text_columns,
)

__version__ = VERSION
__all__ = ["display_timeline"]

_LOGGER = logging.getLogger(__name__)


@dataclass
class PlotParams:
    """Keyword options of ``display_timeline`` (msticpy's names and defaults)."""

    time_column: str = "TimeGenerated"
    height: int | None = None
    width: int = 900
    title: str = "Events"
    yaxis: bool = True
    range_tool: bool = True
    group_by: str | None = None
    legend: str | None = None
    xgrid: bool = True
    ygrid: bool = False
    hide: bool = False
    color: str = "navy"
    size: int | str = 10
    ylabel_cols: list[str] = field(default_factory=list)
    ref_event: Any | None = None
    ref_time: datetime | None = None
    ref_events: pd.DataFrame | None = None
    ref_col: str | None = None
    ref_time_col: str | None = None
    ref_times: list[tuple[datetime, str]] | None = None
    ref_label: str = "Ref time"
    source_columns: list[str] = field(default_factory=list)
    alert: Any = None
    overlay_color: str | None = None
    overlay_data: pd.DataFrame | None = None
    overlay_columns: list[str] = field(default_factory=list)
    # msticpy 0.8 notebooks pass legend_column= (the group column); accepted, no effect.
    legend_column: str | None = None
    max_points: int = MAX_PLOT_POINTS

    @classmethod
    def field_list(cls) -> list[str]:
        """The accepted keyword names."""
        return [item.name for item in fields(cls)]

    @property
    def fmt_title(self) -> str:
        """The figure title."""
        return f"Timeline: {self.title}"


def display_timeline(
    data: pd.DataFrame | dict,
    time_column: str = "TimeGenerated",
    source_columns: list[str] | None = None,
    **kwargs: Any,
) -> Any:
    """
    Display a timeline of events.

    Parameters
    ----------
    data : pd.DataFrame | dict
        A frame (one series, or several with ``group_by``), or a dict of series
        ``{name: {"data": df, "time_column": ..., "source_columns": [...],
        "color": ..., "size": ...}}`` (omitted items default to the arguments here).
    time_column : str, optional
        The timestamp column, by default ``"TimeGenerated"``.
    source_columns : list[str], optional
        Columns shown in tooltips (default: ``NewProcessName, EventID, CommandLine``
        when all are present).
    **kwargs
        ``title``, ``alert``, ``ref_event``, ``ref_time``, ``ref_label``, ``group_by``,
        ``size`` (int, or a column name), ``legend`` (``"left"``, ``"right"``,
        ``"inline"`` or ``"none"``), ``yaxis``, ``ygrid``, ``xgrid``, ``range_tool``,
        ``height``, ``width``, ``color``, ``overlay_data``, ``overlay_color``,
        ``overlay_columns``, ``hide``, ``ref_events``, ``ref_time_col``, ``ref_col``,
        ``ref_times``; and ``max_points`` (beyond msticpy: glyph budget before events
        are bucketed in time, default 20,000).

    Returns
    -------
    LayoutDOM
        The Bokeh figure (in a column with the range selector when ``range_tool``).

    Raises
    ------
    TypeError
        If ``data`` is neither a DataFrame nor a dict.
    NameError
        If a keyword argument is not recognised.

    """
    check_kwargs(kwargs, PlotParams.field_list())
    param = PlotParams(time_column=time_column, source_columns=source_columns or [], **kwargs)
    param.ref_time, param.ref_label = get_ref_event_time(**kwargs)
    if isinstance(data, pd.DataFrame):
        if param.overlay_data is not None:
            series = {
                "Primary": {
                    "data": data,
                    "time_column": param.time_column,
                    "source_columns": source_columns,
                    "color": param.color,
                    "size": param.size,
                },
                "Secondary": {
                    "data": param.overlay_data,
                    "time_column": time_column,
                    "source_columns": param.overlay_columns,
                    "color": param.overlay_color,
                    "size": param.size,
                },
            }
        else:
            series = _series_from_frame(data, param)
        return _display_series(series, param)
    if isinstance(data, dict):
        return _display_series(data, param)
    raise TypeError(
        "`data` parameter must be a DataFrame or a Python dict.",
        f"The type supplied was {type(data)}",
    )


def _series_from_frame(data: pd.DataFrame, param: PlotParams) -> dict[str, dict[str, Any]]:
    """One series, or one per value of ``group_by``."""
    columns = get_def_source_cols(data, param.source_columns) | {param.time_column}
    if not param.group_by:
        return {
            "unnamed series": {
                "data": data[list(columns)].copy(),
                "time_column": param.time_column,
                "source_columns": param.source_columns,
                "color": param.color,
                "size": param.size,
            }
        }
    columns.add(param.group_by)
    groups = data[list(columns)].groupby(param.group_by)
    colors, palette_size = get_color_palette(len(groups))
    return {
        str(name): {
            "data": frame,
            "time_column": param.time_column,
            "source_columns": param.source_columns,
            "color": colors[index % palette_size],
            "size": param.size,
        }
        for index, (name, frame) in enumerate(groups)
    }


def _prepare_series(data: dict[str, dict[str, Any]], param: PlotParams) -> tuple[set[str], Any]:
    """Fill in each series' defaults, reduce and wrap it, and build its data source."""
    tooltip_columns: set[str] = set()
    bounds: list[Any] = []
    colors, palette_size = get_color_palette(len(data))
    n_buckets = buckets_per_series(param.max_points, len(data))
    y_index = 0
    for name, series in data.items():
        frame = series.get("data")
        if not isinstance(frame, pd.DataFrame) or frame.empty:
            _LOGGER.warning("No data to plot for series %s.", name)
            continue
        columns = set(get_def_source_cols(frame, param.source_columns))
        columns.update(series.get("source_columns") or columns)
        time_col = series.get("time_column") or param.time_column
        series["time_column"] = time_col
        columns.add(time_col)
        size = series.get("size", param.size)
        if isinstance(size, str) and size in frame.columns:
            columns.add(size)
        frame = ensure_datetimes(frame, [time_col])
        graph_df = reduce_events(frame[list(columns)], time_col, n_buckets)
        if COUNT_COLUMN in graph_df.columns:
            columns.add(COUNT_COLUMN)
        tooltip_columns.update(columns)
        graph_df = wrap_text_columns(graph_df.copy(), 50)
        graph_df["y_index"] = y_index
        series["y_index"] = y_index
        series["color"] = series.get("color") or colors[y_index % palette_size]
        series["source"] = frame_source(graph_df)
        series["_frame"] = graph_df
        y_index += 1
        bounds.extend([frame[time_col].min(), frame[time_col].max()])
    valid = [value for value in bounds if not pd.isna(value)]
    return tooltip_columns, (min(valid), max(valid)) if valid else None


def _display_series(data: dict[str, dict[str, Any]], param: PlotParams) -> Any:
    """Build (and maybe show) the timeline of a dict of series."""
    from bokeh.layouts import column
    from bokeh.models import HoverTool
    from bokeh.plotting import figure

    tooltip_columns, bounds = _prepare_series(data, param)
    if bounds is None:
        _LOGGER.warning("No data to plot.")
        return figure()
    data = {name: series for name, series in data.items() if "source" in series}
    series_count = len(data)
    frames = {name: {"data": series["_frame"]} for name, series in data.items()}
    hover = HoverTool(**create_tool_tips(frames, sorted(tooltip_columns)))
    start, end, min_time, max_time = get_time_bounds(*bounds)
    height = param.height or calc_auto_plot_height(series_count)
    plot = figure(
        x_range=(start, end),
        y_range=(-1 / series_count, series_count - 1 + 1 / series_count),
        min_border_left=50,
        x_axis_label="Event Time",
        x_axis_type="datetime",
        x_minor_ticks=10,
        tools=[hover, "xwheel_zoom", "box_zoom", "reset", "save", "xpan"],
        title=param.fmt_title,
        height=height,
        width=param.width,
    )
    set_axes_and_grids(data, plot, param.yaxis, param.ygrid, param.xgrid)
    strip = create_range_tool(
        data=data,
        min_time=min_time,
        max_time=max_time,
        plot_range=plot.x_range,
        width=param.width,
        height=height,
    )
    plot.xaxis[0].formatter = get_tick_formatter()
    _plot_series(data, plot, param.legend)
    if param.ref_time is not None:
        plot_ref_line(plot, param.ref_time, param.ref_label, series_count)
    elif param.ref_events is not None or param.ref_times is not None:
        plot_ref_events(
            plot=plot,
            time_col=param.ref_time_col or param.time_column,
            group_count=series_count,
            ref_events=param.ref_events,
            ref_col=param.ref_col,
            ref_times=param.ref_times,
        )
    layout = column(plot, strip) if param.range_tool else plot
    show_plot(layout, hide=param.hide)
    return layout


def _plot_series(data: dict[str, dict[str, Any]], plot: Any, legend_pos: str | None) -> None:
    """One diamond glyph renderer per series, and the legend."""
    from bokeh.models import Legend, LegendItem

    # Several series get a legend by default. msticpy puts it on the left, outside the
    # y axis labels and away from the plot; on the right it sits against the plot area
    # (a deliberate difference, docs/timeline.md). ``legend="left"`` still asks for left.
    if len(data) > 1 and not legend_pos:
        legend_pos = "right"
    items = []
    for name, series in data.items():
        size = series.get("size", 10)
        if isinstance(size, str):
            size = size if size in series["_frame"].columns else 10
        glyph_args: dict[str, Any] = {
            "marker": "diamond",
            "x": series["time_column"],
            "y": "y_index",
            "color": series["color"],
            "alpha": 0.5,
            "size": size,
            "source": series["source"],
        }
        if legend_pos == "inline":
            glyph_args["legend_label"] = str(name)
        renderer = plot.scatter(**glyph_args)
        if legend_pos in ("left", "right"):
            items.append(LegendItem(label=str(name), renderers=[renderer]))
    if legend_pos == "inline":
        plot.legend.location = "center_left"
        plot.legend.click_policy = "hide"
    elif legend_pos in ("left", "right"):
        plot.add_layout(
            Legend(
                items=items[::-1],
                location="center",
                click_policy="hide",
                label_text_font_size="8pt",
            ),
            legend_pos,
        )


def __getattr__(name: str) -> Any:
    """``display_timeline_values`` is importable from here, as in msticpy."""
    if name == "display_timeline_values":
        from .timeline_values import display_timeline_values

        return display_timeline_values
    if name == "display_timeline_duration":
        from .timeline_duration import display_timeline_duration

        return display_timeline_duration
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Importing a plotting module makes the df.mp_plot / df.mp_timeline / df.mp_process_tree
# accessors available, as importing msticpy.vis does in msticpy.
from . import mp_pandas_plot as _mp_plot  # noqa: E402, F401
