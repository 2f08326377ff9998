"""
Data acquisition (``msticpy.data``): ``QueryProvider``, ``DataEnvironment``, ``DataFamily``.

Names load lazily (PEP 562), so ``import msticpy.data`` stays cheap.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "QueryProvider": "msticpy.data.core.data_providers:QueryProvider",
    "DataEnvironment": "msticpy.data.core.query_defns:DataEnvironment",
    "DataFamily": "msticpy.data.core.query_defns:DataFamily",
    "data_providers": "msticpy.data.core.data_providers",
}

__all__ = ["DataEnvironment", "DataFamily", "QueryProvider"]

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
