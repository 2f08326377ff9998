"""``msticpy.data.core.query_template``: records built from query-file dictionaries."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from msticpy.common.exceptions import QueryDefinitionError
from msticpy.data.core.data_query_reader import read_query_def_file
from msticpy.data.core.query_template import (
    Query,
    QueryArgs,
    QueryCollection,
    QueryDefaults,
    QueryMetadata,
    QueryParameter,
)

BUNDLED = Path(__file__).resolve().parents[2] / "python" / "msticpy" / "data" / "queries"


def _metadata(**changes: object) -> dict:
    base = {
        "version": 1,
        "description": "d",
        "data_environments": ["LocalData"],
        "data_families": ["F"],
    }
    return {**base, **changes}


def _params(params: dict | None) -> dict:
    """Query files call a parameter's type "type"; the records call it "datatype"."""
    return {name: {"datatype": spec.get("type"), **spec} for name, spec in (params or {}).items()}


def test_bundled_files_load_as_collections() -> None:
    for path in sorted(BUNDLED.glob("*/*.yaml")):
        sources, defaults, metadata = read_query_def_file(str(path))
        collection = QueryCollection(
            file_name=str(path),
            metadata=metadata,
            defaults={**defaults, "parameters": _params(defaults.get("parameters"))},
            sources={
                name: {**source, "parameters": _params(source.get("parameters"))}
                for name, source in sources.items()
            },
        )
        assert isinstance(collection.metadata, QueryMetadata)
        assert collection.sources and all(isinstance(q, Query) for q in collection.sources.values())
        assert all(isinstance(q.args, QueryArgs) for q in collection.sources.values())
        if collection.defaults is not None:
            assert isinstance(collection.defaults, QueryDefaults)


def test_nested_dicts_become_records_and_round_trip() -> None:
    collection = QueryCollection(
        metadata=_metadata(version="2", data_families=("A", "B")),
        defaults={"parameters": {"start": {"description": "s", "datatype": "datetime"}}},
        sources={
            "q": {
                "description": "x",
                "args": {"query": "T | take 1"},
                "parameters": {"n": {"description": "n", "datatype": "int", "default": 3}},
            }
        },
    )
    assert collection.metadata.version == 2
    assert collection.metadata.data_families == ["A", "B"]
    assert collection.metadata.tags == []
    assert collection.defaults is not None
    assert collection.defaults.parameters["start"] == QueryParameter("s", "datetime")
    assert collection.sources["q"].parameters == {"n": QueryParameter("n", "int", 3)}
    assert QueryCollection(**asdict(collection)) == collection
    assert Query("only a description").args == QueryArgs("", None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"version": "one"}, "version"),
        ({"version": 1.5}, "version"),
        ({"description": 3}, "description"),
        ({"data_environments": "LocalData"}, "data_environments"),
        ({"tags": [1]}, "tags"),
        ({"query_macros": ["x"]}, "query_macros"),
    ],
)
def test_bad_metadata_names_the_field(changes: dict, field: str) -> None:
    with pytest.raises(QueryDefinitionError, match=rf"QueryMetadata\.{field}"):
        QueryMetadata(**_metadata(**changes))
    assert issubclass(QueryDefinitionError, ValueError)


def test_bad_nested_records() -> None:
    with pytest.raises(QueryDefinitionError, match=r"sources\.q"):
        QueryCollection(metadata=_metadata(), sources={"q": {"text": "no description"}})
    ignored = Query(description="d", args={"query": "q", "unknown": 1})
    assert ignored.args == QueryArgs("q")
    with pytest.raises(QueryDefinitionError, match=r"QueryArgs\.query"):
        Query("d", args={"query": ["not", "text"]})
    with pytest.raises(QueryDefinitionError, match=r"QueryCollection\.metadata"):
        QueryCollection(metadata="v1")
    assert QueryMetadata(**_metadata(version=True)).version == 1
