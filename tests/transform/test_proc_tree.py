"""Process-tree builder and navigation: paths, errors, budgets and classic aliases."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

from msticpy.common.exceptions import LimitExceededError, MsticpyUserError
from msticpy.transform import process_tree_utils as ptu
from msticpy.transform.proc_tree_builder import build_process_tree, infer_schema
from msticpy.transform.proc_tree_schema import LX_EVENT_SCH, WIN_EVENT_SCH, ProcSchema
from parity.proctree_generate import generate_events, shell_chain


@pytest.fixture(scope="module")
def win_tree() -> pd.DataFrame:
    frame = pd.DataFrame(generate_events(600, seed=3))
    return build_process_tree(frame)


def test_classic_paths_are_the_current_modules() -> None:
    for classic, current in [
        ("msticpy.sectools.process_tree_utils", "msticpy.transform.process_tree_utils"),
        ("msticpy.sectools.ptree", "msticpy.transform.process_tree_utils"),
        ("msticpy.sectools.proc_tree_builder", "msticpy.transform.proc_tree_builder"),
    ]:
        assert importlib.import_module(classic) is importlib.import_module(current)
    import msticpy.sectools as sectools

    assert sectools.ptree.build_process_tree is build_process_tree


def test_infer_schema_and_dict_schema() -> None:
    win = pd.DataFrame(generate_events(50, seed=1))
    lx = pd.DataFrame(generate_events(50, seed=1, os_family="linux"))
    assert infer_schema(win) == WIN_EVENT_SCH
    assert infer_schema(lx) == LX_EVENT_SCH
    assert infer_schema(pd.DataFrame({"a": [1]})) is None
    as_dict = {k: v for k, v in vars(WIN_EVENT_SCH).items()}
    pd.testing.assert_frame_equal(
        build_process_tree(win, schema=as_dict), build_process_tree(win, schema=WIN_EVENT_SCH)
    )


def test_tree_shape_and_navigation(win_tree: pd.DataFrame) -> None:
    tree = win_tree
    assert tree.index.name == "proc_key"
    assert tree.index.is_unique
    assert list(tree["path"]) == sorted(tree["path"])
    # Every non-root path is its parent's path plus its own source index.
    by_index = tree.set_index("source_index")
    for _, row in tree[~tree["IsRoot"]].head(200).iterrows():
        if isinstance(row["parent_index"], str):
            assert (
                row["path"] == f"{by_index.loc[row['parent_index'], 'path']}/{row['source_index']}"
            )
    summary = ptu.get_summary_info(tree)
    assert summary["Processes"] == len(tree)
    assert summary["RootProcesses"] + summary["BranchProcesses"] + summary["LeafProcesses"] >= len(
        tree
    )
    deepest = tree["path"].str.count("/").idxmax()
    ancestors = ptu.get_ancestors(tree, deepest)
    assert len(ancestors) == ptu.get_tree_depth(tree)
    assert ptu.get_root(tree, deepest).name == ancestors.index[0]
    parent = ptu.get_parent(tree, deepest)
    assert parent is not None and parent.name == ancestors.index[-2]
    assert deepest in ptu.get_children(tree, parent.name).index
    assert deepest in ptu.get_siblings(tree, deepest).index
    root = ptu.get_roots(tree).index[0]
    assert len(ptu.get_descendents(tree, root, max_levels=1)) == len(ptu.get_children(tree, root))
    assert ptu.get_process_key(tree, tree.iloc[3]["source_index"]) == tree.index[3]
    text = ptu.tree_to_text(ptu.get_root_tree(tree, deepest), schema=WIN_EVENT_SCH)
    assert text.startswith("+  Process:") and "+--  Process:" in text


def test_build_process_key_matches_the_tree_index(win_tree: pd.DataFrame) -> None:
    row = win_tree[~win_tree["IsRoot"]].iloc[0]
    assert ptu.build_process_key(row, WIN_EVENT_SCH) == row.name


def test_bad_inputs_raise_documented_errors() -> None:
    frame = pd.DataFrame(generate_events(40, seed=2))
    with pytest.raises(MsticpyUserError, match="No process-creation events"):
        build_process_tree(frame.assign(EventID=1))
    broken = frame.copy()
    broken["TimeGenerated"] = broken["TimeGenerated"].astype(object)
    broken.loc[broken.index[0], "TimeGenerated"] = None
    with pytest.raises(ValueError, match="missing values"):
        build_process_tree(broken)
    with pytest.raises(TypeError):
        build_process_tree(pd.DataFrame({"x": [1]}))
    with pytest.raises(TypeError):
        ProcSchema(**{"nonsense": 1})  # type: ignore[arg-type]


def test_missing_names_and_ids_do_not_crash() -> None:
    frame = pd.DataFrame(generate_events(200, seed=5))
    frame.loc[frame.index[::7], "NewProcessName"] = None
    frame.loc[frame.index[::11], "ProcessId"] = None
    frame.loc[frame.index[::13], "ParentProcessName"] = None
    tree = build_process_tree(frame)
    assert len(tree) > 0


def test_deep_chain_hits_the_path_budget() -> None:
    n = 1500
    frame = pd.DataFrame(shell_chain(n))
    tree = build_process_tree(frame, schema=LX_EVENT_SCH)
    assert ptu.get_tree_depth(tree) == n + 1
    with pytest.raises(LimitExceededError):
        build_process_tree(frame, schema=LX_EVENT_SCH, max_path_bytes=100_000)


def test_descendents_by_path_equal_the_level_walk() -> None:
    """The path-prefix shortcut gives the level walk's rows, also on filtered frames."""
    from msticpy.transform.process_tree_utils import (
        _descendents_by_level,
        _descendents_by_path,
    )

    tree = build_process_tree(pd.DataFrame(generate_events(1500, seed=5, os_family="windows")))
    # A filtered frame: every fifth branch process removed breaks some links.
    branches = tree.index[tree["IsBranch"]]
    filtered = tree.drop(index=branches[::5])
    shortcut_used = 0
    for procs in (tree, filtered):
        for key in procs.index[:: max(1, len(procs) // 60)]:
            proc = procs.loc[key]
            for levels in (-1, 1, 3):
                fast = _descendents_by_path(procs, proc, levels)
                slow = _descendents_by_level(procs, proc, levels)
                if fast is None:
                    continue
                shortcut_used += 1
                assert sorted(fast.index) == sorted(slow.index), (key, levels)
    assert shortcut_used > 20
