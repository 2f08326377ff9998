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
