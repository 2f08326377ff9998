"""Collecting query parameter values from objects and kwargs (msticpy's ``param_extractor``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .query_defns import QueryParamProvider

__all__ = ["extract_query_params"]


def extract_query_params(query_source: Any, *args: Any, **kwargs: Any) -> tuple[dict, list[str]]:
    """
    Return the parameter values for a query and the names still missing.

    Positional objects supply values first (a ``QueryParamProvider``'s
    ``query_params``, a dict's keys, or attributes such as a ``QueryTime``'s
    ``start``/``end``; an earlier object wins); keyword arguments (aliases resolved)
    override them. Only declared parameters are kept.

    Returns
    -------
    tuple[dict[str, Any], list[str]]
        Values by name (required parameters start as None) and the required names
        still without a value.

    """
    all_params = query_source.params
    values: dict[str, Any] = dict.fromkeys(query_source.required_params.keys())
    _get_object_params(args, all_params, values)
    if kwargs:
        resolved = query_source.resolve_param_aliases(kwargs)
        values.update({key: arg for key, arg in resolved.items() if key in all_params})
    missing = [name for name, value in values.items() if value is None]
    return values, missing


def _get_object_params(args: tuple, params: Mapping[str, Any], values: dict[str, Any]) -> None:
    remaining = list(params.keys())
    for obj in args:
        if isinstance(obj, (str, int, float, bool)):
            continue
        for name in remaining:
            if isinstance(obj, QueryParamProvider):
                if name in obj.query_params:
                    values[name] = obj.query_params[name]
            elif isinstance(obj, dict) and name in obj:
                values[name] = obj.get(name, None)
            elif hasattr(obj, name):
                values[name] = getattr(obj, name)
        # Later objects fill the names still missing. (msticpy 3.0.2 keeps the names
        # that already have a value instead, so a second object can never supply a
        # missing one: docs/data_queries.md.)
        remaining = [name for name in params if values.get(name) is None]
