"""Lazy attribute tables for package ``__init__`` modules (PEP 562).

``import msticpy`` and ``import msticpy.sectools`` must stay cheap: nothing heavy
(pandas, Bokeh, ipywidgets, the native extension) is imported until a name is used.
Each package lists its public names as ``{"Name": "module.path:attr"}`` (or
``"module.path"`` for a sub-module) and gets ``__getattr__``/``__dir__`` from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(
    package: str, table: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """
    Build ``__getattr__`` and ``__dir__`` for a package.

    Parameters
    ----------
    package : str
        The package's ``__name__`` (targets may be relative, starting with ".").
    table : Mapping[str, str]
        Public name -> ``"module"`` or ``"module:attribute"``.

    Returns
    -------
    tuple
        The ``__getattr__`` and ``__dir__`` functions to assign in the package.

    """

    def __getattr__(name: str) -> Any:
        target = table.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name, _, attribute = target.partition(":")
        module = importlib.import_module(module_name, package)
        value = getattr(module, attribute) if attribute else module
        # Cache on the package so later look-ups skip this function.
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(importlib.import_module(package).__dict__) | set(table))

    return __getattr__, __dir__
