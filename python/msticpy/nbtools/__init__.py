"""
Classic msticpy 0.8.x notebook tools (``msticpy.nbtools``).

Names are the canonical msticpy 3.x objects, loaded lazily. Process trees, timelines,
widgets and entities arrive with their own capabilities; none is provided yet.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY: dict[str, str] = {
    "entities": "msticpy.datamodel.entities",
    "entityschema": "msticpy.datamodel.entities",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
