"""Analysis (msticpy 3.x ``msticpy.analysis``): names load on first use."""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "cluster_auditd": ".cluster_auditd",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
