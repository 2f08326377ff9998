"""
Value timelines (msticpy 3.x ``msticpy.vis.timeline_values``).

``display_timeline_values`` plots a numeric column against time as bars, circles and/or
lines, optionally one coloured series per ``group_by`` value, with reference markers
and a range selector. The value column may be given as ``value_column`` (3.x),
``value_col`` or ``y`` (the classic 0.8 keyword). Large frames are reduced in the native
core to at most ``max_points`` glyphs, each slice keeping its largest value.
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
    TIMELINE_HELP,
    calc_auto_plot_height,
    check_df_columns,
    create_range_tool,
    create_tool_tips,
    ensure_datetimes,
    get_color_palette,
    get_ref_event_time,
    get_tick_formatter,
    plot_ref_events,
    plot_ref_line,
)

__version__ = VERSION
__all__ = ["display_timeline_values"]

_LOGGER = logging.getLogger(__name__)


@dataclass
class PlotParams:
    """Keyword options of ``display_timeline_values`` (msticpy's names and defaults)."""

    time_column: str | None = None
    height: int | None = None
    width: int = 900
    title: str | None = None
    yaxis: bool = True
    range_tool: bool = True
    group_by: str | None = None
    legend: str | None = None
    xgrid: bool = True
    ygrid: bool = False
    hide: bool = False
    color: str = "navy"
    kind: str | list[str] = "vbar"
    ylabel_cols: list[str] = field(default_factory=list)
    ref_event: Any | None = None
    ref_time: datetime | None = None
    ref_label: str | None = None
    alert: Any = None
    ref_events: pd.DataFrame | None = None
    ref_col: str | None = None
    ref_time_col: str | None = None
    ref_times: list[tuple[datetime, str]] | None = None
    source_columns: list[str] = field(default_factory=list)
    # msticpy 0.8 notebooks pass legend_column= (the group column); accepted, no effect.
    legend_column: str | None = None
    max_points: int = MAX_PLOT_POINTS

    @classmethod
    def field_list(cls) -> list[str]:
        """The accepted keyword names."""
        return [item.name for item in fields(cls)]


def display_timeline_values(
    data: pd.DataFrame,
    value_column: str | None = None,
    time_column: str = "TimeGenerated",
    source_columns: list[str] | None = None,
    **kwargs: Any,
) -> Any:
    """
    Display a timeline of values.

    Parameters
    ----------
    data : pd.DataFrame
        The events, one series or several with ``group_by``.
    value_column : str, optional
        The numeric column plotted vertically (also ``value_col=`` or ``y=``).
    time_column : str, optional
        The timestamp column, by default ``"TimeGenerated"``.
    source_columns : list[str], optional
        Tooltip columns (the value column is always added).
    **kwargs
        ``y``/``value_col`` (aliases of ``value_column``), ``title``, ``ref_event``,
        ``ref_time``, ``ref_label``, ``alert``, ``group_by``, ``legend``, ``yaxis``,
        ``range_tool``, ``height``, ``width``, ``color``, ``kind`` (``"vbar"``,
        ``"circle"``, ``"line"`` or a list of them), ``hide``, ``ref_events``,
        ``ref_time_col``, ``ref_col``, ``ref_times``; ``max_points`` (beyond msticpy:
        glyph budget before time bucketing, default 20,000).

    Returns
    -------
    LayoutDOM
        The Bokeh figure (in a column with the range selector when ``range_tool``).

    Raises
    ------
    ValueError
        If no value column is given.
    MsticpyParameterError
        If the value, time or tooltip columns are missing from ``data``.

    """
    from bokeh.layouts import column
    from bokeh.models import HoverTool
    from bokeh.plotting import figure

    check_kwargs(kwargs, [*PlotParams.field_list(), "y", "value_col", "x"])
    value_col = value_column or kwargs.pop("y", None) or kwargs.pop("value_col", None)
    kwargs.pop("y", None)
    kwargs.pop("value_col", None)
    time_column = kwargs.pop("x", None) or time_column
    if not value_col:
        raise ValueError("Must supply 'value_column', 'value_col' or 'y' parameter.")
    param = PlotParams(**kwargs)
    if not isinstance(data, pd.DataFrame) or data.empty:
        _LOGGER.warning("No data to plot.")
        return figure()
    kinds = param.kind if isinstance(param.kind, list) else [param.kind]
    param.ref_time_col = param.ref_time_col or time_column or "TimeGenerated"
    ref_time, ref_label = get_ref_event_time(**kwargs)
    source_columns = list(source_columns) if source_columns else [value_col]
    if value_col not in source_columns:
        source_columns.append(value_col)
    check_df_columns(data, [*source_columns, time_column], TIMELINE_HELP, "display_timeline_values")
    data = ensure_datetimes(data, [time_column])
    graph_df, groups, tooltip_columns, series_count = _group_data(
        data, source_columns, time_column, param
    )
    hover = HoverTool(**create_tool_tips(graph_df, sorted(tooltip_columns)))
    min_time, max_time = data[time_column].min(), data[time_column].max()
    margin = (max_time - min_time) * 0.1
    height = param.height or calc_auto_plot_height(series_count)
    plot = figure(
        x_range=(min_time - margin, max_time + margin),
        min_border_left=50,
        x_axis_label="Event Time",
        x_axis_type="datetime",
        x_minor_ticks=10,
        y_axis_label=value_col,
        tools=[hover, "xwheel_zoom", "box_zoom", "reset", "save", "xpan"],
        toolbar_location="above",
        title=param.title or "Timeline",
        height=height,
        width=param.width,
    )
    plot.yaxis.visible = param.yaxis
    for grid in (plot.ygrid, plot.xgrid):
        grid.minor_grid_line_color = "navy"
        grid.grid_line_color = "navy"
        grid.grid_line_alpha = 0.3
    plot.ygrid.minor_grid_line_alpha = 0.1
    plot.xgrid.minor_grid_line_alpha = 0.1
    plot.xaxis[0].formatter = get_tick_formatter()
    if param.group_by and groups is not None:
        _plot_groups(plot, graph_df, groups, value_col, time_column, kinds, param)
    else:
        glyph_args = {
            "x": time_column,
            "color": param.color,
            "alpha": 0.7,
            "source": frame_source(graph_df),
        }
        if "vbar" in kinds:
            plot.vbar(top=value_col, width=4, **glyph_args)
        if "circle" in kinds:
            plot.scatter(y=value_col, size=2, **glyph_args)
        if "line" in kinds:
            plot.line(y=value_col, line_width=2, **glyph_args)
    if ref_time is not None:
        plot_ref_line(plot, ref_time, ref_label, data[value_col].max())
    elif param.ref_events is not None or param.ref_times is not None:
        plot_ref_events(
            plot=plot,
            time_col=param.ref_time_col,
            group_count=series_count,
            ref_events=param.ref_events,
            ref_col=param.ref_col,
            ref_times=param.ref_times,
        )
    layout = plot
    if param.range_tool:
        strip = create_range_tool(
            data=graph_df,
            min_time=min_time,
            max_time=max_time,
            plot_range=plot.x_range,
            width=param.width,
            height=height,
            time_column=time_column,
        )
        layout = column(plot, strip)
    show_plot(layout, hide=param.hide)
    return layout


def _group_data(
    data: pd.DataFrame, source_columns: list[str], time_column: str, param: PlotParams
) -> tuple[pd.DataFrame, pd.DataFrame | None, set[str], int]:
    """The (reduced) plot frame with ``y_index``/``color``, the groups, tooltip columns."""
    columns = set(source_columns) | {time_column}
    tooltip_columns = set(columns)
    value_col = source_columns[-1]
    if not param.group_by:
        n_buckets = buckets_per_series(param.max_points, 1)
        graph_df = reduce_events(data[list(columns)], time_column, n_buckets, None, value_col)
        graph_df = graph_df.assign(color=param.color, y_index=1)
        if COUNT_COLUMN in graph_df.columns:
            tooltip_columns.add(COUNT_COLUMN)
        return graph_df, None, tooltip_columns, 1
    groups = (
        data[[param.group_by, time_column]]
        .groupby(param.group_by)
        .count()
        .reset_index()
        .rename(columns={time_column: "count"})
    )
    groups["y_index"] = groups.index
    colors, palette_size = get_color_palette(len(groups))
    groups["color"] = [colors[idx % palette_size] for idx in groups["y_index"]]
    columns.add(param.group_by)
    n_buckets = buckets_per_series(param.max_points, len(groups))
    reduced = reduce_events(data[list(columns)], time_column, n_buckets, param.group_by, value_col)
    if COUNT_COLUMN in reduced.columns:
        tooltip_columns.add(COUNT_COLUMN)
    graph_df = reduced.drop(columns=["y_index", "color"], errors="ignore").merge(
        groups[[param.group_by, "y_index", "color"]], on=param.group_by
    )
    return graph_df, groups, tooltip_columns, len(groups)


def _plot_groups(
    plot: Any,
    graph_df: pd.DataFrame,
    groups: pd.DataFrame,
    value_col: str,
    time_column: str,
    kinds: list[str],
    param: PlotParams,
) -> None:
    """One renderer per group and kind, with an inline or side legend."""
    from bokeh.models import Legend

    items: list[tuple[str, list[Any]]] = []
    for group_id in groups[param.group_by]:
        rows = graph_df[graph_df[param.group_by] == group_id]
        glyph_args: dict[str, Any] = {
            "x": time_column,
            "alpha": 0.7,
            "source": frame_source(rows),
        }
        if param.legend not in ("none", "left", "right"):
            # msticpy labels grouped glyphs unless the legend is "none".
            glyph_args["legend_label"] = str(group_id)
        renderers = []
        if "vbar" in kinds:
            renderers.append(plot.vbar(top=value_col, width=4, color="color", **glyph_args))
        if "circle" in kinds:
            renderers.append(plot.scatter(y=value_col, size=4, color="color", **glyph_args))
        if "line" in kinds:
            line_color = rows["color"].iloc[0] if len(rows) else param.color
            renderers.append(
                plot.line(y=value_col, line_width=2, line_color=line_color, **glyph_args)
            )
        items.append((str(group_id), renderers))
    if param.legend not in ("none", "left", "right"):
        plot.legend.location = "top_left"
        plot.legend.click_policy = "hide"
    elif param.legend in ("left", "right"):
        plot.add_layout(
            Legend(items=items, location="center", click_policy="hide", label_text_font_size="8pt"),
            param.legend,
        )


# Importing a plotting module makes the df.mp_plot / df.mp_timeline / df.mp_process_tree
# accessors available, as importing msticpy.vis does in msticpy.
from . import mp_pandas_plot as _mp_plot  # noqa: E402, F401
