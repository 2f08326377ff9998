"""Data transforms and decoding (msticpy 3.x ``msticpy.transform``)."""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "iocextract": ".iocextract",
    "IoCExtract": ".iocextract:IoCExtract",
    "base64unpack": ".base64unpack",
    "cmd_line": ".cmd_line",
    "proc_tree_builder": ".proc_tree_builder",
    "proc_tree_schema": ".proc_tree_schema",
    "process_tree_utils": ".process_tree_utils",
    "auditdextract": ".auditdextract",
    "idn": ".idn",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
