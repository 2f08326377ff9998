"""The queries of one data environment, by data family (msticpy's ``QueryStore``)."""

from __future__ import annotations

import logging
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from os import path
from typing import Any

from ...common.exceptions import MsticpyUserConfigError
from .data_query_reader import FILE_LEVEL_KEYS, find_yaml_files, load_query_files
from .query_defns import DataEnvironment, DataFamily
from .query_source import QuerySource

__all__ = ["QueryStore"]

logger = logging.getLogger(__name__)


def _get_dot_path(elem_path: str, data_map: dict) -> Any:
    if elem_path in data_map:
        return data_map[elem_path]
    prefix, _, name = elem_path.rpartition(".")
    container = data_map.get(prefix)
    if isinstance(container, dict) and name in container:
        return container[name]
    raise KeyError(f"'{elem_path}' not found")


class QueryStore:
    """
    Query definitions for one data environment.

    Attributes
    ----------
    environment : str
        The data environment name.
    data_families : dict[str, dict[str, QuerySource]]
        Queries by family, then name.

    """

    def __init__(self, environment: str) -> None:
        """Create an empty store for ``environment``."""
        self.environment: str = environment
        self.data_families: dict[str, dict[str, QuerySource]] = defaultdict(dict)
        self.data_family_defaults: dict[str, dict[str, Any]] = defaultdict(dict)
        self._all_sources: list[QuerySource] = []

    def __getattr__(self, name: str) -> Any:
        """Return the family or query at a dotted path."""
        if name.startswith("__"):
            raise AttributeError(name)
        return _get_dot_path(name, self.__dict__.get("data_families", {}))

    def __getitem__(self, key: str) -> Any:
        """Return the family or query at a dotted path."""
        return _get_dot_path(key, self.data_families)

    @property
    def query_names(self) -> Iterable[str]:
        """Yield ``family.query`` for the shown queries, sorted."""
        for family in sorted(self.data_families):
            for name, source in sorted(self.data_families[family].items()):
                if source.show:
                    yield f"{family}.{name}"

    @property
    def search_items(self) -> dict[str, dict[str, str]]:
        """Searchable text of every query (name, description, parameters, table, query)."""
        items = {}
        for family, sources in self.data_families.items():
            for name, source in sources.items():
                items[f"{family}.{name}"] = {
                    "name": source.name,
                    "description": source.description,
                    "params": " ".join(source.params.keys()),
                    "table": source.params.get("table", {}).get("default", ""),
                    "query": source.query,
                }
        return items

    def add_data_source(self, source: QuerySource) -> None:
        """
        Add a query (replacing one of the same name in its families).

        As in msticpy, the ``defaults`` of all queries of a family are merged and
        shared, so a later file's defaults apply to earlier queries of that family.

        Raises
        ------
        MsticpyUserConfigError
            If the query is invalid (``QuerySource.validate``).

        """
        source.query_store = self
        self._all_sources.append(source)
        for family in source.data_families:
            self.data_families[family][source.name] = source
            self.data_family_defaults[family].update(source.defaults)
            source.defaults = self.data_family_defaults[family]
            valid, failures = source.validate()
            if not valid:
                raise MsticpyUserConfigError(
                    source.name, *failures, help_uri="Error importing query definition file"
                )

    def add_query(
        self,
        name: str,
        query: str,
        query_paths: str | list[str],
        description: str | None = None,
    ) -> None:
        """
        Add a query from its text (driver-supplied queries).

        Parameters
        ----------
        name : str
            Query name (a dotted prefix adds a container level).
        query : str
            The query text.
        query_paths : str | list[str]
            Data family (or families) to put it in.
        description : str, optional
            Description (default: the name).

        """
        prefix = ""
        if "." in name:
            prefix, _, name = name.rpartition(".")
        paths = [query_paths] if isinstance(query_paths, str) else list(query_paths)
        if prefix:
            paths = [f"{item}.{prefix}" for item in paths]
        source = QuerySource(
            name=name,
            source={"args": {"query": query}, "description": description or name},
            defaults={},
            metadata={"data_families": paths},
        )
        self.add_data_source(source)

    def import_file(self, query_file: str) -> None:
        """
        Import one query file (a structurally empty file is skipped with a warning).

        Raises
        ------
        QueryDefinitionError
            If the file is not valid YAML or a query in it is malformed.

        """
        ((_, document, error),) = load_query_files([str(query_file)])
        if error is not None:
            if getattr(error, "key", None) in FILE_LEVEL_KEYS:
                warnings.warn(f"{error} - skipping.", stacklevel=2)
                return
            raise error
        document = document or {}
        for name, source in document.get("sources", {}).items():
            self.add_data_source(
                QuerySource(name, source, document.get("defaults", {}), document["metadata"])
            )

    def apply_query_filter(self, query_filter: Callable[[QuerySource], bool]) -> None:
        """Show only the queries for which ``query_filter`` returns True."""
        for source in self._all_sources:
            source.show = query_filter(source)

    @classmethod
    def import_files(
        cls,
        source_path: list,
        recursive: bool = True,
        driver_query_filter: dict[str, set[str]] | None = None,
    ) -> dict[str, QueryStore]:
        """
        Import every query file under the folders, one store per data environment.

        Files are parsed in parallel in the Rust core. A file without sources, metadata,
        environments or families is skipped with a warning (msticpy prints and skips);
        a file that is not valid YAML or has a malformed query raises.

        Returns
        -------
        dict[str, QueryStore]
            Environment name -> store.

        Raises
        ------
        FileNotFoundError
            If a folder does not exist.
        QueryDefinitionError
            Naming the file, query and key of the first malformed definition.

        """
        files: list[str] = []
        for folder in source_path:
            if not path.isdir(folder):
                raise FileNotFoundError(f"{folder} is not a directory")
            files.extend(str(item) for item in find_yaml_files(folder, recursive))
        stores: dict[str, QueryStore] = {}
        for file, document, error in load_query_files(files):
            if error is not None:
                if getattr(error, "key", None) in FILE_LEVEL_KEYS:
                    warnings.warn(f"{error} - skipping.", stacklevel=2)
                    continue
                raise error
            document = document or {}
            metadata = document.get("metadata", {})
            defaults = document.get("defaults", {})
            for env_value in metadata.get("data_environments", []):
                if "." in env_value:
                    env_value = env_value.split(".")[1]
                environment = DataEnvironment.parse(env_value)
                env_name = environment.name if environment != DataEnvironment.Unknown else env_value
                store = stores.setdefault(env_name, cls(environment=env_name))
                for name, source in document.get("sources", {}).items():
                    query_source = QuerySource(name, source, defaults, metadata)
                    if not driver_query_filter or _matches_driver_filter(
                        query_source, driver_query_filter
                    ):
                        store.add_data_source(query_source)
            logger.debug("loaded %s", file)
        return stores

    def get_query(self, query_name: str, query_path: str | DataFamily | None = None) -> QuerySource:
        """
        Return a query by name and family (``"Family.query"`` also accepted).

        Raises
        ------
        LookupError
            If there is no such query.

        """
        if isinstance(query_path, DataFamily):
            query_path = query_path.name
        if "." in query_name:
            container, _, query_name = query_name.rpartition(".")
            if container in self.data_families:
                query_path = container
            elif query_path and f"{query_path}.{container}" in self.data_families:
                query_path = f"{query_path}.{container}"
        query = self.data_families.get(str(query_path or ""), {}).get(query_name)
        if not query:
            raise LookupError(f"Could not find {query_name} in path {query_path}.")
        return query

    def find_query(self, query_name: str) -> set[QuerySource | None]:
        """Return the queries named ``query_name`` in any family."""
        return {
            queries.get(query_name)
            for queries in self.data_families.values()
            if query_name in queries
        }


def _matches_driver_filter(source: QuerySource, filter_spec: dict[str, set[str]]) -> bool:
    """True if the query's metadata matches every non-empty filter item."""
    match = True
    for item_name, wanted in filter_spec.items():
        if not wanted:
            continue
        key = "data_source" if item_name == "data_sources" else item_name
        value = source.metadata.get(key)
        if isinstance(value, list):
            match &= bool(wanted & set(value))
        else:
            match &= value in wanted
    return match
