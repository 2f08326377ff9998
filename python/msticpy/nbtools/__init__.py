"""
Classic msticpy 0.8.x notebook tools (``msticpy.nbtools``).

Names are the canonical msticpy 3.x objects, loaded lazily: ``process_tree``,
``timeline``, ``timeline_duration`` and ``nbdisplay`` are the ``msticpy.vis`` modules.
Widgets and entities arrive with their own capabilities.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY: dict[str, str] = {
    "process_tree": "msticpy.vis.process_tree",
    "timeline": "msticpy.vis.timeline",
    "timeline_duration": "msticpy.vis.timeline_duration",
    "nbdisplay": "msticpy.vis.nbdisplay",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
