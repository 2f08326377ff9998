"""
The calls of msticpy's 0.8-era sample notebooks (EventTimeline, ProcessTree) run here.

The calls are written as those notebooks make them (``nbdisplay.display_timeline`` with
``legend_column=``, ``display_timeline_values`` with ``y=``, ``ptree`` helpers from
``msticpy.nbtools.process_tree``, ``show_progress=``), on generated data in place of the
notebooks' pickles and CSVs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("bokeh")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parity"))
from proctree_generate import generate_events


def _frame(os_family: str, n: int = 300) -> pd.DataFrame:
    frame = pd.DataFrame(generate_events(n, seed=41, os_family=os_family))
    frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"])
    return frame


def test_event_timeline_notebook_calls() -> None:
    from msticpy.nbtools import nbdisplay

    procs = _frame("windows")
    logons = procs.assign(LogonType=procs.index % 3 + 2, TargetLogonId="0x3e7")
    layouts = [
        nbdisplay.display_timeline(procs),
        nbdisplay.display_timeline(
            procs,
            group_by="Account",
            source_columns=["NewProcessName", "ParentProcessName"],
            legend="inline",
        ),
        nbdisplay.display_timeline(
            procs,
            group_by="Account",
            source_columns=["NewProcessName", "ParentProcessName"],
            yaxis=True,
        ),
        nbdisplay.display_timeline(
            logons,
            title="Logons by Account name",
            group_by="Account",
            source_columns=["Account", "TargetLogonId", "LogonType"],
            legend_column="Account",
            legend="left",
            height=200,
        ),
        nbdisplay.display_timeline(
            logons,
            title="Processes with marker",
            group_by="LogonType",
            source_columns=["Account", "TargetLogonId", "LogonType"],
            ref_event=procs.sample(random_state=1).iloc[0],
            legend="left",
        ),
        nbdisplay.display_timeline(
            data={
                "Processes": {"data": procs, "source_columns": ["NewProcessName", "Account"]},
                "Logons": {"data": logons, "source_columns": ["Account", "LogonType"]},
            },
            title="Logons and Processes",
            legend="left",
        ),
        nbdisplay.display_timeline_values(
            data=logons,
            group_by="Computer",
            source_columns=["Account", "LogonType"],
            time_column="TimeGenerated",
            y="LogonType",
            legend="right",
            legend_column="Computer",
            height=500,
            kind=["vbar", "circle"],
        ),
    ]
    assert all(layout is not None for layout in layouts)


def test_process_tree_notebook_calls() -> None:
    from msticpy.nbtools import process_tree as ptree

    p_tree_win = ptree.build_process_tree(_frame("windows"), show_summary=True)
    root = ptree.get_roots(p_tree_win).iloc[0]
    proc_tree = ptree.get_descendents(p_tree_win, root)
    fig, _ = ptree.plot_process_tree(data=proc_tree, legend_col="SubjectUserName", show_table=True)
    assert fig.renderers
    p_tree_lx = ptree.build_process_tree(_frame("linux"), show_progress=True, debug=True)
    full_tree = ptree.get_descendents(p_tree_lx, ptree.get_roots(p_tree_lx).iloc[0])
    fig, _ = ptree.plot_process_tree(data=full_tree[:1000], legend_col="acct")
    assert ptree.get_tree_depth(full_tree) >= 1
    assert len(ptree.get_children(p_tree_win, root)) >= 1
