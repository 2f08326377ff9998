"""
Reliability catalogue, query library (``reference/reliability.md`` section 5): bad
parameter values and bad templates, each in a child process. Every case ends in a
rendered query (escaped where the value lands in a literal) or a documented exception
naming the parameter; none crashes, hangs or prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from robustness.catalogue import assert_raised, run_case

_SOURCE = """
from msticpy.data.core.query_source import QuerySource

def render(template, params, **values):
    source = QuerySource(
        "q",
        {{"args": {{"query": template}},
         "parameters": {{n: {{"type": t, "description": n}} for n, t in params.items()}}}},
        {{}},
        {{"data_families": ["F"]}},
    )
    return source.create_query(**values)

def case():
    return {call}
"""

# case -> (call, expected query text)
RENDERED = {
    "quote-injection": (
        "render(\"T | where A == '{v}'\", {'v': 'str'}, v=\"x' or 1==1 //\")",
        "T | where A == 'x\\' or 1==1 //'",
    ),
    "pipe-injection": (
        "render('T | where A == \"{v}\"', {'v': 'str'}, v='a\" | take 1000000')",
        'T | where A == "a\\" | take 1000000"',
    ),
    "newline": (
        "render(\"T | where A == '{v}'\", {'v': 'str'}, v='a\\nb')",
        "T | where A == 'a\\nb'",
    ),
    "list-items-with-quotes": (
        "render('T | where A in ({v})', {'v': 'list'}, v=[\"a'b\", 'c\"d', 3])",
        "T | where A in ('a\\'b', 'c\"d', 3)",
    ),
    "empty-list": ("render('T | where A in ({v})', {'v': 'list'}, v=[])", "T | where A in ()"),
    "lone-surrogate": (
        "render(\"T | where A == '{v}'\", {'v': 'str'}, v='a\\udcffb')",
        "T | where A == 'a\udcffb'",
    ),
    "far-future-date": (
        "render('T | where t > datetime({v})', {'v': 'datetime'}, v='9999-12-31')",
        "T | where t > datetime(9999-12-31T00:00:00Z)",
    ),
}

# case -> (call, exception class, message fragments)
RAISED = {
    "missing-required": (
        "render(\"T | where A == '{v}'\", {'v': 'str'})",
        "ValueError",
        ["These required parameters were not set: "],
    ),
    "query-text-left-open": (
        "render('{table} | take 1', {'table': 'str'}, table=\"T' | x\")",
        "QueryParameterError",
        ["parameter 'table'", "leaves a string literal or identifier open"],
    ),
    "attribute-access": (
        "render(\"T | where A == '{v.__class__}'\", {'v': 'str'}, v='x')",
        "ValueError",
        ["only {name} placeholders are allowed"],
    ),
    "positional-field": (
        "render(\"T | where A == '{0}'\", {'v': 'str'}, v='x')",
        "ValueError",
        ["'{0}' is a positional field; use a named parameter"],
    ),
    "unbalanced-brace": (
        "render(\"T | where A == '{v'\", {'v': 'str'}, v='x')",
        "ValueError",
        ["single '{' or '}' (double it to write a brace)"],
    ),
    "unknown-placeholder": (
        "render(\"T | where A == '{foo}'\", {'v': 'str'}, v='x')",
        "QueryParameterError",
        ["parameter 'foo': no value was supplied"],
    ),
}


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_bad_values_render_escaped(name: str, tmp_path: Path) -> None:
    call, expected = RENDERED[name]
    outcome = run_case(_SOURCE.format(call=call), tmp_path)
    assert outcome.get("value") == expected, outcome
    assert outcome["stdout"] == ""


@pytest.mark.parametrize("name", sorted(RAISED))
def test_bad_parameters_raise_named_errors(name: str, tmp_path: Path) -> None:
    call, cls, fragments = RAISED[name]
    outcome = run_case(_SOURCE.format(call=call), tmp_path)
    assert_raised(outcome, cls, *fragments)
    assert outcome["stdout"] == ""


def test_a_hundred_thousand_list_items(tmp_path: Path) -> None:
    items = '[f"a\'{i}" for i in range(100_000)]'
    call = f"len(render('T | where A in ({{v}})', {{'v': 'list'}}, v={items}))"
    outcome = run_case(_SOURCE.format(call=call), tmp_path)
    # Each item "a'N" becomes 'a\'N' plus ", ": about 1.19 MB of query text.
    assert outcome["value"] == len("T | where A in ()") + sum(
        len(f"'a\\'{i}'") for i in range(100_000)
    ) + 2 * (100_000 - 1)
    assert outcome["seconds"] < 10, outcome
