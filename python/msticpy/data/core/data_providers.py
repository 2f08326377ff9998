"""
``QueryProvider``: the query library bound to a driver (msticpy's ``data_providers``).

Every loaded query becomes a callable attribute: ``qp.Family.query(...)``,
``qp.Family.Sub.query(...)``, ``qp.all_queries.query(...)`` and
``getattr(qp, "Family.query")``. Calling conventions are msticpy's: ``"?"``/``"help"``
print help, ``"print"`` (also the classic ``"query"``, ``print=True``, ``debug_query``,
``print_query``) return the query text instead of running it, positional objects
(alerts, events, ``QueryTime``-like objects with ``start``/``end``, dicts) supply
parameter values, keyword arguments override them, ``split_query_by="1D"`` runs the
query in time chunks and concatenates the results, other keyword arguments go to the
driver.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...common.utility import valid_pyname
from ..drivers import CUSTOM_PROVIDERS, DriverBase, DriverProps, import_driver
from .param_extractor import extract_query_params
from .query_container import QueryContainer
from .query_defns import DataEnvironment, DataFamily
from .query_provider_connections_mixin import QueryProviderConnectionsMixin
from .query_provider_utils_mixin import QueryParam, QueryProviderUtilsMixin
from .query_store import QueryStore

if TYPE_CHECKING:
    from ...nbwidgets.query_time import QueryTime

__all__ = ["QueryParam", "QueryProvider"]

logger = logging.getLogger(__name__)

_HELP_FLAGS = ("help", "?")
_DEBUG_FLAGS = ("print", "debug_query", "print_query", "query")
_COMPATIBLE_DRIVER_MAPPINGS: dict[str, list[str]] = {
    "mssentinel": ["m365d"],
    "mde": ["m365d"],
    "mssentinel_new": ["mssentinel", "m365d"],
    "kusto_new": ["kusto"],
    "m365dgraph": ["mde", "m365d"],
}
#: Query files shipped with this package, one folder per environment.
QUERY_ROOT = Path(__file__).resolve().parents[1] / "queries"


def _help_flag(*args: Any) -> bool:
    return any(isinstance(arg, str) and arg in _HELP_FLAGS for arg in args)


def _debug_flag(*args: Any, **kwargs: Any) -> bool:
    return any(isinstance(arg, str) and arg in _DEBUG_FLAGS for arg in args) or any(
        kwargs.get(flag, False) for flag in _DEBUG_FLAGS
    )


class QueryProvider(QueryProviderConnectionsMixin, QueryProviderUtilsMixin):
    """
    Query library and driver for one data environment.

    Parameters
    ----------
    data_environment : str | DataEnvironment
        ``"LocalData"``, ``"MSSentinel"``/``"LogAnalytics"``, ... or a registered
        custom driver name.
    driver : DriverBase, optional
        A driver instance to use instead of the environment's built-in one.
    query_paths : list[str], optional
        More folders of query files.
    **kwargs
        Passed to the driver (``data_paths=`` for LocalData, ``workspace_id=`` ...).

    Raises
    ------
    TypeError
        For an unknown data environment.
    LookupError
        If the environment's driver is not a ``DriverBase``.

    """

    create_param = QueryParam

    def __init__(
        self,
        data_environment: str | DataEnvironment,
        driver: DriverBase | None = None,
        query_paths: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        """Create the provider: load the query files and build the query attributes."""
        data_environment, self.environment_name = self._check_environment(data_environment)
        self._driver_kwargs = kwargs.copy()
        if driver is None:
            self.driver_class: type = import_driver(data_environment)
            if not issubclass(self.driver_class, DriverBase):
                raise LookupError(f"Could not find suitable data provider for {data_environment}")
            driver = self.driver_class(data_environment=data_environment, **kwargs)
        else:
            self.driver_class = driver.__class__
        self.environment_name = (
            driver.get_driver_property(DriverProps.EFFECTIVE_ENV) or self.environment_name
        )
        self._query_provider = driver
        self.all_queries = QueryContainer()
        self._query_paths = query_paths
        stores: dict[str, QueryStore] = {}
        if driver.use_query_paths:
            stores.update(self._read_queries_from_paths(query_paths))
        self.query_store: QueryStore = stores.get(
            self.environment_name, QueryStore(self.environment_name)
        )
        self._add_query_functions()
        # msticpy creates QueryTime(units="day") here; it is built on first use instead
        # (same times: its origin is fixed now) so a provider does not import ipywidgets.
        self._query_time_origin = datetime.now(timezone.utc)
        self._query_time: QueryTime | None = None

    @classmethod
    def _check_environment(cls, data_environment: Any) -> tuple[Any, str]:
        if isinstance(data_environment, str):
            parsed = DataEnvironment.parse(data_environment)
            if parsed != DataEnvironment.Unknown:
                return parsed, parsed.name
            if data_environment in CUSTOM_PROVIDERS:
                return data_environment, data_environment
            raise TypeError(f"Unknown data environment {data_environment}")
        if isinstance(data_environment, DataEnvironment):
            return data_environment, data_environment.name
        raise TypeError(
            f"Unknown data environment type {data_environment} ({type(data_environment)})"
        )

    def __getattr__(self, name: str) -> Any:
        """Resolve dotted names (``getattr(qp, "Family.query")``)."""
        if "." in name:
            parent_name, child_name = name.split(".", maxsplit=1)
            parent = getattr(self, parent_name, None)
            if parent:
                return getattr(parent, child_name)
        raise AttributeError(f"{name} is not a valid attribute.")

    @property
    def environment(self) -> str:
        """The data environment name."""
        return self.environment_name

    @property
    def query_time(self) -> QueryTime:
        """
        The ``QueryTime`` widget giving ``start``/``end`` to queries called without them.

        Its range is one day either side of the provider's creation time until changed
        (display it and move the slider, or call ``set_time``).
        """
        if self._query_time is None:
            from ...nbwidgets.query_time import QueryTime  # ipywidgets only when used

            self._query_time = QueryTime(units="day", origin_time=self._query_time_origin)
        return self._query_time

    def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
        """
        Connect the driver, then add its public attributes and driver queries.

        Parameters
        ----------
        connection_str : str, optional
            Driver-specific connection string.
        **kwargs
            Driver-specific connection arguments.

        """
        self._query_provider.connect(connection_str=connection_str, **kwargs)
        for name, attr in self._query_provider.public_attribs.items():
            setattr(self, name, attr)
        refresh = False
        if self._query_provider.filter_queries_on_connect:
            self.query_store.apply_query_filter(self._query_provider.query_usable)
            refresh = True
        if self._query_provider.has_driver_queries:
            self._add_driver_queries(self._query_provider.driver_queries)
            refresh = True
        if refresh:
            self._add_query_functions()

    def _execute_query(
        self,
        *args: Any,
        query_name: str,
        query_path: str | DataFamily | None = None,
        split_query_by: str | None = None,
        split_by: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not self._query_provider.loaded:
            raise ValueError("Provider is not loaded.")
        if (
            not self._query_provider.connected
            and not _help_flag(*args)
            and not _debug_flag(*args, **kwargs)
        ):
            raise ValueError(
                "No connection to a data source. Please call connect(connection_str) and retry."
            )
        query_source = self.query_store.get_query(query_path=query_path, query_name=query_name)
        if _help_flag(*args):
            query_source.help()
            return None
        params, missing = extract_query_params(query_source, *args, **kwargs)
        query_options: dict[str, Any] = {
            "default_time_params": self._check_for_time_params(params, missing)
        }
        if missing:
            query_source.help()
            raise ValueError(f"No values found for these parameters: {missing}")
        split_by = split_query_by or split_by
        if split_by:
            result = self._exec_split_query(
                split_by, query_source, params, debug=_debug_flag(*args, **kwargs), **kwargs
            )
            if result is not None:
                return result
        query_str = query_source.create_query(formatters=self._query_provider.formatters, **params)
        if _debug_flag(*args, **kwargs):
            return query_str
        query_options.update(self._get_query_options(params, kwargs))
        span = query_options.get("time_span") or {}
        if span.get("start") is not None and span.get("end") is not None:
            # Drivers get the range as datetimes, whatever form the caller used ("-3d").
            query_options["time_span"] = {
                key: query_source._convert_datetime(value) for key, value in span.items()
            }
        return self.exec_query(query_str, query_source=query_source, **query_options)

    def _check_for_time_params(self, params: dict[str, Any], missing: list[str]) -> bool:
        added = False
        for name in ("start", "end"):
            if name in missing:
                missing.remove(name)
                params[name] = getattr(self.query_time, name)
                added = True
        return added

    @staticmethod
    def _get_query_options(params: dict[str, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        options: dict[str, Any] = kwargs.pop("query_options", {})
        if not options:
            options = {
                key: val
                for key, val in kwargs.items()
                if key not in params and key not in _DEBUG_FLAGS
            }
        options["time_span"] = {"start": params.get("start"), "end": params.get("end")}
        return options

    def _get_query_folder_for_env(self, root: Path, environment: str) -> list[Path]:
        envs = [environment, *_COMPATIBLE_DRIVER_MAPPINGS.get(environment.casefold(), [])]
        return [root / env.casefold() for env in envs]

    def _read_queries_from_paths(self, query_paths: list[str] | None) -> dict[str, QueryStore]:
        # msticpy's order: the config's QueryDefinitions.Default roots (the bundled
        # library; relative roots are inside the msticpy.data package), each read only
        # in this environment's folders, then the QueryDefinitions.Custom folders, then
        # the query_paths argument.
        folders = [
            str(folder)
            for root in _default_query_roots()
            for folder in self._get_query_folder_for_env(root, self.environment_name)
            if folder.is_dir()
        ]
        for item in [*_custom_query_paths(), *(query_paths or [])]:
            folder = Path(item).expanduser().resolve()
            if folder.is_dir():
                folders.append(str(folder))
            else:
                logger.warning("Custom query definitions path %s not found", folder)
        if folders:
            return QueryStore.import_files(
                source_path=folders,
                recursive=True,
                driver_query_filter=self._query_provider.query_attach_spec,
            )
        return {self.environment_name: QueryStore(self.environment_name)}

    def _add_query_functions(self) -> None:
        for qualified in self.list_queries():
            path = qualified.split(".")
            query_name = path[-1]
            node: Any = self
            for container_name in path[:-1]:
                attr = valid_pyname(container_name)
                if attr in node.__dict__:
                    node = node.__dict__[attr]
                else:
                    child = QueryContainer()
                    setattr(node, attr, child)
                    node = child
            container = ".".join(path[:-1])
            function = partial(self._execute_query, query_path=container, query_name=query_name)
            function.__doc__ = self.query_store.get_query(
                query_path=container, query_name=query_name
            ).create_doc_string()
            attr_name = valid_pyname(query_name)
            setattr(node, attr_name, function)
            setattr(self.all_queries, attr_name, function)

    def _add_driver_queries(self, queries: Any) -> None:
        for query in queries:
            if not query:
                continue
            self.query_store.add_query(
                name=query["name"],
                query=query["query"],
                query_paths=query.get("query_paths", query.get("query_container", "default")),
                description=query.get("description"),
            )
        self._add_query_functions()


def _default_query_roots() -> list[Path]:
    """The config's ``QueryDefinitions.Default`` roots (``["queries"]`` by default)."""
    from ...common.pkg_config import get_config

    roots = get_config("QueryDefinitions.Default", None)
    if isinstance(roots, (str, Path)):
        roots = [roots]
    if not isinstance(roots, list):
        return [QUERY_ROOT]
    package_data = QUERY_ROOT.parent
    return [
        Path(root) if Path(root).is_absolute() else package_data / root
        for root in roots
        if isinstance(root, (str, Path))
    ]


def _custom_query_paths() -> list[str]:
    """The config's ``QueryDefinitions.Custom`` folders (none if unset or malformed)."""
    from ...common.pkg_config import get_config

    custom = get_config("QueryDefinitions.Custom", None)
    if isinstance(custom, str):
        return [custom]
    if isinstance(custom, list):
        return [str(item) for item in custom if isinstance(item, (str, Path))]
    return []
