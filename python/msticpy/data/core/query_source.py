"""
One query definition (msticpy's ``QuerySource``): metadata, parameters, template.

``create_query`` converts and formats the parameter values as msticpy does (datetime
offsets, lists, per-parameter ``format`` templates, driver formatters), then the Rust
core substitutes them, escaping each value by the rules of the KQL/SQL literal it lands
in (``Formatters.LANGUAGE`` in the driver's formatters; KQL by default). Where msticpy
would let a quote in a value end a string literal, this build escapes it; a value placed
as query text (``{table}``, ``{add_query_items}``) must be lexically self-contained or
``QueryParameterError`` is raised (``docs/data_queries.md``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from numbers import Number
from typing import Any

from ...common.exceptions import QueryParameterError
from ...common.utility import collapse_dicts
from ._surrogates import SurrogateSwap, has_surrogates
from .query_defns import Formatters

__all__ = ["QuerySource"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_PLAIN_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?\Z", re.ASCII)


def _now_micros() -> int:
    return (datetime.now(timezone.utc) - _EPOCH) // timedelta(microseconds=1)


class QuerySource:
    """
    A query: its name, merged metadata and parameters, and template.

    Parameters
    ----------
    name : str
        The query name.
    source : dict
        The query's definition (``description``, ``args.query``, ``parameters`` ...).
    defaults : dict
        The file's ``defaults`` (``metadata``, ``parameters``).
    metadata : dict
        The file's ``metadata``.

    """

    def __init__(
        self,
        name: str,
        source: dict[str, Any],
        defaults: dict[str, Any],
        metadata: dict[str, Any],
    ):
        """Create the query source."""
        self.show = True
        self.name = name
        self._source: dict[str, Any] = source or {}
        self.defaults: dict[str, Any] = defaults or {}
        self._global_metadata: dict[str, Any] = dict(metadata) if metadata else {}
        self.query_store: Any = None
        self.metadata = collapse_dicts(
            self._global_metadata,
            self.defaults.get("metadata", {}),
            self._source.get("metadata", {}),
        )
        self.params = collapse_dicts(
            self.defaults.get("parameters", {}), self._source.get("parameters", {})
        )
        self._query: str = self["args.query"]

    def __getitem__(self, key: str) -> Any:
        """Return a value of the definition by dotted path (``"args.query"``)."""
        node: Any = self._source
        for part in key.split("."):
            if isinstance(node, dict):
                node = node.get(part)
            if node is None:
                raise KeyError(f"{part} value of {key} is not a valid path")
        return node

    @property
    def description(self) -> str:
        """The query's description."""
        try:
            return self["description"]
        except KeyError:
            return "no description"

    @property
    def query(self) -> str:
        """The query template (macros expanded)."""
        return self._query

    @property
    def default_params(self) -> dict[str, dict]:
        """Parameters that have a default value."""
        return {name: spec for name, spec in self.params.items() if "default" in spec}

    @property
    def required_params(self) -> dict[str, dict]:
        """Parameters without a default value."""
        return {name: spec for name, spec in self.params.items() if "default" not in spec}

    @property
    def data_families(self) -> list[str]:
        """The data families the query belongs to."""
        return self.metadata["data_families"]

    def create_query(self, formatters: dict[str, Callable] | None = None, **kwargs: Any) -> str:
        """
        Return the query with parameter values (kwargs, then defaults) substituted.

        Parameters
        ----------
        formatters : dict[str, Callable], optional
            Driver formatters by ``Formatters`` key (datetime, list, a custom parameter
            handler, and this build's ``query_language``).
        **kwargs
            Parameter values (aliases accepted).

        Returns
        -------
        str
            The query text.

        Raises
        ------
        ValueError
            If a parameter without a default was not supplied (msticpy's message).
        QueryParameterError
            If a value cannot be placed safely (see the module notes).

        """
        values = {name: spec.get("default", None) for name, spec in self.params.items()}
        values.update(self.resolve_param_aliases(kwargs))
        missing = {name: value for name, value in values.items() if value is None}
        if missing:
            raise ValueError("These required parameters were not set: ", f"{missing.keys()}")
        formatters = formatters or {}
        for name, settings in self.params.items():
            if settings["type"] == "datetime":
                values[name] = self._convert_datetime(values[name])
            if settings["type"] == "list":
                values[name] = self._parse_param_list(values[name])
            self._format_parameter(name, values, settings, formatters)
        if Formatters.PARAM_HANDLER in formatters:
            for name, value in values.items():
                if isinstance(value, list):
                    values[name] = self._format_list_default(value)
            return formatters[Formatters.PARAM_HANDLER](self._query, values)
        return self._render(values, str(formatters.get(Formatters.LANGUAGE, "kql")))

    def _render(self, values: dict[str, Any], language: str) -> str:
        from ... import _native

        native: dict[str, Any] = {}
        texts = [self._query]
        for name, value in values.items():
            if isinstance(value, list):
                native[name] = [(isinstance(item, str), str(item)) for item in value]
                texts.extend(text for _, text in native[name])
            else:
                native[name] = format(value)
                texts.append(native[name])
        if not any(map(has_surrogates, texts)):
            return _native.query_render(self._query, native, language)
        # Lone surrogates cannot cross into the UTF-8 renderer: carry them as stand-ins.
        swap = SurrogateSwap(texts)
        for name, value in native.items():
            if isinstance(value, list):
                native[name] = [(is_str, swap.hide(text)) for is_str, text in value]
            else:
                native[name] = swap.hide(value)
        try:
            rendered = _native.query_render(swap.hide(self._query), native, language)
        except QueryParameterError as err:
            # The message quotes the offending value: show it as the caller wrote it.
            raise QueryParameterError(swap.restore(str(err))) from None
        return swap.restore(rendered)

    def _format_parameter(
        self, name: str, values: dict[str, Any], settings: dict[str, Any], formatters: dict
    ) -> None:
        template = settings.get("format", None)
        value = values[name]
        if template:
            values[name] = template.format(value)
        elif settings["type"] == "datetime" and isinstance(value, datetime):
            if Formatters.DATETIME in formatters:
                values[name] = formatters[Formatters.DATETIME](value)
            else:
                values[name] = self._format_datetime_default(value)
        elif settings["type"] == "list" and Formatters.LIST in formatters:
            values[name] = formatters[Formatters.LIST](value)
        # Lists without a driver formatter stay lists: the core quotes and escapes them.

    def _convert_datetime(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        if isinstance(value, Number):
            return datetime.now(tz=timezone.utc) + timedelta(value)  # type: ignore[arg-type]
        try:
            int(value)
            return self._calc_timeoffset(str(value))
        except ValueError:
            pass
        if isinstance(value, str) and _PLAIN_ISO.match(value):
            # Complete ISO dates/times: the same result as dateutil, much faster.
            # (An impossible date falls through to dateutil, then to an offset.)
            with contextlib.suppress(ValueError):
                return datetime.fromisoformat(value)
        from dateutil.parser import ParserError, parse

        try:
            return parse(value)
        except (ParserError, OverflowError):
            return self._calc_timeoffset(str(value))

    def resolve_param_aliases(self, param_dict: dict[str, Any]) -> dict[str, Any]:
        """Map parameter aliases in ``param_dict`` to their parameter names."""
        resolved = {}
        for name, value in param_dict.items():
            if name in self.params:
                resolved[name] = value
            else:
                resolved[self._get_aliased_param(name) or name] = value
        return resolved

    def _get_aliased_param(self, alias: str) -> str | None:
        return next(
            (
                name
                for name, spec in self.params.items()
                if "aliases" in spec and alias in spec["aliases"]
            ),
            None,
        )

    @classmethod
    def _calc_timeoffset(cls, time_offset: str) -> datetime:
        """The datetime an offset spec (``-3d@d``) gives now (computed in the core)."""
        from ... import _native

        micros, aware = _native.query_time_offset(time_offset, _now_micros())
        result = _EPOCH + timedelta(microseconds=micros)
        return result if aware else result.replace(tzinfo=None)

    @staticmethod
    def _parse_param_list(value: Any) -> list[Any]:
        if isinstance(value, list):
            return value
        if isinstance(value, str) and "," in value:
            return [item.strip() for item in value.split(",")]
        return [value]

    @staticmethod
    def _format_datetime_default(date_time: datetime) -> str:
        text = date_time.isoformat(sep="T")
        return text if date_time.tzinfo else f"{text}Z"

    @staticmethod
    def _format_list_default(items: list[Any]) -> str:
        """msticpy's unescaped list format (only for drivers' own parameter handlers)."""
        return ", ".join(f"'{item}'" if isinstance(item, str) else f"{item}" for item in items)

    def help(self) -> None:
        """Print the query's help (what ``qp.Family.query("?")`` shows)."""
        print("Query: ", self.name)
        if self.query_store is not None:
            print("Data source: ", self.query_store.environment)
        print(self.create_doc_string())
        print("Query:")
        print(self.query)

    def create_doc_string(self) -> str:
        """
        Return the query's docstring: description and parameters.

        Returns
        -------
        str
            Description, then one entry per parameter (sorted by name).

        """
        lines = ["Parameters", "----------"]
        for name, spec in sorted(self.params.items()):
            has_default = "default" in spec
            default = spec["default"] if has_default else None
            if isinstance(default, str) and len(default) > 50:
                default = f"{default[:50]}..."
            optional = " (optional)" if has_default else ""
            lines.append(f"{name}: {spec.get('type', 'Any')}{optional}")
            lines.append(f"    {spec.get('description', 'no description')}")
            if default:
                lines.append(f"    (default value is: {default})")
            if "aliases" in spec:
                aliases = spec["aliases"]
                aliases = [aliases] if isinstance(aliases, str) else aliases
                lines.append("    Aliases: " + ", ".join(f"'{alias}'" for alias in aliases))
        return "\n".join([f"{self.description}", "", *lines])

    def validate(self) -> tuple[bool, list[str]]:
        """
        Check that the query has a template and that its parameters are declared and typed.

        Returns
        -------
        tuple[bool, list[str]]
            Whether it is valid, and the problems found.

        """
        failures = []
        if "args" not in (self._source.keys() | self.defaults.keys()):
            failures.append(f"Source {self.name} does not have all required elements: {{'args'}}")
        if not self._query:
            failures.append(f'Source {self.name} does not have "query" property in args element.')
        try:
            used = _placeholders(self._query)
        except ValueError as err:
            failures.append(f"Source {self.name} has an unsupported placeholder: {err}")
            used = frozenset()
        undeclared = used - self.params.keys()
        if undeclared:
            failures.append(
                f"Source {self.name} has parameters that are defined in the query but not "
                "included in either defaults or query-specific parameters element(s)\n"
                f"Missing parameters are {undeclared}"
            )
        untyped = {name for name, spec in self.params.items() if "type" not in spec}
        if untyped:
            failures.append(
                f"Source {self.name} has parameters that are defined in the query but do "
                f'not have a valid "type" property\nParameters with missing types are {untyped}'
            )
        return (not failures, failures)


@lru_cache(maxsize=4096)
def _placeholders(template: str) -> frozenset[str]:
    """The placeholder names of a template (parsed once per process per template)."""
    from ... import _native

    return frozenset(_native.query_placeholders(template))
