"""
Process-tree plots (msticpy 3.x ``msticpy.vis.process_tree``).

The classic path ``msticpy.nbtools.process_tree`` is this module.

``plot_process_tree`` draws a tree frame from ``build_process_tree`` (raw events are
built into one first) as indented boxes, one row per process, labelled with the
process name, PID and command line, coloured by tree level or by ``legend_col``, with a
vertical range selector beside it and an optional data table below, like msticpy 3.0.2.
``build_and_show_process_tree`` builds and plots in one call. The navigation helpers
of ``process_tree_utils`` are re-exported here as in msticpy.

Differences (``docs/process_tree.md``): the x axis is labelled as the tree-level axis,
the view shows whole rows and the deepest boxes whole, a short tree gets a short plot;
the plot is shown only in a notebook and can be hidden (``hide=True``); PIDs stored as
decimal or hex text are formatted in the requested base (msticpy shows "NA" for them);
legend factors are sorted; selecting boxes (tap or box select) updates ``output_var``
through the data source's selection.
"""

# Bokeh's property types (ranges from tuples, tickers from lists, lazily exported
# models) are wider than its stubs say.
# mypy: disable-error-code="arg-type, attr-defined, assignment"

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._version import VERSION
from ..common.utility import check_kwargs
from ..transform.proc_tree_builder import build_process_tree, infer_schema
from ..transform.proc_tree_schema import ColNames as Col
from ..transform.proc_tree_schema import ProcessTreeSchemaException, ProcSchema
from ..transform.process_tree_utils import (
    get_ancestors,
    get_children,
    get_descendents,
    get_parent,
    get_process,
    get_process_key,
    get_root,
    get_root_tree,
    get_roots,
    get_siblings,
    get_summary_info,
    get_tree_depth,
)
from ._bokeh_output import frame_source, show_plot
from .timeline_common import activate_range_tool

__version__ = VERSION
__all__ = [
    "build_and_show_process_tree",
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
    "plot_process_tree",
]

_DEFAULT_KWARGS = ["height", "title", "width", "hide_legend", "pid_fmt", "hide"]
#: Plot height per row of the tree, in pixels (msticpy's figure: ``height / 35`` rows).
ROW_PX = 35
#: Fewest rows a short tree's plot area is sized for (room for the legend).
MIN_ROWS = 4
#: Height of what surrounds the plot area: toolbar and title above, level axis below.
CHROME_PX = 70
#: Box size in data units: a box spans 3.5 tree levels and almost a whole row.
BOX_WIDTH = 3.5
BOX_HEIGHT = 0.95
#: The x axis counts tree levels (msticpy hides the axis, leaving unexplained grid lines).
LEVEL_AXIS_LABEL = "Process tree level (1 = root; each box starts at its level)"
_TREE_COLUMNS = {Col.parent_key, "IsRoot", "IsLeaf", "IsBranch", "path"}


def build_and_show_process_tree(
    data: pd.DataFrame,
    schema: ProcSchema | dict[str, Any] | None = None,
    output_var: str | None = None,
    legend_col: str | None = None,
    **kwargs: Any,
) -> tuple[Any, Any]:
    """
    Build a process tree from process events (unless ``data`` is one) and plot it.

    Parameters
    ----------
    data : pd.DataFrame
        Process events (Windows 4688, Linux auditd, ...) or a built tree.
    schema : ProcSchema | dict, optional
        Column schema; inferred when None.
    output_var : str, optional
        Notebook variable set to the keys of the selected processes.
    legend_col : str, optional
        Column that colours the boxes.
    **kwargs
        ``show_table``, ``height``, ``width``, ``title``, ``hide_legend``, ``pid_fmt``,
        ``hide`` (see ``plot_process_tree``).

    Returns
    -------
    tuple
        The main Bokeh figure and the whole layout.

    """
    if isinstance(schema, dict):
        schema = ProcSchema(**schema)
    # Building Defender trees renames columns; plot arguments naming them follow.
    plot_args = {**kwargs, "legend_col": legend_col}
    if _missing_tree_columns(data):
        data = build_process_tree(procs=data, schema=schema, plot_args=plot_args)
    return plot_process_tree(data, schema, output_var=output_var, **plot_args)


