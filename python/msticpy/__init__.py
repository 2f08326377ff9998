"""
msticpy: a Rust-powered, drop-in replacement for Microsoft's msticpy.

Import paths, signatures, defaults, column names and exceptions follow msticpy 3.0.2,
and the classic layout of msticpy 0.8.x (``msticpy.sectools``, ``msticpy.nbtools``)
reaches the same objects. Heavy work runs in the ``msticpy._native`` extension.

Importing this package is cheap: sub-packages and names load on first use. Start a
notebook with ``import msticpy as mp; mp.init_notebook()`` (see ``msticpy.init.nbinit``).
"""

from __future__ import annotations

from ._lazy import lazy_attributes
from ._version import VERSION

__version__ = VERSION

_LAZY = {
    "sectools": ".sectools",
    "nbtools": ".nbtools",
    "transform": ".transform",
    "context": ".context",
    "analysis": ".analysis",
    "common": ".common",
    "data": ".data",
    "IoCExtract": ".transform.iocextract:IoCExtract",
    "datamodel": ".datamodel",
    "entities": ".datamodel.entities",
    "QueryProvider": ".data.core.data_providers:QueryProvider",
    "nbwidgets": ".nbwidgets",
    "init": ".init",
    "vis": ".vis",
    # msticpy 3.0.2's top-level names that this build provides.
    "init_notebook": ".init.nbinit:init_notebook",
    "current_providers": ".init.nbinit:current_providers",
    "reset_ipython_exception_handler": ".init.nbinit:reset_ipython_exception_handler",
    "settings": ".common.pkg_config",
    "get_config": ".common.pkg_config:get_config",
    "refresh_config": ".common.pkg_config:refresh_config",
    "WorkspaceConfig": ".common.wsconfig:WorkspaceConfig",
    "TimeSpan": ".common.timespan:TimeSpan",
    "TILookup": ".context.tilookup:TILookup",
    "search": ".common.utility:search_name",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
