"""
The driver interface (msticpy's ``DriverBase``): subclass it to add a data source.

A driver connects to a back end and runs query text; ``QueryProvider`` renders the
query templates and calls ``query``. Properties (``DriverProps``) tell the provider how
to format parameters (``formatters``, including this build's ``query_language``),
whether to load query files, and which driver-supplied queries to add.
"""

from __future__ import annotations

import abc
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ...common.exceptions import MsticpyNotConnectedError
from ..core.query_defns import DataEnvironment

__all__ = ["DriverBase", "DriverProps"]


class DriverProps:
    """Names (and types) of the driver properties."""

    PUBLIC_ATTRS = "public_attribs"
    FORMATTERS = "formatters"
    USE_QUERY_PATHS = "use_query_paths"
    HAS_DRIVER_QUERIES = "has_driver_queries"
    EFFECTIVE_ENV = "effective_environment"
    SUPPORTS_THREADING = "supports_threading"
    SUPPORTS_ASYNC = "supports_async"
    MAX_PARALLEL = "max_parallel"
    FILTER_ON_CONNECT = "filter_queries_on_connect"

    PROPERTY_TYPES: dict[str, Any] = {
        PUBLIC_ATTRS: dict,
        FORMATTERS: dict,
        USE_QUERY_PATHS: bool,
        HAS_DRIVER_QUERIES: bool,
        EFFECTIVE_ENV: (str, DataEnvironment),
        SUPPORTS_THREADING: bool,
        SUPPORTS_ASYNC: bool,
        MAX_PARALLEL: int,
        FILTER_ON_CONNECT: bool,
    }

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Return the default property values."""
        return {
            cls.PUBLIC_ATTRS: {},
            cls.FORMATTERS: {},
            cls.USE_QUERY_PATHS: True,
            cls.HAS_DRIVER_QUERIES: False,
            cls.EFFECTIVE_ENV: None,
            cls.SUPPORTS_THREADING: False,
            cls.SUPPORTS_ASYNC: False,
            cls.MAX_PARALLEL: 4,
            cls.FILTER_ON_CONNECT: False,
        }

    @classmethod
    def valid_type(cls, property_name: str, value: Any) -> bool:
        """Return True if ``value`` has the property's type (unknown names: True)."""
        if property_name not in cls.PROPERTY_TYPES:
            return True
        return isinstance(value, cls.PROPERTY_TYPES[property_name])


class DriverBase(abc.ABC):
    """
    Base class of data drivers.

    Subclasses implement ``connect``, ``query`` and ``query_with_results`` and set
    ``self._loaded``/``self._connected``.
    """

    def __init__(self, **kwargs: Any):
        """Initialise the common state (kwargs are kept in ``self._kwargs``)."""
        self._kwargs = kwargs
        self._loaded = False
        self._connected = False
        self.current_connection: str | None = None
        self._previous_connection = False
        self.data_environment = kwargs.get("data_environment")
        self._query_filter: dict[str, set[str]] = defaultdict(set)
        self._instance: str | None = None
        self.properties = DriverProps.defaults()
        env = self.data_environment
        self.set_driver_property(
            DriverProps.EFFECTIVE_ENV,
            env.name if isinstance(env, DataEnvironment) else env or "",
        )
        self.set_driver_property(DriverProps.SUPPORTS_THREADING, False)
        self.set_driver_property(DriverProps.MAX_PARALLEL, kwargs.get("max_threads", 4))

    def __getattr__(self, attrib: str) -> Any:
        """Driver properties read as attributes (``driver.formatters``)."""
        properties = self.__dict__.get("properties", {})
        if attrib in properties:
            return properties[attrib]
        raise AttributeError(f"{self.__class__.__name__} has no attribute '{attrib}'")

    @property
    def loaded(self) -> bool:
        """True if the driver is ready to use."""
        return self._loaded

    @property
    def connected(self) -> bool:
        """True once a connection has been made."""
        return self._connected

    @property
    def instance(self) -> str | None:
        """The instance name (drivers with several instances), else None."""
        return self._instance

    @property
    def schema(self) -> dict[str, dict]:
        """Table -> {column: type} of the connection (empty unless overridden)."""
        return {}

    @abc.abstractmethod
    def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
        """Connect to the data source."""

    @abc.abstractmethod
    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        """Run query text; return a DataFrame (or the back end's result on failure)."""

    @abc.abstractmethod
    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        """Run query text; return ``(DataFrame, native result)``."""

    @property
    def service_queries(self) -> tuple[dict[str, str], str]:
        """Queries supplied by the service: ``({name: text}, container)``."""
        return {}, ""

    @property
    def driver_queries(self) -> Iterable[dict[str, Any]]:
        """Queries supplied by the driver (``name``, ``query``, ``query_container``...)."""
        return [{}]

    @property
    def query_attach_spec(self) -> dict[str, set[str]]:
        """Metadata filter deciding which loaded queries this driver uses."""
        return self._query_filter

    def add_query_filter(self, name: str, query_filter: str | Iterable[str]) -> None:
        """
        Add values to the query filter.

        Raises
        ------
        ValueError
            If ``name`` is not ``data_environments``, ``data_families`` or ``data_sources``.

        """
        allowed = {"data_environments", "data_families", "data_sources"}
        if name not in allowed:
            raise ValueError(
                f"'name' {name} must be one of:", ", ".join(f"'{n}'" for n in sorted(allowed))
            )
        if isinstance(query_filter, str):
            self._query_filter[name].add(query_filter)
        else:
            self._query_filter[name].update(query_filter)

    def set_driver_property(self, name: str, value: Any) -> None:
        """
        Set a driver property.

        Raises
        ------
        TypeError
            If the value has the wrong type for the property.

        """
        if not DriverProps.valid_type(name, value):
            raise TypeError(
                f"Property '{name}' is not the correct type.",
                f"Expected: '{DriverProps.PROPERTY_TYPES[name]}'.",
            )
        self.properties[name] = value

    def get_driver_property(self, name: str) -> Any:
        """Return a driver property (``KeyError`` if unknown)."""
        return self.properties[name]

    def query_usable(self, query_source: Any) -> bool:
        """Return True if the query should be exposed for this driver."""
        del query_source
        return True

    @staticmethod
    def _create_not_connected_err(prov_name: str) -> MsticpyNotConnectedError:
        return MsticpyNotConnectedError(
            "Please run the connect() method before running this method.",
            help_uri=f"not connected to {prov_name}.",
        )