def plot_process_tree(
    data: pd.DataFrame,
    schema: ProcSchema | dict[str, Any] | None = None,
    output_var: str | None = None,
    legend_col: str | None = None,
    show_table: bool = False,
    **kwargs: Any,
) -> tuple[Any, Any]:
    """
    Plot one or more process trees.

    Parameters
    ----------
    data : pd.DataFrame
        A tree frame from ``build_process_tree`` (process events are built first).
    schema : ProcSchema | dict, optional
        Column schema; inferred when None.
    output_var : str, optional
        Notebook variable set to the ``proc_key`` values of selected processes.
    legend_col : str, optional
        Column that colours the boxes (a legend for text, a colour bar for numbers);
        by default boxes are coloured by tree level.
    show_table : bool, optional
        Add a data table of the processes under the plot, by default False.
    **kwargs
        ``height`` (default 700), ``width`` (default 900), ``title`` (default
        ``"ProcessTree"``), ``hide_legend``, ``pid_fmt`` (``"hex"`` default, ``"dec"``
        or ``"guid"``), ``hide`` (beyond msticpy: return without displaying).

    Returns
    -------
    tuple
        The main Bokeh figure and the whole layout (figure + range selector [+ table]).

    Raises
    ------
    ProcessTreeSchemaException
        If no schema fits the data or required columns are missing.
    NameError
        If a keyword argument is not recognised.

    """
    from bokeh.layouts import column, row
    from bokeh.models import BoxSelectTool, FixedTicker, HoverTool
    from bokeh.plotting import figure
    from bokeh.transform import dodge

    check_kwargs(kwargs, _DEFAULT_KWARGS)
    height_arg: int | None = kwargs.pop("height", None)
    height = height_arg or 700
    width: int = kwargs.pop("width", 900)
    title: str = kwargs.pop("title", "ProcessTree")
    hide_legend = kwargs.pop("hide_legend", False)
    pid_fmt = kwargs.pop("pid_fmt", "hex")
    hide = kwargs.pop("hide", False)

    tree = _pre_process_tree(data, schema, pid_fmt=pid_fmt)
    schema = tree.schema
    fill_map, color_bar = _create_fill_map(tree.proc_tree, legend_col)
    source = frame_source(tree.proc_tree)
    if color_bar is not None:
        title += f" (color bar = {legend_col})"
    if height_arg is None and tree.n_rows < height // ROW_PX:
        # Unless a height is given, a short tree gets a plot just tall enough for its
        # rows, not a fixed height that leaves most of it empty (msticpy keeps 700).
        height = max(tree.n_rows, MIN_ROWS) * ROW_PX + CHROME_PX
    plot = figure(
        title=title,
        x_range=_level_range(tree.levels),
        y_range=_row_range(tree.n_rows, height),
        x_axis_label=LEVEL_AXIS_LABEL,
        tools=["reset", "save", "tap", "ywheel_pan"],
        toolbar_location="above",
        active_scroll="ywheel_pan",
        width=width,
        height=height,
    )
    plot.add_tools(
        HoverTool(
            tooltips=_get_tool_tips(schema),
            formatters={f"@{schema.time_stamp}": "datetime"},
        )
    )
    rect_args: dict[str, Any] = {
        "width": BOX_WIDTH,
        "height": BOX_HEIGHT,
        "source": source,
        "fill_alpha": 0.4,
        "fill_color": fill_map,
    }
    if color_bar is not None:
        plot.add_layout(color_bar, "right")
    elif legend_col:
        rect_args["legend_field"] = legend_col
    boxes = plot.rect(x=dodge("Level", BOX_WIDTH / 2, range=plot.x_range), y="Row", **rect_args)
    if legend_col and color_bar is None:
        plot.legend.title = legend_col
        plot.legend.label_text_font_size = "7pt"
    if hide_legend:
        plot.legend.visible = False

    def text(x_offset: float, y_offset: float, field: str, size: str) -> None:
        plot.text(
            x=dodge("Level", x_offset, range=plot.x_range),
            y=dodge("Row", y_offset, range=plot.y_range),
            text=field,
            text_font_size=size,
            source=source,
            text_align="left",
            text_baseline="middle",
        )

    text(0.1, -0.2, "__cmd_line$$", "7pt")
    text(0.1, 0.25, "__proc_name$$", "8pt")
    text(2.2, 0.25, "__proc_id$$", "8pt")

    _set_plot_option_defaults(plot)
    plot.xaxis.ticker = FixedTicker(ticks=sorted(tree.levels), minor_ticks=[])
    plot.xgrid.ticker = sorted(tree.levels)
    plot.hover.renderers = [boxes]
    if output_var is not None:
        source.selected.js_on_change("indices", _create_js_callback(source, output_var))
        plot.add_tools(BoxSelectTool())

    strip = _create_vert_range_tool(
        source=source,
        max_y=tree.n_rows,
        plot_range=plot.y_range,
        height=height,
        fill_map=fill_map,
    )
    layout = row(plot, strip)
    if show_table:
        layout = column(layout, _create_data_table(source, schema, legend_col))
    show_plot(layout, hide=hide)
    return plot, layout


