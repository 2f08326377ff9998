"""Context providers (msticpy 3.x ``msticpy.context``)."""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "domain_utils": ".domain_utils",
    "ip_utils": ".ip_utils",
    "geoip": ".geoip",
    "TILookup": ".tilookup:TILookup",
    "tilookup": ".tilookup",
    "tiproviders": ".tiproviders",
    "lookup": ".lookup",
    "lookup_result": ".lookup_result",
    "lookup_cache": ".lookup_cache",
    "provider_base": ".provider_base",
    "http_provider": ".http_provider",
    "preprocess_observable": ".preprocess_observable",
    "vtlookupv3": ".vtlookupv3",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
