"""
Visualisations (msticpy 3.x ``msticpy.vis``): process-tree and timeline plots with Bokeh,
folium maps (``foliummap``), notebook display helpers. Sub-modules load on first use
(Bokeh or folium only when a plot or map is made).
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "process_tree": ".process_tree",
    "timeline": ".timeline",
    "timeline_values": ".timeline_values",
    "timeline_duration": ".timeline_duration",
    "timeline_common": ".timeline_common",
    "nbdisplay": ".nbdisplay",
    "mp_pandas_plot": ".mp_pandas_plot",
    "foliummap": ".foliummap",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
