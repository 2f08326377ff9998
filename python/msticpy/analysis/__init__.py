"""
msticpy.analysis (3.x): event clustering (``eventcluster``), outlier detection
(``outliers``) and syslog sessions (``syslog_utils``).

Sub-modules load on first use (PEP 562), so importing the package stays cheap.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "eventcluster": "msticpy.analysis.eventcluster",
    "outliers": "msticpy.analysis.outliers",
    "syslog_utils": "msticpy.analysis.syslog_utils",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
