"""Analysis (msticpy 3.x ``msticpy.analysis``): capabilities load on first use."""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "syslog_utils": ".syslog_utils",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
