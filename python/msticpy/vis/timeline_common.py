"""
Pieces shared by the timeline plots (msticpy 3.x ``msticpy.vis.timeline_common``).

Tooltips, palettes, the range-selector strip, reference markers, tick formats and the
column checks used by ``display_timeline``, ``display_timeline_values`` and
``display_timeline_duration``. Bokeh is imported inside the functions, so importing this
module is cheap.
"""

# Bokeh's property types (ranges from tuples, tickers from lists, lazily exported
# models) are wider than its stubs say.
# mypy: disable-error-code="arg-type, attr-defined, assignment"

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd

from .._version import VERSION
from ..common.exceptions import MsticpyParameterError

__version__ = VERSION

TIMELINE_HELP = (
    "https://msticpy.readthedocs.io/en/latest/msticpy.vis.html#msticpy.vis.timeline.{plot_type}"
)
#: Radius of the event dots in the range-selector strip, in screen pixels.
STRIP_DOT_PX = 2
#: Default tooltip columns when none are given and the frame has all of them (4688 events).
DEFAULT_SOURCE_COLUMNS = ("NewProcessName", "EventID", "CommandLine")


def check_df_columns(
    data: pd.DataFrame, req_columns: list[str], help_uri: str, plot_type: str
) -> None:
    """
    Raise ``MsticpyParameterError`` naming any of ``req_columns`` missing from ``data``.

    Parameters
    ----------
    data : pd.DataFrame
        The frame to check.
    req_columns : list[str]
        Columns the plot needs.
    help_uri : str
        Help link (``{plot_type}`` is filled in).
    plot_type : str
        The plotting function's name.

    """
    missing = set(req_columns) - set(data.columns)
    if missing:
        raise MsticpyParameterError(
            f"Columns not found in DataFrame: {sorted(missing)}",
            title="Columns not found in DataFrame",
            help_uri=help_uri.format(plot_type=plot_type),
            parameter=missing,
        )


