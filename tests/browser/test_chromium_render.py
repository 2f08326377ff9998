"""
Real-browser rendering: timeline and process-tree pages measured in headless Chromium.

Each plot is saved as standalone HTML (BokehJS inlined from the installed package, so no
network is needed) and opened in headless Chromium through Selenium. ``bokeh_probe`` asks
BokehJS's view objects where things were drawn (page pixels, tick values and label text),
so the tests assert the layout an analyst sees: ticks only at the series rows, the legend
beside the plot area, the range selector's time axis on the main plot's scale, whole boxes
at the edges of the tree's view, a labelled level axis, everything inside the window, and
no JavaScript error. A screenshot of each layout (cropped to it) is kept with the page
under ``$MSTICPY_TEST_ARTIFACTS/browser/`` (default ``test-artifacts/browser/``). Skipped
when Chromium, chromedriver or Selenium are missing (``.ci/run`` installs them).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("bokeh")
Image = pytest.importorskip("PIL.Image")

from msticpy.vis._bokeh_output import save_html  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "parity"))
sys.path.insert(0, str(HERE))
from bokeh_probe import (  # noqa: E402
    MARGIN,
    drag,
    inside,
    js_errors,
    layout_bounds,
    open_browser,
    probe_page,
    read_probe,
    screenshot,
)
from chromium_session import artifacts  # noqa: E402
from proctree_generate import generate_events  # noqa: E402

# Screen positions computed two ways (BokehJS's scale vs its axis) may differ by rounding.
PX = 1.5


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with open_browser(tmp_path_factory.mktemp("chromium") / "profile") as driver:
        yield driver


def _coloured(shot: Path, probe: dict[str, Any], box: dict[str, float] | None = None) -> int:
    """Coloured pixels in the screenshot, or in ``box`` (page pixels) of it."""
    rgb = np.asarray(Image.open(shot).convert("RGB"), dtype=np.int16)
    if box is not None:
        # The screenshot is cropped to the layout (less a margin): shift page pixels.
        left, top, _, _ = layout_bounds(probe)
        dx, dy = max(0, int(left) - MARGIN), max(0, int(top) - MARGIN)
        rgb = rgb[
            int(box["top"]) - dy + 1 : int(box["bottom"]) - dy - 1,
            int(box["left"]) - dx + 1 : int(box["right"]) - dx - 1,
        ]
    return int(((rgb.max(axis=2) - rgb.min(axis=2)) > 40).sum())


def _ms(when: Any) -> float:
    """A timestamp as BokehJS's datetime axis value (ms since the epoch)."""
    return float(pd.Timestamp(when).value) / 1e6


def _by_title(probe: dict[str, Any], title: str) -> dict[str, Any]:
    return next(plot for plot in probe["plots"] if plot["title"] == title)


def _axis(plot: dict[str, Any], dimension: int) -> dict[str, Any]:
    return next(axis for axis in plot["axes"] if axis["dimension"] == dimension)


def _in_viewport(probe: dict[str, Any]) -> None:
    view = {"left": 0, "top": 0, **{"right": probe["viewport"]["width"]}}
    view["bottom"] = probe["viewport"]["height"]
    for plot in probe["plots"]:
        assert inside(plot["plot"], view), (plot["title"], plot["plot"], view)
        assert inside(plot["frame"], plot["plot"]), plot


