"""
Classic msticpy 0.8.x notebook tools (``msticpy.nbtools``).

Names are the canonical msticpy 3.x objects, loaded lazily: ``process_tree``,
``timeline``, ``timeline_duration`` and ``nbdisplay`` are the ``msticpy.vis`` modules;
entities (``entities``/``entityschema``), ``SecurityAlert`` and ``SecurityEvent`` are
provided. Widgets arrive with their own capability.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY: dict[str, str] = {
    "entities": "msticpy.datamodel.entities",
    "entityschema": "msticpy.datamodel.entities",
    "SecurityAlert": "msticpy.nbtools.security_alert:SecurityAlert",
    "SecurityEvent": "msticpy.nbtools.security_event:SecurityEvent",
    "security_alert": "msticpy.nbtools.security_alert",
    "security_event": "msticpy.nbtools.security_event",
    "security_base": "msticpy.nbtools.security_base",
    "process_tree": "msticpy.vis.process_tree",
    "timeline": "msticpy.vis.timeline",
    "timeline_duration": "msticpy.vis.timeline_duration",
    "nbdisplay": "msticpy.vis.nbdisplay",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