def ensure_datetimes(data: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Return ``data`` with ``columns`` as timezone-aware datetimes (naive values -> UTC)."""
    converted = {}
    for col in columns:
        if col not in data.columns:
            continue
        series = data[col]
        if not pd.api.types.is_datetime64_any_dtype(series):
            converted[col] = pd.to_datetime(series, utc=True, errors="coerce")
        elif getattr(series.dt, "tz", None) is None:
            converted[col] = series.dt.tz_localize("UTC")
    return data.assign(**converted) if converted else data


def get_def_source_cols(data: pd.DataFrame, source_columns: Iterable[str] | None) -> set[str]:
    """Tooltip columns: the given ones, else the 4688 defaults when all are present."""
    if source_columns:
        return set(source_columns)
    if all(col in data.columns for col in DEFAULT_SOURCE_COLUMNS):
        return set(DEFAULT_SOURCE_COLUMNS)
    return set()


def get_color_palette(series_count: int) -> tuple[Any, int]:
    """A Viridis palette a fifth longer than needed (its last, pale colours go unused)."""
    from bokeh.palettes import viridis

    palette_size = max(1, min(256, series_count + series_count // 5))
    return viridis(palette_size), palette_size


def calc_auto_plot_height(group_count: int) -> int:
    """Plot height for ``group_count`` rows of series."""
    per_row = 25 if group_count > 15 else 40
    return max(per_row * group_count, 300)


def get_time_bounds(min_time: Any, max_time: Any) -> tuple[Any, Any, Any, Any]:
    """The visible x range (10 % margin either side) and the data bounds."""
    try:
        margin = (max_time - min_time) * 0.1
        return min_time - margin, max_time + margin, min_time, max_time
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        min_time, max_time = min_time.to_pydatetime(), max_time.to_pydatetime()
        margin = (max_time - min_time) * 0.1
        return min_time - margin, max_time + margin, min_time, max_time


def _tooltip_entry(col: str, data: Any) -> tuple[str, str, dict[str, str]]:
    """Tooltip label, field reference and formatter for one column."""
    label, field = (col.replace(" ", "_"), f"{{{col}}}") if " " in col else (col, col)
    is_time = (
        isinstance(data, pd.DataFrame)
        and col in data.columns
        and pd.api.types.is_datetime64_any_dtype(data[col])
    )
    if is_time:
        return label, f"@{field}{{%F %T.%3N}}", {f"@{field}": "datetime"}
    return label, f"@{field}", {}


def create_tool_tips(data: Any, columns: Iterable[str]) -> dict[str, Any]:
    """
    ``HoverTool`` arguments showing ``columns`` (times formatted to milliseconds).

    Parameters
    ----------
    data : pd.DataFrame | dict
        One frame, or msticpy's dict of series (``{"name": {"data": df, ...}}``).
    columns : Iterable[str]
        The columns to show.

    Returns
    -------
    dict
        ``{"tooltips": [...], "formatters": {...}}``.

    """
    frames = [series.get("data") for series in data.values()] if isinstance(data, dict) else [data]
    tips: dict[str, str] = {}
    formatters: dict[str, str] = {}
    for frame in frames:
        for col in columns:
            label, tip, fmt = _tooltip_entry(col, frame)
            tips[label] = tip
            formatters.update(fmt)
    return {"tooltips": list(tips.items()), "formatters": formatters}


def get_tick_formatter() -> Any:
    """Datetime tick labels for each zoom level."""
    from bokeh.models import DatetimeTickFormatter

    return DatetimeTickFormatter(
        days="%m-%d %H:%M",
        hours="%H:%M:%S",
        minutes="%H:%M:%S",
        seconds="%H:%M:%S",
        milliseconds="%H:%M:%S.%3N",
    )


def set_axes_and_grids(
    data: Mapping[str, Any] | None, plot: Any, show_yaxis: bool, ygrid: bool, xgrid: bool
) -> None:
    """Axis visibility, series names as y labels, and grid lines."""
    plot.yaxis.visible = show_yaxis
    if show_yaxis and data:
        from bokeh.models import FixedTicker

        labels = {series["y_index"]: str(name) for name, series in data.items()}
        plot.yaxis.major_label_overrides = labels
        # Ticks only where a series is drawn: Bokeh's automatic ticker also puts ticks
        # (labelled 0.5, 1.5, ...) between the rows, which msticpy shows; a deliberate
        # difference (docs/timeline.md).
        plot.yaxis.ticker = FixedTicker(ticks=sorted(labels), minor_ticks=[])
    if ygrid:
        plot.ygrid.minor_grid_line_color = "navy"
        plot.ygrid.minor_grid_line_alpha = 0.1
        plot.ygrid.grid_line_color = "navy"
        plot.ygrid.grid_line_alpha = 0.3
    else:
        plot.ygrid.grid_line_color = None
    if xgrid:
        plot.xgrid.minor_grid_line_color = "navy"
        plot.xgrid.minor_grid_line_alpha = 0.3
    else:
        plot.xgrid.grid_line_color = None


def create_range_tool(
    data: Any,
    min_time: Any,
    max_time: Any,
    plot_range: Any,
    width: int,
    height: int,
    time_column: str | None = None,
    y: str = "y_index",
) -> Any:
    """
    The strip under a timeline whose shaded box selects the main plot's x range.

    Parameters
    ----------
    data : dict | pd.DataFrame
        The series dict (each with ``source``, ``time_column``, ``color``) or one frame.
    min_time, max_time : datetime
        Data bounds (used, with a 15 % margin either side as in msticpy, only when
        ``plot_range`` has no start and end).
    plot_range : bokeh Range
        The main plot's x range, driven by the tool. The strip starts with the same
        span, so its time axis lines up with the main plot's (msticpy's strip spans
        15 % more either side than the data while the main plot spans 10 %, so the
        ticks of the two axes do not line up: a deliberate difference).
    width, height : int
        Size of the main plot (the strip is a fifth as tall, at least 120 px).
    time_column : str, optional
        Time column when ``data`` is a frame.
    y : str, optional
        The y column, by default ``"y_index"``.

    Returns
    -------
    bokeh figure
        The range-selector figure.

    """
    from bokeh.models import RangeTool, Title
    from bokeh.plotting import figure

    from ._bokeh_output import frame_source

    start, end = getattr(plot_range, "start", None), getattr(plot_range, "end", None)
    if start is None or end is None:
        margin = (max_time - min_time) * 0.15
        start, end = min_time - margin, max_time + margin
    strip = figure(
        x_range=(start, end),
        title="Range Selector",
        x_axis_type="datetime",
        y_axis_type=None,
        tools="",
        toolbar_location=None,
        height=max(120, int(height * 0.20)),
        width=width,
    )
    strip.add_layout(
        Title(
            text="Drag the middle or edges of the selection box to change "
            "the range in the main chart",
            align="right",
            text_font_size="10px",
        ),
        "below",
    )
    strip.xaxis[0].formatter = get_tick_formatter()
    # msticpy gives the dots a radius of 1 in data units, which on a time axis is one
    # millisecond, so its strip shows no events; a radius in screen pixels shows them.
    dot = {"radius": STRIP_DOT_PX, "radius_units": "screen"}
    if isinstance(data, dict):
        for series in data.values():
            strip.circle(
                x=series["time_column"],
                y=y,
                color=series["color"],
                source=series["source"],
                **dot,
            )
    elif isinstance(data, pd.DataFrame):
        strip.circle(x=time_column, y=y, color="blue", source=frame_source(data), **dot)
    range_tool = RangeTool(x_range=plot_range)
    range_tool.overlay.fill_color = "navy"
    range_tool.overlay.fill_alpha = 0.2
    strip.ygrid.grid_line_color = None
    strip.add_tools(range_tool)
    activate_range_tool(strip, range_tool)
    return strip


def activate_range_tool(plot: Any, range_tool: Any) -> None:
    """Make ``range_tool`` the active drag tool where Bokeh allows it (not in 3.4+)."""
    from bokeh.models import GestureTool

    if isinstance(range_tool, GestureTool):
        plot.toolbar.active_multi = range_tool


def plot_ref_line(
    plot: Any,
    ref_time: datetime,
    ref_text: str = "Ref time",
    series_count: int = 1,
    index: int = 0,
) -> None:
    """Draw a dashed red vertical line and a label at ``ref_time``."""
    from bokeh.models import Label

    when = pd.Timestamp(ref_time)
    index = min(index, series_count)
    plot.line(
        x=[when, when],
        y=[0, series_count],
        line_width=1,
        line_color="red",
        line_dash="dashed",
        line_alpha=0.5,
    )
    plot.add_layout(
        Label(
            x=when,
            y=0,
            y_offset=10 + 10 * index,
            x_units="data",
            y_units="data",
            text=f"< {ref_text}",
            text_font_size="8pt",
            text_alpha=0.5,
            border_line_color="red",
            border_line_alpha=0.3,
            background_fill_color="white",
            background_fill_alpha=0.3,
        )
    )


def plot_ref_events(
    plot: Any,
    time_col: str,
    group_count: int,
    ref_events: pd.DataFrame | pd.Series | None = None,
    ref_col: str | None = None,
    ref_times: list[tuple[datetime, str]] | None = None,
) -> None:
    """Draw a reference line per row of ``ref_events`` (else per ``ref_times`` item)."""
    if ref_events is not None:
        frame = pd.DataFrame(ref_events) if isinstance(ref_events, pd.Series) else ref_events
        for idx, (label, event) in enumerate(frame.iterrows()):
            text = event[ref_col] if ref_col else f"reference {label}"
            plot_ref_line(plot, event[time_col], str(text), group_count, idx)
    elif ref_times:
        for idx, (when, text) in enumerate(ref_times):
            plot_ref_line(plot, when, text or f"reference {idx}", group_count, idx)


def _event_time(event: Any) -> Any:
    """``StartTimeUtc`` (alerts) or ``TimeGenerated`` of an event-like object."""
    if isinstance(event, pd.DataFrame):
        event = event.iloc[0]
    for name in ("StartTimeUtc", "TimeGenerated"):
        if isinstance(event, Mapping) and not isinstance(event, pd.Series):
            value = event.get(name)
        else:
            value = getattr(event, name, None)
        if value is not None and not (isinstance(value, float) and pd.isna(value)):
            return value
    return None


def get_ref_event_time(**kwargs: Any) -> tuple[Any | None, str]:
    """
    The reference time and label from ``alert``, ``ref_event`` or ``ref_time``.

    Alerts and events may be objects with attributes, pandas rows or (beyond msticpy)
    plain dicts; ``ref_label`` overrides the default label.
    """
    alert = kwargs.get("alert")
    event = alert if alert is not None else kwargs.get("ref_event")
    if event is not None:
        label = "Alert time" if alert is not None else "Event time"
        ref_time = _event_time(event)
    else:
        ref_time, label = kwargs.get("ref_time"), "Ref time"
    return ref_time, kwargs.get("ref_label") or label


def wrap_text_columns(data: pd.DataFrame, wrap_len: int = 50) -> pd.DataFrame:
    """Wrap long text in the string columns of ``data`` (for tooltips)."""
    if data.empty:
        return data
    wrapped = {}
    for col in data.columns:
        if isinstance(data[col].iloc[0], str):
            wrapped[col] = data[col].str.wrap(wrap_len)
    return data.assign(**wrapped) if wrapped else data