def _level_range(levels: list[int]) -> Any:
    """
    The x range: from the shallowest box's left edge to the deepest box's right edge.

    msticpy ends it 3 levels past the deepest level, so the deepest boxes (3.5 wide)
    are cut off; here they fit, with a sliver of margin either side.
    """
    from bokeh.models import Range1d

    return Range1d(min(levels) - 0.05, max(levels) + BOX_WIDTH + 0.05)


def _row_range(n_rows: int, height: int) -> Any:
    """
    The y range: the top ``height // ROW_PX`` rows, on whole-row boundaries.

    Rows are numbered ``n_rows`` (top) down to 1. msticpy's range starts at a row's
    centre, so the lowest box shown is cut in half, and scrolling can move the tree out
    of view; here the range starts and ends between rows and ``bounds`` keeps panning
    within the tree.
    """
    from bokeh.models import Range1d

    visible = max(1, height // ROW_PX)
    top = n_rows + 0.5
    bottom = max(n_rows - visible, 0) + 0.5
    return Range1d(bottom, top, bounds=(0.5, top))


class TreeResult(NamedTuple):
    """The plot frame and its dimensions."""

    proc_tree: pd.DataFrame
    schema: ProcSchema
    levels: list[int]
    n_rows: int


def _missing_tree_columns(data: pd.DataFrame) -> set[str]:
    """Columns of a built tree that ``data`` lacks (all of them unless indexed by key)."""
    if data.index.name != Col.proc_key:
        return {Col.proc_key}
    return _TREE_COLUMNS - set(data.columns)


def _pre_process_tree(
    proc_tree: pd.DataFrame,
    schema: ProcSchema | dict[str, Any] | None = None,
    pid_fmt: str = "hex",
) -> TreeResult:
    """Sort the tree, add row/level positions and the label columns."""
    if isinstance(schema, dict):
        schema = ProcSchema(**schema)
    if _missing_tree_columns(proc_tree):
        proc_tree = build_process_tree(procs=proc_tree, schema=schema)
    if schema is None:
        schema = infer_schema(proc_tree)
    if schema is None:
        raise ProcessTreeSchemaException("Could not infer data schema from data set.")
    missing = {"path", schema.process_name, schema.process_id} - set(proc_tree.columns)
    if missing:
        raise ProcessTreeSchemaException(
            f"Required columns not found in data set: {','.join(sorted(missing))}"
        )
    # Bokeh 3 chokes on NaN in text columns, so missing text becomes "NA" (as msticpy;
    # numeric and time columns keep NaN/NaT, which Bokeh handles).
    text_cols = _text_like(proc_tree)
    frame = proc_tree.copy()
    if text_cols:
        frame[text_cols] = frame[text_cols].astype(object).fillna("NA")
    frame = frame.sort_values(by=["path", schema.time_stamp], kind="stable").reset_index()
    n_rows = len(frame)
    frame["Row"] = n_rows - np.arange(n_rows)
    frame["Level"] = frame["path"].astype(str).str.count("/") + 1
    levels = sorted(int(level) for level in frame["Level"].unique())
    names = frame[schema.process_name].astype(str)
    frame["__proc_name$$"] = names.str.rsplit(schema.path_separator, n=1).str[-1]
    frame["__proc_id$$"] = [_pid_fmt(pid, pid_fmt) for pid in frame[schema.process_id]]
    if not schema.cmd_line:
        schema = ProcSchema(**{**vars(schema), "cmd_line": "__cmd_line__"})
        frame[schema.cmd_line] = "cmdline unknown"
    max_cmd_len = 500 // len(levels)
    cmd = frame[schema.cmd_line].astype(str)
    long_cmd = cmd.str.len() > max_cmd_len
    frame[schema.cmd_line] = cmd
    frame["__cmd_line$$"] = cmd.where(~long_cmd, cmd.str[:max_cmd_len] + "...")
    return TreeResult(proc_tree=frame, schema=schema, levels=levels, n_rows=n_rows)


def _text_like(frame: pd.DataFrame) -> list[str]:
    """Columns holding text (object or string dtypes) with missing values."""
    return [
        str(col)
        for col, dtype in frame.dtypes.items()
        if (pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype))
        and frame[col].isna().any()
    ]


