"""
Every built-in query renders, lexes, and keeps its structure whatever the values.

For each data environment's library: every query renders through the provider's
``"print"`` path with generated values, and the text lexes in the driver's language
(literals closed, brackets balanced: ``_native.query_code_skeleton``). Then each string
and list parameter in turn gets hostile values (quotes, backslashes, newlines, comment
and fence openers, pipes, brackets). Where the template puts the value in a literal, the
query keeps exactly the structure of the benign rendering: the value never ends its
literal. Where the value is query text by design (``add_query_items``, ``table``,
``host_op``...), it is refused with ``QueryParameterError`` unless it is a
self-contained fragment (literals closed, no comment, brackets balanced), and the query
still lexes.
"""

from __future__ import annotations

import logging
import warnings
from datetime import datetime, timezone
from typing import Any

import pytest

from msticpy import _native
from msticpy.common.exceptions import QueryParameterError
from msticpy.data import QueryProvider
from msticpy.data.core.query_defns import Formatters

ENVIRONMENTS = ["MSSentinel", "MDE", "M365D", "MSGraph", "LocalData"]
HOSTILE = [
    "x' or 1==1 //",
    'a" | take 1000000',
    "back\\slash'",
    "new\nline' | project secret",
    "''",
    "\\",
    "```fence",
    "*/ /* ]) ({",
]
START = datetime(2024, 5, 6, tzinfo=timezone.utc)
END = datetime(2024, 5, 7, tzinfo=timezone.utc)


def _benign(name: str, spec: dict[str, Any]) -> Any:
    kind = spec.get("type")
    if kind == "datetime":
        return END if name == "end" else START
    if kind == "list":
        return ["alpha", "beta"]
    if kind == "int":
        return 5
    return "benignvalue"


def _library(environment: str) -> tuple[QueryProvider, list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
        try:
            provider = QueryProvider(environment)
        finally:
            logging.disable(logging.NOTSET)
    return provider, provider.list_queries()


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_query_renders_lexes_and_resists_hostile_values(environment: str) -> None:
    provider, names = _library(environment)
    assert names, f"no queries for {environment}"
    language = str(provider._query_provider.formatters.get(Formatters.LANGUAGE, "kql"))
    failures: list[str] = []
    checked = 0
    for qualified in names:
        family, name = qualified.rsplit(".", 1)
        source = provider.query_store.get_query(query_path=family, query_name=name)
        call = getattr(provider, qualified)
        required = {p: _benign(p, s) for p, s in source.params.items() if "default" not in s}
        text = call("print", **required)
        try:
            _native.query_code_skeleton(text, language)
        except ValueError as err:
            failures.append(f"{qualified}: does not lex: {err}")
            continue
        for param, spec in source.params.items():
            if spec.get("type") not in ("str", "list"):
                continue
            # A parameter with a default is rendered with a benign value of our own, so
            # the comparison isolates this one parameter.
            values = dict(required)
            values[param] = _benign(param, spec)
            try:
                baseline = _native.query_code_skeleton(call("print", **values), language)
            except QueryParameterError:
                continue  # a code fragment parameter: "benign" is not valid there
            for hostile in HOSTILE:
                values[param] = ["alpha", hostile] if spec["type"] == "list" else hostile
                try:
                    rendered = call("print", **values)
                except QueryParameterError:
                    continue  # refused: the value would land in code
                checked += 1
                try:
                    shape = _native.query_code_skeleton(rendered, language)
                except ValueError as err:
                    failures.append(f"{qualified}.{param}={hostile!r}: does not lex: {err}")
                    continue
                in_code = "benignvalue" in baseline
                if not in_code and shape != baseline:
                    failures.append(f"{qualified}.{param}={hostile!r} changed the structure")
    assert not failures, failures[:10]
    assert checked > 0 or environment == "LocalData"
