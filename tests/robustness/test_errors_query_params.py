"""Query parameter values with lone surrogates render as msticpy renders them (issue 16)."""

from __future__ import annotations

import pytest

from msticpy.common.exceptions import QueryParameterError
from msticpy.data.core.query_defns import Formatters
from msticpy.data.core.query_source import QuerySource


def _source(query: str, params: dict[str, str]) -> QuerySource:
    return QuerySource(
        "q",
        {
            "args": {"query": query},
            "parameters": {
                name: {"type": kind, "description": name} for name, kind in params.items()
            },
        },
        {},
        {"data_families": ["F"]},
    )


def test_lone_surrogate_in_string_and_list_values_is_rendered() -> None:
    # msticpy 3.0.2 output for the same call (str.format keeps the surrogates).
    query = _source(
        "T | where A == '{val}' | where B in ({items})", {"val": "str", "items": "list"}
    ).create_query(val="a\udcffb", items=["x\ud800", 1])
    assert query == "T | where A == 'a\udcffb' | where B in ('x\ud800', 1)"


def test_surrogates_are_escaped_like_other_text() -> None:
    query = _source("T | where A == '{v}'", {"v": "str"}).create_query(v="\udc80'\\")
    assert query == "T | where A == '\udc80\\'\\\\'"
    sql = _source("SELECT * FROM t WHERE a = '{v}'", {"v": "str"}).create_query(
        {Formatters.LANGUAGE: "sql"}, v="\udc80'"
    )
    assert sql == "SELECT * FROM t WHERE a = '\udc80'''"


def test_private_use_characters_already_in_the_query_survive() -> None:
    value = "A == 'x\udcff' and B == '\U000f0000\U000f07ff'"
    query = _source("T | where {v}", {"v": "str"}).create_query(v=value)
    assert query == f"T | where {value}"


def test_all_stand_in_ranges_taken_is_a_clear_error() -> None:
    crowded = "".join(
        chr(base) for base in (0xF0000, 0xF0800, 0xF1000, 0x100000, 0x100800, 0x101000)
    )
    with pytest.raises(QueryParameterError, match="lone surrogates"):
        _source("T | where A == '{v}'", {"v": "str"}).create_query(v=crowded + "\udcff")


def test_error_message_about_a_surrogate_value_is_not_a_pyo3_extraction_error() -> None:
    with pytest.raises(QueryParameterError, match=r"parameter 'v'.*unbalanced quote") as info:
        _source("T | where {v}", {"v": "str"}).create_query(v="A == 'x\udcff")
    assert "extract" not in str(info.value)