def _pid_fmt(pid: Any, pid_fmt: str) -> str:
    """
    A process ID as ``"PID: 0x..."`` (hex), ``"PID: ..."`` (dec) or ``"GUID: ..."``.

    IDs already written in the requested base are shown as they are (as msticpy does);
    IDs in the other base are converted, where msticpy shows ``"NA"``.
    """
    if pid_fmt == "guid":
        return f"GUID: {pid}"
    text = str(pid).strip()
    is_hex = text.lower().startswith("0x")
    try:
        number = int(text, 16) if is_hex else int(text)
    except ValueError:
        return "NA"
    if pid_fmt == "hex":
        return f"PID: {text}" if is_hex else f"PID: 0x{number:x}"
    return f"PID: {number}" if is_hex else f"PID: {text}"


def _set_plot_option_defaults(plot: Any) -> None:
    """Faint vertical grid lines at each level, the level axis below, no y axis."""
    plot.outline_line_color = None
    plot.grid.grid_line_color = "navy"
    plot.axis.axis_line_color = None
    plot.axis.major_tick_line_color = "navy"
    plot.xaxis.visible = True
    plot.xaxis.axis_label_text_font_size = "9pt"
    plot.xaxis.axis_label_text_font_style = "normal"
    plot.yaxis.visible = False
    plot.xgrid.visible = True
    plot.ygrid.visible = False
    plot.xgrid.minor_grid_line_color = "navy"
    plot.xgrid.minor_grid_line_alpha = 0.1
    plot.xgrid.grid_line_color = "navy"
    plot.xgrid.grid_line_alpha = 0.1
    plot.axis.major_label_standoff = 0


def _get_tool_tips(schema: ProcSchema) -> list[tuple[str, str]]:
    """Hover text: the schema's process, user, logon and time columns that exist."""
    entries = [
        ("Process", schema.process_name, ""),
        ("PID", schema.process_id, ""),
        ("CmdLine", schema.cmd_line, ""),
        ("SubjUser", schema.user_name, ""),
        ("SubjLgnId", schema.logon_id, ""),
        ("TgtLgnId", schema.target_logon_id, ""),
        ("Time", schema.time_stamp, "{%F %T.%3N}"),
    ]
    return [(label, f"@{col}{fmt}") for label, col, fmt in entries if col]


