"""
Plot-structure worker: builds the same Bokeh plots in whichever msticpy it imports.

Run by ``test_vis_parity.py`` in the reference interpreter (msticpy 3.0.2) and in ours.
Reads ``{"events": {...}, "plots": [...]}`` as JSON on stdin (events as lists of dicts,
times as ISO strings); writes ``{"msticpy_version": ..., "results": [...]}`` where each
result summarises one figure: title, axis labels, each renderer's glyph type, point
count and main text column, legend labels and hover tooltips. Nothing is displayed:
Bokeh's ``show`` is replaced by a no-op on both sides.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))


def _no_show(*_args: Any, **_kwargs: Any) -> None:
    return None


def _silence_show() -> None:
    import bokeh.io
    import bokeh.plotting

    bokeh.io.show = _no_show
    bokeh.plotting.show = _no_show
    for name in (
        "msticpy.vis.process_tree",
        "msticpy.vis.timeline",
        "msticpy.vis.timeline_values",
        "msticpy.vis.timeline_duration",
    ):
        module = __import__(name, fromlist=["x"])
        if hasattr(module, "show"):
            module.show = _no_show
        if hasattr(module, "output_notebook"):
            module.output_notebook = _no_show


def _plots(layout: Any) -> list[Any]:
    from bokeh.models import Plot

    return [model for model in layout.select({"type": Plot})]


def _glyph(renderer: Any) -> dict[str, Any]:
    glyph = renderer.glyph
    data = renderer.data_source.data if hasattr(renderer, "data_source") else {}
    lengths = {len(v) for v in data.values()} if data else {0}
    summary: dict[str, Any] = {"type": type(glyph).__name__, "points": max(lengths)}
    text = getattr(glyph, "text", None)
    field = getattr(text, "field", text if isinstance(text, str) else None)
    if field and field in data:
        summary["text"] = sorted(str(v) for v in data[field])
    return summary


def summarise(layout: Any) -> list[dict[str, Any]]:
    """The comparable structure of every figure in ``layout``."""
    from bokeh.models import HoverTool, Legend

    out = []
    for plot in _plots(layout):
        legends = [item for legend in plot.select({"type": Legend}) for item in legend.items]
        labels = []
        for item in legends:
            label = item.label
            if isinstance(label, dict):
                labels.append(label.get("value", label.get("field")))
            else:
                labels.append(getattr(label, "value", None) or getattr(label, "field", None))
        hovers = [tool for tool in plot.tools if isinstance(tool, HoverTool)]
        out.append(
            {
                "title": plot.title.text if plot.title is not None else None,
                "x_label": [axis.axis_label for axis in plot.xaxis],
                "y_label": [axis.axis_label for axis in plot.yaxis],
                "glyphs": [_glyph(r) for r in plot.renderers if hasattr(r, "glyph")],
                "legend": sorted(str(label) for label in labels),
                "tooltips": sorted(
                    (str(a), str(b)) for tool in hovers for a, b in (tool.tooltips or [])
                ),
            }
        )
    # Bokeh's model walk has no fixed order: sort the figures.
    return sorted(out, key=lambda fig: (str(fig["title"]), len(fig["glyphs"])))


def run_plot(spec: dict[str, Any], frames: dict[str, Any]) -> Any:
    """Make one plot and summarise it (or name the exception)."""
    kind = spec["kind"]
    kwargs = dict(spec.get("kwargs", {}))
    data = frames[spec["data"]]
    try:
        if kind == "process_tree":
            from msticpy.vis.process_tree import build_and_show_process_tree

            _, layout = build_and_show_process_tree(data, **kwargs)
        elif kind == "timeline":
            from msticpy.vis.timeline import display_timeline

            if "overlay" in spec:
                kwargs["overlay_data"] = frames[spec["overlay"]]
            layout = display_timeline(data, hide=True, **kwargs)
        elif kind == "timeline_values":
            from msticpy.vis.timeline_values import display_timeline_values

            layout = display_timeline_values(data, hide=True, **kwargs)
        else:
            from msticpy.vis.timeline_duration import display_timeline_duration

            layout = display_timeline_duration(data, hide=True, **kwargs)
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__, "message": str(err)[:300]}
    return {"ok": summarise(layout)}


def main() -> int:
    import pandas as pd

    import msticpy

    _silence_show()
    request = json.load(sys.stdin)
    frames = {}
    for name, rows in request["events"].items():
        frame = pd.DataFrame(rows)
        frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"])
        frames[name] = frame
    results = [run_plot(spec, frames) for spec in request["plots"]]
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
