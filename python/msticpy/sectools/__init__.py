"""
Classic msticpy 0.8.x security tools (``msticpy.sectools``).

Every name here is the canonical object from the msticpy 3.x location (never a
copy), loaded on first use. Capabilities land here as they are built; this build
provides IoC extraction (``IoCExtract``, ``iocextract``), ``domain_utils``, base64
unpacking (``base64unpack``, and its classic alias ``base64``), ``cmd_line``,
``syslog_utils``, GeoIP (``geoip``, ``GeoLiteLookup``, ``IPStackLookup``,
``geo_distance``) and threat-intelligence look-ups (``TILookup``, ``tilookup``,
``tiproviders``).
"""

from __future__ import annotations

from .._lazy import lazy_attributes
from ..init.nbmagics import register_magics_if_ipython

_LAZY = {
    "IoCExtract": "msticpy.transform.iocextract:IoCExtract",
    "iocextract": "msticpy.transform.iocextract",
    "domain_utils": "msticpy.context.domain_utils",
    "ip_utils": "msticpy.context.ip_utils",
    "base64unpack": "msticpy.transform.base64unpack",
    "base64": "msticpy.transform.base64unpack",
    "cmd_line": "msticpy.transform.cmd_line",
    "syslog_utils": "msticpy.analysis.syslog_utils",
    "process_tree_utils": "msticpy.transform.process_tree_utils",
    "ptree": "msticpy.transform.process_tree_utils",
    "proc_tree_builder": "msticpy.transform.proc_tree_builder",
    "eventcluster": "msticpy.analysis.eventcluster",
    "outliers": "msticpy.analysis.outliers",
    "auditdextract": "msticpy.transform.auditdextract",
    "TILookup": "msticpy.context.tilookup:TILookup",
    "tilookup": "msticpy.context.tilookup",
    "tiproviders": "msticpy.sectools.tiproviders",
    "VTLookup": "msticpy.context.vtlookupv3.vtlookup:VTLookup",
    "vtlookup": "msticpy.context.vtlookupv3.vtlookup",
    "geoip": "msticpy.context.geoip",
    "GeoLiteLookup": "msticpy.context.geoip:GeoLiteLookup",
    "IPStackLookup": "msticpy.context.geoip:IPStackLookup",
    "geo_distance": "msticpy.context.geoip:geo_distance",
}

#: Names ``from msticpy.sectools import *`` gives: msticpy 0.8.9's (``IoCExtract``,
#: ``base64``, ``ptree``, ``GeoLiteLookup``, ``IPStackLookup``, ``geo_distance``, ``TILookup``,
#: ``VTLookup``).
__all__ = [
    "GeoLiteLookup",
    "IPStackLookup",
    "IoCExtract",
    "TILookup",
    "VTLookup",
    "base64",
    "geo_distance",
    "ptree",
]

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)

register_magics_if_ipython()