def _create_js_callback(source: Any, result_var: str) -> Any:
    """JavaScript that sets the notebook variable ``result_var`` to the selected keys."""
    from bokeh.models import CustomJS

    code = """
        const keys = source.selected.indices.map((i) => source.data[itemkey][i]);
        const statement = `${output_var} = ${JSON.stringify(keys)}`;
        const kernel = (window.IPython && IPython.notebook && IPython.notebook.kernel)
            || (window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel);
        if (kernel) { kernel.execute(statement); }
    """
    return CustomJS(
        args={"source": source, "itemkey": Col.proc_key, "output_var": result_var},
        code=code,
    )


def _create_fill_map(frame: pd.DataFrame, source_column: str | None = None) -> tuple[Any, Any]:
    """A factor colour map for text/bool columns, a linear one (+ colour bar) for numbers."""
    from bokeh.models import ColorBar
    from bokeh.palettes import viridis
    from bokeh.transform import factor_cmap, linear_cmap

    key = source_column or "Level"
    values = frame[key]
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        factors = sorted({str(v) for v in values if not pd.isna(v)})
        if not pd.api.types.is_string_dtype(values):
            frame[key] = values.astype(str)
        return factor_cmap(key, palette=viridis(max(3, len(factors))), factors=factors), None
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    fill_map = linear_cmap(
        field_name=key,
        palette=viridis(256),
        low=float(numbers.min()) if len(numbers) else 0.0,
        high=float(numbers.max()) if len(numbers) else 1.0,
    )
    if source_column is None:
        return fill_map, None
    return fill_map, ColorBar(color_mapper=fill_map["transform"], width=8, location=(0, 0))


def _create_vert_range_tool(
    source: Any, max_y: int, plot_range: Any, height: int, fill_map: Any
) -> Any:
    """The narrow overview beside the tree; its box selects the rows shown."""
    from bokeh.models import RangeTool
    from bokeh.plotting import figure
    from bokeh.transform import dodge

    # Rows span [row - 0.5, row + 0.5], as in the main plot, so an overview of a tree
    # that fits the main plot lines up with it row for row.
    strip = figure(y_range=(0.5, max_y + 0.5), toolbar_location=None, width=90, height=height)
    strip.rect(
        x=dodge("Level", -0.5),
        y="Row",
        width=1.2,
        height=0.8,
        source=source,
        fill_alpha=0.6,
        fill_color=fill_map,
    )
    strip.xaxis.visible = False
    strip.yaxis.visible = False
    range_tool = RangeTool(y_range=plot_range)
    range_tool.overlay.fill_color = "navy"
    range_tool.overlay.fill_alpha = 0.2
    strip.ygrid.grid_line_color = None
    strip.xgrid.grid_line_color = None
    strip.add_tools(range_tool)
    activate_range_tool(strip, range_tool)
    return strip


def _create_data_table(source: Any, schema: ProcSchema, legend_col: str | None = None) -> Any:
    """A data table of the processes' time, user, logon, PID, name and command line."""
    from bokeh.models import DataTable, DateFormatter, TableColumn

    names = [
        schema.user_name,
        schema.user_id,
        schema.logon_id,
        schema.process_id,
        schema.process_name,
        schema.cmd_line,
        schema.parent_id,
        schema.parent_name,
        schema.target_logon_id,
    ]
    if legend_col and legend_col not in names:
        names.append(legend_col)
    columns = [
        TableColumn(
            field=schema.time_stamp,
            title=schema.time_stamp,
            formatter=DateFormatter(format="%F %T"),
        )
    ]
    columns += [
        TableColumn(field=col, title=col) for col in names if col and col in source.column_names
    ]
    return DataTable(source=source, columns=columns, width=950, height=150)


def __getattr__(name: str) -> Any:
    """The ``df.mp_process_tree`` accessor class, registered on first use."""
    if name == "ProcessTreeAccessor":
        from .mp_pandas_plot import ProcessTreeAccessor

        return ProcessTreeAccessor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Importing a plotting module makes the df.mp_plot / df.mp_timeline / df.mp_process_tree
# accessors available, as importing msticpy.vis does in msticpy.
from . import mp_pandas_plot as _mp_plot  # noqa: E402, F401