def test_the_console_check_sees_javascript_errors(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><body><script>window.Bokeh = {documents: [{is_idle: true}], index: "
        "{all_views: () => []}}; setTimeout(() => { throw new Error('boom'); }, 0)"
        "</script></body></html>"
    )
    probe = probe_page(browser, page)
    assert any("boom" in text for text in js_errors(probe["console"])), probe["console"]


def _timeline_page(tmp_path: Path) -> tuple[Path, pd.DataFrame, list[str]]:
    from msticpy.vis.timeline import display_timeline

    events = pd.DataFrame(generate_events(400, seed=31, os_family="windows"))
    events["TimeGenerated"] = pd.to_datetime(events["TimeGenerated"])
    layout = display_timeline(
        events, group_by="Computer", hide=True, ref_time=events.iloc[99]["TimeGenerated"]
    )
    page = save_html(layout, artifacts() / "timeline.html", title="timeline")
    return page, events, sorted(events["Computer"].astype(str).unique())


def test_timeline_layout(browser: Any, tmp_path: Path) -> None:
    page, events, groups = _timeline_page(tmp_path)
    assert "cdn.bokeh.org" not in page.read_text(encoding="utf-8")
    first, last = events["TimeGenerated"].min(), events["TimeGenerated"].max()
    probe = probe_page(browser, page, [_ms(first), _ms(last)], list(range(len(groups))))
    shot = screenshot(browser, probe, artifacts() / "timeline.png")
    assert not js_errors(probe["console"]), probe["console"]
    _in_viewport(probe)
    main, strip = _by_title(probe, "Timeline: Events"), _by_title(probe, "Range Selector")

    # y axis: one tick per series, at the series' row, labelled with its name; no
    # ticks between rows (Bokeh's default ticker labels 0.5, 1.5, ... there).
    y_axis = _axis(main, 1)
    assert y_axis["ticks"] == list(range(len(groups))), y_axis
    assert y_axis["labels"] == groups, y_axis
    assert y_axis["minor"] == [], y_axis
    for tick_y, row_y in zip(y_axis["screen"], main["y_at"]):
        assert abs(tick_y - row_y) < PX
        assert main["frame"]["top"] < tick_y < main["frame"]["bottom"]

    # The legend sits against the plot area's right edge, within the figure.
    assert len(main["legends"]) == 1, main["legends"]
    legend = main["legends"][0]
    assert inside(legend, main["plot"]), (legend, main["plot"])
    assert 0 <= legend["left"] - main["frame"]["right"] < 30, (legend, main["frame"])
    assert legend["top"] < main["frame"]["bottom"] and legend["bottom"] > main["frame"]["top"]

    # The range selector's time axis is the main plot's: same frame edges, the same
    # instants at the same x, the same tick values.
    for edge in ("left", "right"):
        assert abs(main["frame"][edge] - strip["frame"][edge]) < PX, (main, strip)
    for ours, theirs in zip(main["x_at"], strip["x_at"]):
        assert abs(ours - theirs) < PX, (main["x_at"], strip["x_at"])
    assert _axis(main, 0)["ticks"] == _axis(strip, 0)["ticks"]
    assert _axis(main, 0)["labels"] == _axis(strip, 0)["labels"]
    for ours, theirs in zip(_axis(main, 0)["screen"], _axis(strip, 0)["screen"]):
        assert abs(ours - theirs) < PX
    assert main["frame"]["left"] < main["x_at"][0] < main["x_at"][1] < main["frame"]["right"]
    assert _axis(main, 0)["label"] == "Event Time"

    # The screenshot is the layout (not a mostly blank page), and it is drawn.
    with Image.open(shot) as image:
        height = image.height
    assert height < 600, height
    assert _coloured(shot, probe, main["frame"]) > 3000
    # The strip shows the events (msticpy's dots are a millisecond wide: invisible).
    assert _coloured(shot, probe, strip["frame"]) > 1000

    # The selection box starts as wide as the strip; its left edge, at the strip's left
    # edge, can still be dragged, and the main plot follows.
    left = strip["frame"]["left"] + 1
    middle = (strip["frame"]["top"] + strip["frame"]["bottom"]) / 2
    drag(browser, (left, middle), 150)
    after = _by_title(read_probe(browser), "Timeline: Events")
    span = main["x_range"][1] - main["x_range"][0]
    frame_px = strip["frame"]["right"] - strip["frame"]["left"]
    moved = (after["x_range"][0] - main["x_range"][0]) / span * frame_px
    assert 140 < moved < 160, (main["x_range"], after["x_range"])
    assert after["x_range"][1] == main["x_range"][1]


def test_process_tree_layout(browser: Any, tmp_path: Path) -> None:
    from msticpy.vis.process_tree import BOX_HEIGHT, BOX_WIDTH, build_and_show_process_tree

    events = pd.DataFrame(generate_events(300, seed=32, os_family="windows"))
    events["TimeGenerated"] = pd.to_datetime(events["TimeGenerated"])
    plot, layout = build_and_show_process_tree(events, legend_col="SubjectUserName", hide=True)
    levels = sorted(int(level) for level in plot.renderers[0].data_source.data["Level"])
    n_rows = len(plot.renderers[0].data_source.data["Row"])
    page = save_html(layout, artifacts() / "process_tree.html", title="process tree")
    half = BOX_HEIGHT / 2
    row_edges = [edge for row in range(1, n_rows + 1) for edge in (row - half, row + half)]
    probe = probe_page(browser, page, [levels[-1] + BOX_WIDTH, levels[0]], row_edges)
    shot = screenshot(browser, probe, artifacts() / "process_tree.png")
    assert not js_errors(probe["console"]), probe["console"]
    _in_viewport(probe)
    tree = _by_title(probe, "ProcessTree")
    frame = tree["frame"]

    # The x axis is labelled and counts tree levels: a tick (1, 2, ...) at each level.
    x_axis = _axis(tree, 0)
    assert "level" in x_axis["label"].lower(), x_axis
    assert x_axis["ticks"] == sorted(set(levels)), x_axis
    assert x_axis["labels"] == [str(level) for level in sorted(set(levels))], x_axis
    assert inside(x_axis["bbox"], tree["plot"]), x_axis

    # The deepest box ends inside the plot area with little to spare; the shallowest
    # starts at its left edge.
    deepest_right, shallowest_left = tree["x_at"]
    assert frame["right"] - 30 < deepest_right <= frame["right"] + PX, (tree["x_at"], frame)
    assert frame["left"] - PX <= shallowest_left < frame["left"] + 10, (tree["x_at"], frame)

    # Every box the view shows is whole: no row straddles the top or bottom edge.
    start, end = tree["y_range"]
    shown = [row for row in range(1, n_rows + 1) if start < row < end]
    assert len(shown) >= 15, (start, end)
    for row in shown:
        low, high = tree["y_at"][2 * (row - 1)], tree["y_at"][2 * (row - 1) + 1]
        assert frame["top"] - PX <= high and low <= frame["bottom"] + PX, (row, low, high)
    cut = [row for row in range(1, n_rows + 1) if row - half < start < row + half]
    assert not cut, (cut, start, end)

    with Image.open(shot) as image:
        size = image.size
    assert size[1] < 800, size
    assert _coloured(shot, probe, frame) > 20_000


def test_a_short_tree_gets_a_short_plot(browser: Any, tmp_path: Path) -> None:
    from msticpy.vis.process_tree import build_and_show_process_tree

    events = pd.DataFrame(generate_events(12, seed=33, os_family="windows"))
    events["TimeGenerated"] = pd.to_datetime(events["TimeGenerated"])
    plot, layout = build_and_show_process_tree(events, hide=True)
    n_rows = len(plot.renderers[0].data_source.data["Row"])
    page = save_html(layout, artifacts() / "process_tree_short.html", title="short tree")
    probe = probe_page(browser, page, [], [0.5, n_rows + 0.5])
    screenshot(browser, probe, artifacts() / "process_tree_short.png")
    assert not js_errors(probe["console"]), probe["console"]
    _in_viewport(probe)
    tree = _by_title(probe, "ProcessTree")
    # The rows fill the plot area: the lowest box's lower edge is its bottom edge.
    bottom_edge, top_edge = tree["y_at"]
    assert abs(bottom_edge - tree["frame"]["bottom"]) < PX, (tree["y_at"], tree["frame"])
    assert abs(top_edge - tree["frame"]["top"]) < PX, (tree["y_at"], tree["frame"])
    height = tree["frame"]["bottom"] - tree["frame"]["top"]
    assert height < 40 * max(n_rows, 4), (height, n_rows)
    # The overview strip beside it spans the same rows at the same heights.
    (strip,) = [plot for plot in probe["plots"] if plot["id"] != tree["id"]]
    for ours, theirs in zip(tree["y_at"], strip["y_at"]):
        assert abs(ours - theirs) < PX, (tree["y_at"], strip["y_at"])
