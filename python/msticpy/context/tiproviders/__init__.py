"""
Threat-intelligence providers (msticpy 3.x ``msticpy.context.tiproviders``).

``TI_PROVIDERS`` maps the provider names used in msticpyconfig.yaml's ``TIProviders``
section to (module, class) in this package, as in msticpy 3.0.2. A provider whose module
is not in this build is reported by ``TILookup`` with a status instead of being loaded.
"""

from __future__ import annotations

from ..._lazy import lazy_attributes
from ..._version import VERSION

__version__ = VERSION

TI_PROVIDERS: dict[str, tuple[str, str]] = {
    "CrowdSec": ("crowdsec", "CrowdSec"),
    "OTX": ("alienvault_otx", "OTX"),
    "AzSTI": ("azure_sent_byoti", "AzSTI"),
    "GreyNoise": ("greynoise", "GreyNoise"),
    "XForce": ("ibm_xforce", "XForce"),
    "IntSights": ("intsights", "IntSights"),
    "OPR": ("open_page_rank", "OPR"),
    "Tor": ("tor_exit_nodes", "Tor"),
    "VirusTotal": ("virustotal", "VirusTotal"),
    "RiskIQ": ("riskiq", "RiskIQ"),
    "Pulsedive": ("pulsedive", "Pulsedive"),
    "AbuseIPDB": ("abuseipdb", "AbuseIPDB"),
    "IPQualityScore": ("ip_quality_score", "IPQualityScore"),
    "BinaryEdge": ("binaryedge", "BinaryEdge"),
    "Cyberint": ("cyberint", "Cyberint"),
    # Beyond msticpy: downloaded feeds, no network (offline_feed.py).
    "OfflineFeed": ("offline_feed", "OfflineFeed"),
}

_LAZY = {
    "preprocess_observable": "msticpy.context.preprocess_observable:preprocess_observable",
    "HttpTIProvider": ".ti_http_provider:HttpTIProvider",
    "TIProvider": ".ti_provider_base:TIProvider",
    "ResultSeverity": ".result_severity:ResultSeverity",
    "TISeverity": ".result_severity:TISeverity",
    "LookupResult": ".result_severity:LookupResult",
    "TILookupStatus": ".ti_provider_base:TILookupStatus",
    "ti_provider_base": ".ti_provider_base",
    "ti_http_provider": ".ti_http_provider",
    "result_severity": ".result_severity",
    "alienvault_otx": ".alienvault_otx",
    "virustotal": ".virustotal",
    "ibm_xforce": ".ibm_xforce",
    "greynoise": ".greynoise",
    "abuseipdb": ".abuseipdb",
    "ip_quality_score": ".ip_quality_score",
    "pulsedive": ".pulsedive",
    "crowdsec": ".crowdsec",
    "binaryedge": ".binaryedge",
    "open_page_rank": ".open_page_rank",
    "tor_exit_nodes": ".tor_exit_nodes",
    "kql_base": ".kql_base",
    "azure_sent_byoti": ".azure_sent_byoti",
    "mblookup": ".mblookup",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
