"""
msticpy.datamodel.soc: SOC records built on the entities (``Incident``, ``SentinelAlert``).

Loaded on first use (PEP 562): ``msticpy.datamodel.entities`` imports ``Incident`` to
register it as the ``incident`` entity type, and the classes themselves build on the
entities, so nothing is imported here eagerly.
"""

from __future__ import annotations

from ..._lazy import lazy_attributes

__all__ = ["Incident", "SentinelAlert"]

_LAZY = {
    "Incident": ".incident:Incident",
    "SentinelAlert": ".sentinel_alert:SentinelAlert",
    "incident": ".incident",
    "sentinel_alert": ".sentinel_alert",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
