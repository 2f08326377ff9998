"""
``QueryProviderUtilsMixin``: what a ``QueryProvider`` tells about itself and its queries.

Connection facts (``connected``, ``schema``...), listing, searching and browsing the query
library, help, and adding queries from a file or from text (msticpy 3.x's
``query_provider_utils_mixin``; ``QueryProvider`` combines it with the connections mixin).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from .query_defns import DataEnvironment
from .query_source import QuerySource

if TYPE_CHECKING:
    from ...nbwidgets.select_item import SelectItem
    from .query_store import QueryStore

__all__ = ["QueryParam", "QueryProviderUtilsMixin"]


class QueryParam(NamedTuple):
    """A parameter definition for ``add_custom_query``."""

    name: str
    data_type: str
    description: str | None = None
    default: str | None = None


class QueryProviderUtilsMixin:
    """Information, search, help and custom queries for a ``QueryProvider``."""

    _query_provider: Any
    query_store: QueryStore

    def _add_query_functions(self) -> None:
        raise NotImplementedError  # provided by QueryProvider

    @property
    def connected(self) -> bool:
        """True if the driver is connected."""
        return self._query_provider.connected

    @property
    def connection_string(self) -> str | None:
        """The driver's current connection (no secrets)."""
        return self._query_provider.current_connection

    @property
    def schema(self) -> dict[str, dict]:
        """Table -> {column: type} of the connection."""
        return self._query_provider.schema

    @property
    def schema_tables(self) -> list[str]:
        """The tables of the connection."""
        return list(self._query_provider.schema.keys())

    @property
    def instance(self) -> str | None:
        """The driver instance name, if any."""
        return self._query_provider.instance

    def import_query_file(self, query_file: str) -> None:
        """Load one more query file and add its queries as attributes."""
        self.query_store.import_file(query_file)
        self._add_query_functions()

    @classmethod
    def list_data_environments(cls) -> list[str]:
        """Return the data environment names (msticpy 3.x: every enum name)."""
        return [env for env in dir(DataEnvironment) if env != "Unknown" and not env.startswith("_")]

    def list_queries(self, substring: str | None = None) -> list[str]:
        """
        Return the ``family.query`` names (sorted), optionally containing ``substring``.

        Parameters
        ----------
        substring : str, optional
            Keep names whose lower-cased form contains it.

        """
        names = list(self.query_store.query_names)
        if substring:
            return [name for name in names if substring in name.lower()]
        return names

    def search(
        self,
        search: Any = None,
        table: Any = None,
        param: Any = None,
        ignore_case: bool = True,
    ) -> list[str]:
        """
        Find queries whose properties match regular expressions.

        Returns
        -------
        list[str]
            Sorted ``family.query`` names matching every category given.

        """
        if not (search or table or param):
            return []
        flags = re.IGNORECASE if ignore_case else 0

        def compile_all(terms: Any) -> list[re.Pattern]:
            if not terms:
                return []
            terms = [terms] if isinstance(terms, str) else set(terms)
            return [re.compile(term, flags) for term in terms]

        any_terms, table_terms, param_terms = map(compile_all, (search, table, param))
        hits = []
        for name, item in self.query_store.search_items.items():
            if (
                (not any_terms or any(t.search(v) for t in any_terms for v in item.values()))
                and (not table_terms or any(t.search(item["table"]) for t in table_terms))
                and (not param_terms or any(t.search(item["params"]) for t in param_terms))
            ):
                hits.append(name)
        return sorted(hits)

    def query_help(self, query_name: str) -> None:
        """Print a query's help."""
        self.query_store[query_name].help()

    def get_query(self, query_name: str) -> str:
        """Return a query's template text."""
        return self.query_store[query_name].query

    def driver_help(self) -> None:
        """Print the driver's documentation."""
        print(self._query_provider.__doc__)

    def browse_queries(self, **kwargs: Any) -> SelectItem:
        """
        Return a query browser: a filterable list of the queries showing each one's help.

        Parameters
        ----------
        **kwargs
            Passed to ``SelectItem`` (``height`` defaults to "300px").

        Returns
        -------
        SelectItem
            The browser widget (display it, or leave it as a cell's result).

        """
        from ...vis.query_browser import browse_queries  # ipywidgets only when used

        return browse_queries(self, **kwargs)

    browse = browse_queries

    def add_custom_query(
        self,
        name: str,
        query: str,
        family: str | list[str],
        description: str | None = None,
        parameters: list[QueryParam] | None = None,
    ) -> None:
        """
        Add a query from text, with its parameter definitions.

        Parameters
        ----------
        name : str
            Query name.
        query : str
            The template (``{param}`` placeholders).
        family : str | list[str]
            Data family (attribute container) or families.
        description : str, optional
            Description for help.
        parameters : list[QueryParam], optional
            ``(name, data_type, description, default)`` for each placeholder.

        """
        params: dict[str, dict[str, Any]] = {}
        for item in parameters or []:
            param = QueryParam(*item)
            spec: dict[str, Any] = {"type": param.data_type, "description": param.description}
            if param.default is not None:
                spec["default"] = param.default
            params[param.name] = spec
        source = {"args": {"query": query}, "description": description, "parameters": params}
        families = [family] if isinstance(family, str) else list(family)
        self.query_store.add_data_source(
            QuerySource(name=name, source=source, defaults={}, metadata={"data_families": families})
        )
        self._add_query_functions()
