"""Small helpers shared by the facade modules (msticpy's ``common.utility``)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any


def check_kwargs(supplied_args: Mapping[str, Any], legal_args: Iterable[str]) -> None:
    """
    Raise ``NameError`` if any keyword argument is not one of ``legal_args``.

    Parameters
    ----------
    supplied_args : Mapping[str, Any]
        The keyword arguments received.
    legal_args : Iterable[str]
        The accepted names.

    Raises
    ------
    NameError
        Naming each unknown argument and the closest legal names, as msticpy does.

    """
    legal = list(legal_args)
    errors = []
    for name in supplied_args:
        if name in legal:
            continue
        close = difflib.get_close_matches(name, legal, cutoff=0.5)
        hint = f" Closest matches are {close}" if close else ""
        errors.append(NameError(f"{name} is not a recognized argument or attribute.{hint}"))
    if errors:
        raise NameError(errors)


def valid_pyname(identifier: str) -> str:
    """
    Return ``identifier`` as a legal Python name that does not shadow a builtin.

    Builtin names get ``_bi`` appended, other characters become ``_``, and a leading
    digit gets ``n_`` in front (msticpy's rules).
    """
    import builtins
    import re

    if identifier in dir(builtins):
        identifier = f"{identifier}_bi"
    identifier = re.sub("[^a-zA-Z0-9_]", "_", identifier)
    if identifier[:1].isdigit():
        identifier = f"n_{identifier}"
    return identifier


def collapse_dicts(*dicts: Mapping[Any, Any]) -> dict:
    """Merge dictionaries recursively; later ones win (msticpy's ``collapse_dicts``)."""
    merged: dict = {}
    for layer in dicts:
        merged = _merge_two(merged, layer)
    return merged


def _merge_two(base: Mapping[Any, Any], top: Mapping[Any, Any] | None) -> dict:
    if not top:
        return dict(base or {})
    if not base:
        return dict(top)
    out = dict(base)
    for key, value in top.items():
        if isinstance(out.get(key), dict) and isinstance(value, dict):
            out[key] = _merge_two(out[key], value)
        else:
            out[key] = value
    return out
