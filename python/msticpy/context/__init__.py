"""Context providers (msticpy 3.x ``msticpy.context``)."""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {"domain_utils": ".domain_utils"}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
