"""Process-tree plots: structure, labels, colouring, options, paths and accessors."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("bokeh")

from bokeh.models import ColorBar, DataTable, Plot

from msticpy.transform.proc_tree_builder import build_process_tree
from msticpy.transform.proc_tree_schema import ProcessTreeSchemaException
from msticpy.vis.process_tree import (
    _pid_fmt,
    build_and_show_process_tree,
    plot_process_tree,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parity"))
from proctree_generate import generate_events


def _events(os_family: str = "windows", n: int = 200) -> pd.DataFrame:
    frame = pd.DataFrame(generate_events(n, seed=9, os_family=os_family))
    frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"])
    return frame


def test_tree_figure_has_boxes_labels_and_range_strip() -> None:
    events = _events()
    tree = build_process_tree(events)
    fig, layout = plot_process_tree(tree, hide=True)
    assert [type(r.glyph).__name__ for r in fig.renderers] == ["Rect", "Text", "Text", "Text"]
    data = fig.renderers[0].data_source.data
    assert len(data["Row"]) == len(tree)
    assert sorted(data["Row"]) == list(range(1, len(tree) + 1))
    assert set(data["Level"]) == set(tree["path"].str.count("/") + 1)
    names = set(data["__proc_name$$"])
    assert "cmd.exe" in names and not any("\\" in name for name in names)
    strips = [p for p in layout.select({"type": Plot}) if p is not fig]
    assert len(strips) == 1 and strips[0].width == 90
    assert fig.hover.renderers == [fig.renderers[0]]


def test_raw_events_are_built_and_legend_or_colour_bar_added() -> None:
    events = _events()
    fig, layout = build_and_show_process_tree(
        events, legend_col="SubjectUserName", show_table=True, hide=True
    )
    labels = {item.label["field"] for item in fig.legend[0].items}
    assert labels == {"SubjectUserName"}
    assert len(list(layout.select({"type": DataTable}))) == 1
    events["Score"] = range(len(events))
    fig, _ = events.mp_plot.process_tree(legend_col="Score", hide=True)
    assert fig.title.text == "ProcessTree (color bar = Score)"
    assert len(list(fig.select({"type": ColorBar}))) == 1


def test_linux_tree_and_pid_formats() -> None:
    fig, _ = build_and_show_process_tree(_events("linux"), hide=True, pid_fmt="dec")
    pids = fig.renderers[0].data_source.data["__proc_id$$"]
    assert all(pid.startswith("PID: ") and pid[5:].isdigit() for pid in pids)
    # msticpy labels these "NA" in hex mode; they are converted here.
    assert _pid_fmt("4660", "hex") == "PID: 0x1234"
    assert _pid_fmt("0x1234", "hex") == "PID: 0x1234"
    assert _pid_fmt("0x1234", "dec") == "PID: 4660"
    assert _pid_fmt("{abc}", "guid") == "GUID: {abc}"
    assert _pid_fmt("unknown", "hex") == "NA"


def test_long_command_lines_are_trimmed_and_missing_values_shown() -> None:
    events = _events()
    events.loc[0, "CommandLine"] = "x" * 2000
    fig, _ = build_and_show_process_tree(events, hide=True)
    cmds = fig.renderers[0].data_source.data["__cmd_line$$"]
    assert max(len(cmd) for cmd in cmds) <= 500 + 3
    assert not any(isinstance(c, float) for c in cmds)


def test_bad_input_and_options() -> None:
    with pytest.raises(TypeError):
        plot_process_tree(pd.DataFrame({"a": [1]}), hide=True)
    tree = build_process_tree(_events())
    with pytest.raises(NameError):
        plot_process_tree(tree, hide=True, colour="red")
    with pytest.raises(ProcessTreeSchemaException):
        plot_process_tree(tree.drop(columns=["NewProcessName"]), hide=True)


def test_output_var_callback_and_classic_paths() -> None:
    tree = build_process_tree(_events())
    fig, _ = plot_process_tree(tree, output_var="picked", hide=True)
    callbacks = fig.renderers[0].data_source.selected.js_property_callbacks
    assert "change:indices" in callbacks
    assert importlib.import_module("msticpy.nbtools.process_tree") is importlib.import_module(
        "msticpy.vis.process_tree"
    )
    classic = _events().mp_process_tree.build()
    pd.testing.assert_index_equal(classic.index, tree.index)
    fig, _ = _events().mp_process_tree.plot(hide=True)
    assert fig.renderers


def test_defender_events_plot_with_renamed_legend_column() -> None:
    from mde_generate import generate_mde_events

    events = pd.DataFrame(generate_mde_events(120, seed=8))
    for col in ("Timestamp", "ProcessCreationTime", "InitiatingProcessCreationTime"):
        events[col] = pd.to_datetime(events[col])
    events["InitiatingProcessParentCreationTime"] = pd.to_datetime(
        events["InitiatingProcessParentCreationTime"]
    )
    before = events.copy()
    fig, _ = build_and_show_process_tree(events, legend_col="AccountName", hide=True)
    assert fig.legend[0].items[0].label["field"] == "CreatedProcessAccountName"
    assert "CreatedProcessName" in dict(fig.hover[0].tooltips)["Process"]
    pd.testing.assert_frame_equal(events, before)  # the caller's frame is left alone


def test_level_axis_whole_rows_and_deepest_boxes_in_range() -> None:
    from msticpy.vis.process_tree import BOX_WIDTH, LEVEL_AXIS_LABEL, ROW_PX

    fig, _ = plot_process_tree(build_process_tree(_events(n=300)), hide=True)
    data = fig.renderers[0].data_source.data
    levels, n_rows = sorted(set(data["Level"])), len(data["Row"])
    assert fig.xaxis[0].visible and fig.xaxis[0].axis_label == LEVEL_AXIS_LABEL
    assert list(fig.xaxis[0].ticker.ticks) == levels
    assert fig.x_range.start <= levels[0] and fig.x_range.end >= levels[-1] + BOX_WIDTH
    assert fig.x_range.end - (levels[-1] + BOX_WIDTH) < 0.5
    # The view shows whole rows (rows span row +/- 0.5) and cannot pan off the tree.
    assert (fig.y_range.start - 0.5) % 1 == 0 and (fig.y_range.end - 0.5) % 1 == 0
    assert fig.y_range.end == n_rows + 0.5
    assert fig.y_range.end - fig.y_range.start == 700 // ROW_PX
    assert fig.y_range.bounds == (0.5, n_rows + 0.5)
    short, _ = plot_process_tree(build_process_tree(_events(n=10)), hide=True)
    short_rows = len(short.renderers[0].data_source.data["Row"])
    assert short.y_range.start == 0.5 and short.y_range.end == short_rows + 0.5
    assert short.height < 700
    given, _ = plot_process_tree(build_process_tree(_events(n=10)), height=500, hide=True)
    assert given.height == 500
