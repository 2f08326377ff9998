"""Data environments, data families and the parameter-provider interface (``query_defns``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from enum import Enum
from typing import Any

__all__ = ["DataEnvironment", "DataFamily", "Formatters", "QueryParamProvider"]


class DataFamily(Enum):
    """Families of data (roughly, tables) that queries are grouped by."""

    Unknown = 0
    WindowsSecurity = 1
    LinuxSecurity = 2
    SecurityAlert = 3
    SecurityGraphAlert = 4
    LinuxSyslog = 5
    AzureNetwork = 6
    MDATP = 7
    Splunk = 8
    ResourceGraph = 9
    Sumologic = 10
    Cybereason = 11
    Elastic = 14
    Prismacloud = 21
    OpenObserve = 22

    @classmethod
    def parse(cls, value: str | int | DataFamily) -> DataFamily:
        """
        Return the member for a name (exact, then case-insensitive) or value.

        Returns
        -------
        DataFamily
            The member, or ``Unknown``.

        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            if value in cls.__members__:
                return cls[value]
            folded = value.upper()
            return next(
                (member for name, member in cls.__members__.items() if name.upper() == folded),
                cls.Unknown,
            )
        if isinstance(value, int):
            try:
                return cls(value)
            except ValueError:
                return cls.Unknown
        return cls.Unknown


class DataEnvironment(Enum):
    """Data environments (back ends); several names share a value as aliases."""

    Unknown = 0
    MSSentinel = 1
    AzureSentinel = 1
    LogAnalytics = 1
    MSSentinel_New = 1
    Kusto = 2
    AzureDataExplorer = 2
    Kusto_New = 2
    MSGraph = 4
    SecurityGraph = 4
    MDE = 5
    MDATP = 5
    LocalData = 6
    Splunk = 7
    OTRF = 8
    Mordor = 8
    ResourceGraph = 9
    Sumologic = 10
    M365D = 11
    Cybereason = 12
    Elastic = 14
    OSQueryLogs = 15
    OSQuery = 15
    MSSentinel_Legacy = 16
    MSSentinel_KQLM = 16
    Kusto_Legacy = 17
    Kusto_KQLM = 17
    VelociraptorLogs = 18
    Velociraptor = 18
    M365DGraph = 20
    Prismacloud = 21
    OpenObserve = 22
    MSSentinelSearch = 25

    @classmethod
    def parse(cls, value: str | int | DataEnvironment) -> DataEnvironment:
        """
        Return the member for an exact name or a value.

        Returns
        -------
        DataEnvironment
            The member, or ``Unknown`` for an unknown name.

        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            return cls.__members__.get(value, cls.Unknown)
        if isinstance(value, int):
            return cls(value)
        return cls.Unknown


class QueryParamProvider(ABC):
    """An object that supplies query parameter values (``query_params``)."""

    @property
    @abstractmethod
    def query_params(self) -> dict[str, Any]:
        """Return parameter name -> value."""
        return {}


class Formatters:
    """Keys of a driver's ``formatters`` dictionary."""

    DATETIME = "datetime"
    LIST = "list"
    PARAM_HANDLER = "custom_param_handler"
    #: This build: the language whose literal rules escape the values
    #: (``"kql"``, ``"sql"`` or ``"raw"``); KQL when absent.
    LANGUAGE = "query_language"
