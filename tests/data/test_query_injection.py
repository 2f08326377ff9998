"""Hostile parameter values cannot change the structure of KQL or SQL queries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msticpy.common.exceptions import QueryParameterError
from msticpy.data.core.query_defns import Formatters
from msticpy.data.core.query_source import QuerySource

HOSTILE = [
    "x' or 1==1 //",
    'a" | take 1000000',
    "back\\slash'",
    "new\nline' | project secret",
    "tab\there",
    "'; drop table x; --",
    "/* comment */ '",
    "\\'",
    "''",
]


def _source(query: str, param_type: str = "str") -> QuerySource:
    return QuerySource(
        "q",
        {"args": {"query": query}, "parameters": {"v": {"type": param_type, "description": "v"}}},
        {},
        {"data_families": ["F"]},
    )


def _kql_single_literal(text: str) -> str:
    """Decode the body of a KQL '...' literal (the escapes the core emits)."""
    out, i = [], 0
    escapes = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", '"': '"'}
    while i < len(text):
        if text[i] == "\\":
            out.append(escapes[text[i + 1]])
            i += 2
        else:
            assert text[i] != "'", "unescaped quote inside the literal"
            out.append(text[i])
            i += 1
    return "".join(out)


@pytest.mark.parametrize("value", HOSTILE)
def test_kql_string_literal_holds_any_value(value: str) -> None:
    query = _source("T | where A == '{v}' | take 1").create_query(v=value)
    match = re.fullmatch(r"T \| where A == '(.*)' \| take 1", query, re.S)
    assert match, query
    assert _kql_single_literal(match.group(1)) == value
    assert "\n" not in query


@pytest.mark.parametrize("value", HOSTILE)
def test_kql_double_quoted_and_verbatim(value: str) -> None:
    query = _source('T | where A has "{v}"').create_query(v=value)
    body = query[len('T | where A has "') : -1]
    assert '"' not in body.replace('\\"', "")
    if "\n" in value:
        with pytest.raises(QueryParameterError):
            _source("T | where P == @'{v}'").create_query(v=value)
    else:
        verbatim = _source("T | where P == @'{v}'").create_query(v=value)
        assert verbatim == "T | where P == @'" + value.replace("'", "''") + "'"


@pytest.mark.parametrize("value", HOSTILE)
def test_sql_string_literal_doubles_quotes(value: str) -> None:
    formatters = {Formatters.LANGUAGE: "sql"}
    query = _source("SELECT * FROM t WHERE a = '{v}'").create_query(formatters, v=value)
    assert query == "SELECT * FROM t WHERE a = '" + value.replace("'", "''") + "'"


@pytest.mark.parametrize("language", ["kql", "sql"])
def test_list_items_are_escaped(language: str) -> None:
    formatters = {Formatters.LANGUAGE: language}
    query = _source("T | where A in ({v})", "list").create_query(
        formatters, v=["evil' or 1==1 //", "ok"]
    )
    quote = "\\'" if language == "kql" else "''"
    assert query == f"T | where A in ('evil{quote} or 1==1 //', 'ok')"


@pytest.mark.parametrize(
    "value", ["SecurityEvent' | take 1", "T // rest", "T\n// x", 'x "unclosed']
)
def test_code_placement_requires_self_contained_fragments(value: str) -> None:
    with pytest.raises(QueryParameterError, match="parameter 'v'"):
        _source("{v} | take 1").create_query(v=value)
    assert _source("{v} | take 1").create_query(v="Syslog | where A == 'b'")


def test_sql_code_placement_refuses_second_statement() -> None:
    formatters = {Formatters.LANGUAGE: "sql"}
    with pytest.raises(QueryParameterError):
        _source("SELECT * FROM {v}").create_query(formatters, v="t; DROP TABLE u")
    with pytest.raises(QueryParameterError):
        _source("SELECT * FROM t WHERE a = 1 -- {v}").create_query(formatters, v="x\nDROP TABLE u")


def test_raw_language_is_msticpy_substitution() -> None:
    formatters = {Formatters.LANGUAGE: "raw"}
    assert _source("'{v}'").create_query(formatters, v="a'b") == "'a'b'"


def test_format_spec_fields_are_refused() -> None:
    ok, problems = _source("T | where A == '{v.__class__}'").validate()
    assert not ok
    assert "unsupported" in " ".join(problems)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_kql_literal_round_trip(value: str) -> None:
    query = _source("print x = '{v}'").create_query(v=value)
    assert query.startswith("print x = '") and query.endswith("'")
    assert _kql_single_literal(query[len("print x = '") : -1]) == value


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sql_literal_round_trip(value: str) -> None:
    formatters = {Formatters.LANGUAGE: "sql"}
    query = _source("SELECT '{v}'").create_query(formatters, v=value)
    body = query[len("SELECT '") : -1]
    assert "'" not in body.replace("''", "")
    assert body.replace("''", "'") == value


def test_blank_lines_inside_literals_are_kept() -> None:
    formatters = {Formatters.LANGUAGE: "sql"}
    query = _source("SELECT '{v}'\n\nFROM t").create_query(formatters, v="a\n\n b")
    assert query == "SELECT 'a\n\n b'\nFROM t"
