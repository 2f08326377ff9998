"""
msticpy.analysis (3.x): event clustering (``eventcluster``), outlier detection
(``outliers``), syslog sessions (``syslog_utils``) and auditd process clustering
(``cluster_auditd``).

Sub-modules load on first use (PEP 562), so importing the package stays cheap.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "eventcluster": "msticpy.analysis.eventcluster",
    "outliers": "msticpy.analysis.outliers",
    "syslog_utils": "msticpy.analysis.syslog_utils",
    "cluster_auditd": ".cluster_auditd",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
