"""
msticpy.datamodel: security entities (``msticpy.datamodel.entities``).

The ``entities`` sub-package loads on first use (PEP 562).
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {"entities": "msticpy.datamodel.entities"}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
