"""Timelines: structure, options, time bucketing of large frames, saving, paths, accessors."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("bokeh")

from bokeh.models import Label, Legend, Plot

from msticpy.common.exceptions import MsticpyParameterError
from msticpy.vis._bokeh_output import save_html
from msticpy.vis.timeline import display_timeline
from msticpy.vis.timeline_duration import display_timeline_duration
from msticpy.vis.timeline_values import display_timeline_values


def _events(n: int = 120, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "TimeGenerated": pd.date_range("2024-01-01", periods=n, freq="37s"),
            "Computer": rng.choice(["web", "db", "dc"], n),
            "NewProcessName": rng.choice(["cmd.exe", "net.exe"], n),
            "EventID": 4688,
            "CommandLine": ["cmd /c echo <b>" + "x" * 80] * n,
            "Value": rng.integers(0, 100, n),
        }
    )


def _main_plot(layout) -> Plot:
    plots = [p for p in layout.select({"type": Plot}) if p.title.text != "Range Selector"]
    assert len(plots) == 1
    return plots[0]


def _glyphs(plot: Plot) -> list[str]:
    return [type(r.glyph).__name__ for r in plot.renderers]


def test_single_series_with_range_tool_and_tooltips() -> None:
    layout = display_timeline(_events(), hide=True)
    assert type(layout).__name__ == "Column"
    plot = _main_plot(layout)
    assert _glyphs(plot) == ["Scatter"]
    assert plot.title.text == "Timeline: Events"
    assert len(plot.renderers[0].data_source.data["index"]) == 120
    tips = dict(plot.hover[0].tooltips)
    assert tips["TimeGenerated"] == "@TimeGenerated{%F %T.%3N}"
    assert set(tips) == {"TimeGenerated", "NewProcessName", "EventID", "CommandLine"}
    no_strip = display_timeline(_events(), hide=True, range_tool=False)
    assert isinstance(no_strip, Plot)


def test_group_by_gives_one_series_per_group_and_a_side_legend() -> None:
    plot = _main_plot(display_timeline(_events(), group_by="Computer", hide=True))
    assert _glyphs(plot) == ["Scatter"] * 3
    legends = plot.select({"type": Legend})
    assert sorted(item.label["value"] for lg in legends for item in lg.items) == [
        "db",
        "dc",
        "web",
    ]
    assert plot.yaxis[0].major_label_overrides == {0: "db", 1: "dc", 2: "web"}


def test_overlay_and_reference_markers() -> None:
    events = _events()
    layout = display_timeline(
        events.iloc[:60],
        overlay_data=events.iloc[60:],
        ref_events=events.iloc[[5, 50]],
        ref_col="Computer",
        hide=True,
    )
    plot = _main_plot(layout)
    assert _glyphs(plot) == ["Scatter", "Scatter", "Line", "Line"]
    labels = sorted(lbl.text for lbl in plot.select({"type": Label}))
    assert labels == sorted(f"< {events['Computer'].iloc[i]}" for i in (5, 50))
    alert = {"StartTimeUtc": events["TimeGenerated"].iloc[3]}
    plot = _main_plot(display_timeline(events, alert=alert, hide=True))
    assert [lbl.text for lbl in plot.select({"type": Label})] == ["< Alert time"]


def test_dict_of_series_and_errors() -> None:
    events = _events()
    series = {
        "first": {"data": events.iloc[:50], "color": "red"},
        "second": {"data": events.iloc[50:], "source_columns": ["Computer"]},
        "empty": {"data": events.iloc[:0]},
    }
    plot = _main_plot(display_timeline(series, hide=True))
    assert _glyphs(plot) == ["Scatter", "Scatter"]
    assert plot.renderers[0].glyph.fill_color == "red"
    with pytest.raises(TypeError):
        display_timeline([1, 2, 3], hide=True)  # type: ignore[arg-type]
    with pytest.raises(NameError):
        display_timeline(events, hide=True, colour="red")


def test_values_accept_classic_and_current_keywords() -> None:
    events = _events()
    for kwargs in ({"value_column": "Value"}, {"y": "Value"}, {"value_col": "Value"}):
        plot = _main_plot(display_timeline_values(events, hide=True, **kwargs))
        assert _glyphs(plot) == ["VBar"]
        assert plot.yaxis[0].axis_label == "Value"
    plot = _main_plot(
        display_timeline_values(
            events, y="Value", group_by="Computer", kind=["vbar", "circle", "line"], hide=True
        )
    )
    assert _glyphs(plot) == ["VBar", "Scatter", "Line"] * 3
    with pytest.raises(ValueError, match="value_column"):
        display_timeline_values(events, hide=True)
    with pytest.raises(MsticpyParameterError):
        display_timeline_values(events, y="Missing", hide=True)


def test_duration_bars_per_group() -> None:
    layout = display_timeline_duration(
        _events(), group_by=["Computer", "NewProcessName"], hide=True
    )
    plot = _main_plot(layout)
    assert _glyphs(plot) == ["Rect", "Scatter"]
    assert len(plot.renderers[0].data_source.data["Row"]) == 6
    assert all(" / " in factor for factor in plot.y_range.factors)


def test_a_million_events_are_bucketed_in_the_core() -> None:
    rng = np.random.default_rng(7)
    n = 1_000_000
    offsets = np.sort(rng.integers(0, 7 * 86_400 * 10**9, n))
    events = pd.DataFrame(
        {
            "TimeGenerated": pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(offsets),
            "Computer": rng.choice(["a", "b"], n),
            "Value": rng.random(n),
        }
    )
    events.loc[123_456, "Value"] = 1000.0  # a spike must survive the reduction
    plot = _main_plot(display_timeline(events, group_by="Computer", hide=True))
    sources = [r.data_source.data for r in plot.renderers]
    assert all(len(src["EventCount"]) <= 10_000 for src in sources)
    assert sum(int(src["EventCount"].sum()) for src in sources) == n
    assert ("EventCount", "@EventCount") in plot.hover[0].tooltips
    values = _main_plot(display_timeline_values(events, y="Value", hide=True, max_points=500))
    data = values.renderers[0].data_source.data
    assert len(data["Value"]) <= 500
    assert data["Value"].max() == 1000.0


def test_saved_html_is_standalone(tmp_path) -> None:
    path = save_html(display_timeline(_events(), hide=True), tmp_path / "t.html")
    text = path.read_text(encoding="utf-8")
    assert "cdn.bokeh.org" not in text
    assert "Bokeh" in text and len(text) > 200_000  # BokehJS is inlined
    assert "<b>xxxx" not in text  # data is JSON, never raw markup


def test_classic_paths_and_accessors_are_the_same_objects() -> None:
    classic = importlib.import_module("msticpy.nbtools.timeline")
    current = importlib.import_module("msticpy.vis.timeline")
    assert classic is current
    assert classic.display_timeline_values is display_timeline_values
    import msticpy.nbtools as nbtools

    assert nbtools.timeline_duration.display_timeline_duration is display_timeline_duration
    events = _events()
    for layout in (
        events.mp_plot.timeline(hide=True),
        events.mp_timeline.plot(hide=True),
        events.mp_plot.timeline_values(value_column="Value", hide=True),
        events.mp_timeline.plot_values(value_col="Value", hide=True),
        events.mp_timeline.plot_duration(group_by="Computer", hide=True),
        events.mp_plot.timeline_duration(group_by="Computer", hide=True),
    ):
        assert _main_plot(layout).renderers


def test_nothing_is_shown_outside_a_notebook(monkeypatch) -> None:
    import bokeh.io

    calls = []
    monkeypatch.setattr(bokeh.io, "show", lambda *a, **k: calls.append(a))
    display_timeline(_events())
    assert calls == []


def test_rows_have_ticks_only_at_series_and_the_legend_beside_the_plot() -> None:
    layout = display_timeline(_events(), group_by="Computer", hide=True)
    plot = _main_plot(layout)
    ticker = plot.yaxis[0].ticker
    assert list(ticker.ticks) == [0, 1, 2] and list(ticker.minor_ticks) == []
    assert plot.yaxis[0].major_label_overrides == {0: "db", 1: "dc", 2: "web"}
    assert [type(item).__name__ for item in plot.right] == ["Legend"]
    assert not any(isinstance(item, Legend) for item in plot.left)
    left = display_timeline(_events(), group_by="Computer", legend="left", hide=True)
    assert any(isinstance(item, Legend) for item in _main_plot(left).left)


def test_range_strip_starts_on_the_main_plots_time_scale() -> None:
    for layout in (
        display_timeline(_events(), group_by="Computer", hide=True),
        display_timeline_values(_events(), value_column="Value", hide=True),
        display_timeline_duration(_events(), group_by="Computer", hide=True),
    ):
        plot = _main_plot(layout)
        strip = next(p for p in layout.select({"type": Plot}) if p.title.text == "Range Selector")
        assert (strip.x_range.start, strip.x_range.end) == (plot.x_range.start, plot.x_range.end)
        dots = [r.glyph for r in strip.renderers]
        assert dots and all(d.radius_units == "screen" and d.radius >= 2 for d in dots)
