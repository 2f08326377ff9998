"""
Base class of threat-intelligence providers (msticpy 3.x ``tiproviders.ti_provider_base``).

``TIProvider`` is the extension point for users' own providers: implement ``lookup_ioc``
(one observable -> a one-row DataFrame) and ``parse_results``, give ``_QUERIES`` keys for
the supported types, and add an instance with ``TILookup.add_provider``.

Result rows have msticpy's columns: ``Ioc, IocType, SafeIoc, QuerySubtype, Provider,
Result, Severity, Details, RawResult, Reference, Status``.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..._version import VERSION
from ..lookup_result import LookupStatus
from ..provider_base import PivotProvider, Provider
from .result_severity import LookupResult, ResultSeverity, TISeverity

if TYPE_CHECKING:
    import pandas as pd

__version__ = VERSION

#: Classic (msticpy 0.8.x/1.x) name of ``LookupStatus``.
TILookupStatus = LookupStatus

__all__ = [
    "LookupResult",
    "ResultSeverity",
    "TILookupStatus",
    "TIPivotProvider",
    "TIProvider",
    "TISeverity",
]


class TIProvider(Provider):
    """Abstract base class of threat-intelligence providers."""

    _QUERIES: ClassVar[dict[str, Any]] = {}

    def _check_item_type(
        self, item: str, item_type: str | None = None, query_subtype: str | None = None
    ) -> dict[str, Any]:
        """Return a TI result row for ``item`` (see ``_check_ioc_type``)."""
        return self._check_ioc_type(item, item_type, query_subtype)

    def _check_ioc_type(
        self, ioc: str, ioc_type: str | None = None, query_subtype: str | None = None
    ) -> dict[str, Any]:
        """
        Return a result row with the IoC type resolved and the value pre-processed.

        Parameters
        ----------
        ioc : str
            The observable.
        ioc_type : str, optional
            Its type (inferred when None).
        query_subtype : str, optional
            The query sub-type.

        Returns
        -------
        dict
            The row; ``Status`` is non-zero if the type is unsupported or the value
            failed its checks.

        """
        result = super()._check_item_type(ioc, ioc_type, query_subtype)
        result["Ioc"] = result.pop("Item")
        result["IocType"] = result.pop("ItemType")
        result["SafeIoc"] = result.pop("SanitizedValue")
        result["Severity"] = ResultSeverity.information.name
        return result

    def lookup_item(
        self, item: str, item_type: str | None = None, query_type: str | None = None
    ) -> pd.DataFrame:
        """Look up one value (calls ``lookup_ioc``)."""
        return self.lookup_ioc(ioc=item, ioc_type=item_type, query_type=query_type)

    @abstractmethod
    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read a provider's answer.

        Parameters
        ----------
        response : dict
            The result row, with the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Whether the observable was found, the severity and the details.

        """

    @abstractmethod
    def lookup_ioc(
        self, ioc: str, ioc_type: str | None = None, query_type: str | None = None
    ) -> pd.DataFrame:
        """
        Look up one observable.

        Parameters
        ----------
        ioc : str
            The observable.
        ioc_type : str, optional
            Its type (inferred when None).
        query_type : str, optional
            The query sub-type.

        Returns
        -------
        pd.DataFrame
            The result row(s).

        """

    def lookup_iocs(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up a collection of observables.

        Parameters
        ----------
        data : pd.DataFrame | Mapping[str, str] | Iterable[str]
            A DataFrame (with ``ioc_col``), a mapping of observable -> type, or observables.
        ioc_col : str, optional
            DataFrame column of the observables.
        ioc_type_col : str, optional
            DataFrame column of the types (inferred when None).
        query_type : str, optional
            The query sub-type.

        Returns
        -------
        pd.DataFrame
            One row per observable.

        """
        return self.lookup_items(
            data, item_col=ioc_col, item_type_col=ioc_type_col, query_type=query_type
        )

    async def lookup_iocs_async(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """Look up a collection of observables (coroutine form of ``lookup_iocs``)."""
        return await self._lookup_iocs_async_wrapper(data, ioc_col, ioc_type_col, query_type)

    async def _lookup_iocs_async_wrapper(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """Run ``lookup_iocs`` (for callers that await)."""
        return self.lookup_iocs(data, ioc_col, ioc_type_col, query_type)

    @property
    def ioc_query_defs(self) -> dict[str, Any]:
        """Return the query definitions, keyed by "type" or "type-subtype"."""
        return self._QUERIES

    @classmethod
    def usage(cls) -> None:
        """Print the provider's description and its IoC/query types."""
        print(f"{cls.__doc__} Supported query types:")
        for key in sorted(cls._QUERIES):
            ioc_type, _, sub_type = key.partition("-")
            if sub_type:
                print(f"\tioc_type={ioc_type}, query_type={sub_type}")
            else:
                print(f"\tioc_type={ioc_type}")

    @staticmethod
    def resolve_ioc_type(observable: str) -> str:
        """Return the IoC type of ``observable`` (``"unknown"`` if none fits)."""
        return TIProvider.resolve_item_type(observable)


class TIPivotProvider(PivotProvider):
    """A TI provider that registers pivot functions."""

    @abstractmethod
    def register_pivots(self, pivot_reg: Any, pivot: Any) -> None:
        """Register the provider's pivot functions."""
