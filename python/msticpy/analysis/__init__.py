"""
msticpy.analysis: event clustering (``eventcluster``) and outlier detection (``outliers``).

Sub-modules load on first use (PEP 562), so importing the package stays cheap.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "eventcluster": "msticpy.analysis.eventcluster",
    "outliers": "msticpy.analysis.outliers",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
