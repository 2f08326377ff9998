"""
Classic path of ``msticpy.context.tiproviders`` (msticpy 0.8.x ``sectools.tiproviders``).

Sub-modules (``ti_provider_base``, ``alienvault_otx``, ``virustotal``...) are aliases of
the 3.x modules; names resolve to the same objects, loaded on first use.
"""

from __future__ import annotations

from ..._lazy import lazy_attributes

_LAZY = {
    "TI_PROVIDERS": "msticpy.context.tiproviders:TI_PROVIDERS",
    "TIProvider": "msticpy.context.tiproviders.ti_provider_base:TIProvider",
    "HttpTIProvider": "msticpy.context.tiproviders.ti_http_provider:HttpTIProvider",
    "TISeverity": "msticpy.context.tiproviders.result_severity:TISeverity",
    "ResultSeverity": "msticpy.context.tiproviders.result_severity:ResultSeverity",
    "LookupResult": "msticpy.context.tiproviders.result_severity:LookupResult",
    "TILookupStatus": "msticpy.context.tiproviders.ti_provider_base:TILookupStatus",
    "preprocess_observable": "msticpy.context.preprocess_observable:preprocess_observable",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
