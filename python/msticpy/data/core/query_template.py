"""
Typed records of a query definition file (msticpy's ``query_template``).

``QueryCollection`` is one YAML query file: its ``metadata`` (``QueryMetadata``), file
``defaults`` (``QueryDefaults``) and ``sources`` (name -> ``Query``, each with
``QueryArgs`` and ``QueryParameter`` entries). Plain dictionaries given for the nested
records are turned into them, and every field is checked on creation, as msticpy's
pydantic records do in their default (lax) mode: an integer field takes an int, a
bool or an integral float or digit string; a text field takes only a str; a list
field takes a list or tuple. A value of the wrong type raises ``QueryDefinitionError``
(a ``ValueError``, as pydantic's ``ValidationError`` is) naming the record and field.
Unknown keys inside nested mappings are ignored (pydantic's default); unknown keyword
arguments to a record's constructor raise ``TypeError`` (pydantic ignores them too).
Query files name a parameter's type ``type``; these records call it ``datatype``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ...common.exceptions import QueryDefinitionError

__all__ = [
    "Query",
    "QueryArgs",
    "QueryCollection",
    "QueryDefaults",
    "QueryMetadata",
    "QueryParameter",
]


def _fail(record: object, name: str, expected: str, value: Any) -> QueryDefinitionError:
    return QueryDefinitionError(
        f"{type(record).__name__}.{name}: expected {expected}, got {type(value).__name__}"
    )


def _int(record: object, name: str, value: Any) -> int:
    if isinstance(value, (bool, int)):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value.strip())
    raise _fail(record, name, "an integer", value)


def _text(record: object, name: str, value: Any, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if isinstance(value, str):
        return value
    raise _fail(record, name, "a string", value)


def _texts(record: object, name: str, value: Any, optional: bool = False) -> list[str] | None:
    if value is None and optional:
        return None
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return list(value)
    raise _fail(record, name, "a list of strings", value)


def _mapping(record: object, name: str, value: Any, optional: bool = True) -> dict | None:
    if value is None and optional:
        return None
    if isinstance(value, dict):
        return value
    raise _fail(record, name, "a mapping", value)


def _records(record: object, name: str, value: Any, cls: type) -> dict[str, Any]:
    """A name -> ``cls`` mapping, building ``cls`` from plain dictionaries."""
    mapping = _mapping(record, name, value, optional=False) or {}
    return {str(key): _record(record, f"{name}.{key}", item, cls) for key, item in mapping.items()}


def _record(record: object, name: str, value: Any, cls: type) -> Any:
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        # Unknown keys are ignored, as pydantic does by default.
        names = {spec.name for spec in fields(cls)}
        known = {key: item for key, item in value.items() if key in names}
        try:
            return cls(**known)
        except TypeError as err:  # unknown or missing keys
            raise QueryDefinitionError(f"{type(record).__name__}.{name}: {err}") from err
    raise _fail(record, name, f"a {cls.__name__} or mapping", value)


@dataclass
class QueryMetadata:
    """The ``metadata`` section of a query file: environments, families, tags, ..."""

    version: int
    description: str
    data_environments: list[str]
    data_families: list[str]
    database: str | None = None
    cluster: str | None = None
    clusters: list[str] | None = None
    cluster_groups: list[str] | None = None
    tags: list[str] = field(default_factory=list)
    data_source: str | None = None
    aliases: str | list[str] | None = None
    query_macros: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        """Check and normalise the fields."""
        self.version = _int(self, "version", self.version)
        self.description = _text(self, "description", self.description) or ""
        self.data_environments = _texts(self, "data_environments", self.data_environments) or []
        self.data_families = _texts(self, "data_families", self.data_families) or []
        for name in ("database", "cluster", "data_source"):
            setattr(self, name, _text(self, name, getattr(self, name), optional=True))
        for name in ("clusters", "cluster_groups"):
            setattr(self, name, _texts(self, name, getattr(self, name), optional=True))
        self.tags = _texts(self, "tags", self.tags) or []
        if not isinstance(self.aliases, str):
            self.aliases = _texts(self, "aliases", self.aliases, optional=True)
        self.query_macros = _mapping(self, "query_macros", self.query_macros)


@dataclass
class QueryParameter:
    """One query parameter: its description, data type, default and other names."""

    description: str
    datatype: str
    default: Any = None
    aliases: str | list[str] | None = None

    def __post_init__(self) -> None:
        """Check the fields (a single alias may be a plain string, as in msticpy's files)."""
        self.description = _text(self, "description", self.description) or ""
        self.datatype = _text(self, "datatype", self.datatype) or ""
        if not isinstance(self.aliases, str):
            self.aliases = _texts(self, "aliases", self.aliases, optional=True)


@dataclass
class QueryDefaults:
    """The ``defaults`` section: metadata and parameters shared by the file's queries."""

    metadata: dict[str, Any] | None = None
    parameters: dict[str, QueryParameter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Check the fields, building parameters from mappings."""
        self.metadata = _mapping(self, "metadata", self.metadata)
        self.parameters = _records(self, "parameters", self.parameters, QueryParameter)


@dataclass
class QueryArgs:
    """A query's ``args``: the query text (or a URI for REST-style drivers)."""

    query: str = ""
    uri: str | None = None

    def __post_init__(self) -> None:
        """Check the fields."""
        self.query = _text(self, "query", self.query) or ""
        self.uri = _text(self, "uri", self.uri, optional=True)


@dataclass
class Query:
    """One entry of ``sources``: description, args, metadata and parameters."""

    description: str
    args: QueryArgs = field(default_factory=QueryArgs)
    metadata: dict[str, Any] | None = field(default_factory=dict)
    parameters: dict[str, QueryParameter] | None = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Check the fields, building nested records from mappings."""
        self.description = _text(self, "description", self.description) or ""
        self.args = _record(self, "args", self.args, QueryArgs)
        self.metadata = _mapping(self, "metadata", self.metadata)
        if self.parameters is not None:
            self.parameters = _records(self, "parameters", self.parameters, QueryParameter)


@dataclass
class QueryCollection:
    """A whole query file: metadata, defaults and the named queries."""

    metadata: QueryMetadata
    defaults: QueryDefaults | None = None
    sources: dict[str, Query] = field(default_factory=dict)
    file_name: str | None = None

    def __post_init__(self) -> None:
        """Check the fields, building nested records from mappings."""
        self.metadata = _record(self, "metadata", self.metadata, QueryMetadata)
        if self.defaults is not None:
            self.defaults = _record(self, "defaults", self.defaults, QueryDefaults)
        self.sources = _records(self, "sources", self.sources, Query)
        self.file_name = _text(self, "file_name", self.file_name, optional=True)
