"""
Classic msticpy 0.8.x notebook tools (``msticpy.nbtools``).

Names are the canonical msticpy 3.x objects, loaded lazily. Process trees, timelines,
widgets arrive with their own capabilities. Entities (``entities``/``entityschema``),
``SecurityAlert`` and ``SecurityEvent`` are provided.
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
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
