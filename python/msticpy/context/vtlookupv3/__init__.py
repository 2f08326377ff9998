"""
VirusTotal clients (msticpy 3.x ``context.vtlookupv3``).

``VTLookup`` (API v2, module ``vtlookup``) and ``VTLookupV3`` (API v3, module
``vtlookupv3``). msticpy's ``VTLookupV3`` needs the ``vt-py`` package (extra ``[vt3]``);
this one talks to the v3 REST API through ``msticpy.common.http_transport``, so it is always
available and ``VT3_AVAILABLE`` is True. Names load on first use.
"""

from __future__ import annotations

from ..._lazy import lazy_attributes
from ..._version import VERSION

__version__ = VERSION
__author__ = "Ian Hellen"

#: msticpy sets this when vt-py is importable; the REST client here needs no extra package.
VT3_AVAILABLE = True

_LAZY = {
    "vtlookup": ".vtlookup",
    "vtlookupv3": ".vtlookupv3",
    "VTLookup": ".vtlookup:VTLookup",
    "VTLookupV3": ".vtlookupv3:VTLookupV3",
    "VT_API_NOT_FOUND": ".vtlookupv3:VT_API_NOT_FOUND",
    "MsticpyVTNoDataError": ".vtlookupv3:MsticpyVTNoDataError",
    "VTEntityType": ".vtlookupv3:VTEntityType",
    "VTObjectProperties": ".vtlookupv3:VTObjectProperties",
    "vtfile_behavior": ".vtfile_behavior",
    "VTFileBehavior": ".vtfile_behavior:VTFileBehavior",
    "VTObjectBrowser": "msticpy.vis.vtobject_browser:VTObjectBrowser",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
