"""
KQL threat-intelligence provider base (msticpy 3.x ``tiproviders.kql_base``).

A ``KqlTIProvider`` answers look-ups by running queries of the built-in query library
through a ``QueryProvider`` (Log Analytics / Microsoft Sentinel, or any driver). Its
``_QUERIES`` map an IoC type to ``(query name, {"ioc": parameter name})``. A batch runs
one query per IoC type with all the observables of that type, then joins the rows the
query returns to the observables by their lower-case value (the query's ``IoC``
column): an observable with no row is "Not found." with ``Status`` 0, as in msticpy.

Deliberate differences from msticpy: a failure to connect, a query missing from the
query provider, a query that raises, or an answer that cannot be joined gives rows with
``Status`` 3 (QUERY_FAILED) and the reason in ``Details`` (msticpy raises); a
``QueryProvider`` given without ``connect_str`` needs the workspace configuration only
when it has to connect (msticpy reads it at once); observables keep their first-seen
order (msticpy groups them in sets); ``lookup_items`` (the ``TILookup`` path) runs the
same one-query-per-type batch (msticpy runs one query per observable there).
"""

from __future__ import annotations

import abc
import logging
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..._version import VERSION
from ...common.exceptions import MsticpyConfigError
from ..lookup_result import LookupStatus
from ..provider_base import generate_items
from .result_severity import ResultSeverity
from .ti_provider_base import TIProvider

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

    from ...data.core.data_providers import QueryProvider

__version__ = VERSION

logger = logging.getLogger(__name__)

# Longest exception text kept in a failure row's Details.
_MAX_ERROR_TEXT = 500


class KqlTIProvider(TIProvider):
    """KQL TI provider base class."""

    _QUERIES: ClassVar[dict[str, Any]] = {}
    _CONNECT_STR: ClassVar[str] = (
        "loganalytics://code().tenant('{TENANT_ID}').workspace('{WORKSPACE_ID}')"
    )
    _REQUIRED_TABLES: ClassVar[list[str]] = []

    def __init__(
        self,
        query_provider: QueryProvider | None = None,
        connect_str: str | None = None,
        **kwargs: str,
    ) -> None:
        """
        Use a query provider, or create a Log Analytics one from the settings.

        Parameters
        ----------
        query_provider : QueryProvider, optional
            The provider whose ``ThreatIntelligence`` queries are run.
        connect_str : str, optional
            Connection string used if ``query_provider`` is not connected (default:
            the workspace configuration's device-code string).
        **kwargs
            Without ``query_provider``: ``workspace_id``/``WorkspaceID`` and
            ``tenant_id``/``TenantID``, or ``workspace`` (entry name) and
            ``config_file``, to build the connection string.

        Raises
        ------
        MsticpyConfigError
            If no query provider could be created.

        """
        super().__init__()
        from ...data.core.data_providers import QueryProvider

        self._connect_str: str | None
        if isinstance(query_provider, QueryProvider):
            self._query_provider = query_provider
            self._connect_str = connect_str
        else:
            self._query_provider, self._connect_str = self._create_query_provider(**kwargs)
        if not self._query_provider:
            raise MsticpyConfigError("Query provider for KQL could not be created.")

    def __repr__(self) -> str:
        """Return the class name and the query provider's environment."""
        environment = getattr(self._query_provider, "environment", None)
        return f"{type(self).__name__}(environment={environment!r})"

    @property
    def _connected(self) -> bool:
        return bool(self._query_provider.connected)

    # -- look-ups --------------------------------------------------------------------
    def lookup_ioc(
        self, ioc: str, ioc_type: str | None = None, query_type: str | None = None
    ) -> pd.DataFrame:
        """
        Look up one observable (a batch of one; see ``lookup_iocs``).

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
            One row per matching indicator (one "Not found." row if none).

        """
        return self.lookup_iocs(data={ioc: ioc_type}, query_type=query_type)

    def lookup_items(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        item_col: str | None = None,
        item_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """Look up a collection of observables, one query per IoC type (``lookup_iocs``)."""
        return self.lookup_iocs(data, item_col, item_type_col, query_type)

    def lookup_iocs(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up a collection of observables with one query per IoC type.

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
            ``Ioc, IocType, QuerySubtype, Reference`` (the query text), ``Result,
            Status, Severity, Details, RawResult``: a row per matching indicator, one
            "Not found." row per observable without one; types with no query are left
            out (with a warning, as msticpy); empty if the workspace lacks a required
            table.

        """
        import pandas as pd

        groups = self._group_iocs(data, ioc_col, ioc_type_col, query_type)
        if not groups:
            return pd.DataFrame()
        connect_error = self._ensure_connected()
        schema = {} if connect_error else self._query_provider.schema
        if schema and any(table not in schema for table in self._REQUIRED_TABLES):
            logger.error("Required tables not found in schema: %s", self._REQUIRED_TABLES)
            return pd.DataFrame()

        frames: list[pd.DataFrame] = []
        for ioc_type, iocs in groups.items():
            frame = self._lookup_type(ioc_type, iocs, query_type, connect_error)
            if frame is not None:
                frames.append(frame)
        if not frames:
            logger.info("No results found in data for any iocs.")
            return pd.DataFrame()
        return pd.concat(frames, ignore_index=True, sort=False, axis=0)

    def _group_iocs(
        self, data: Any, ioc_col: str | None, ioc_type_col: str | None, query_type: str | None
    ) -> dict[str, list[str]]:
        """Return the observables to query, by IoC type (unsupported types dropped)."""
        groups: dict[str, dict[str, None]] = {}
        for ioc, ioc_type in generate_items(data, ioc_col, ioc_type_col):
            if not ioc:
                continue
            result = self._check_ioc_type(ioc, ioc_type, query_type)
            # As msticpy, values failing their format checks are still queried: the
            # query only matches stored indicators.
            if result["Status"] != LookupStatus.NOT_SUPPORTED.value:
                groups.setdefault(result["IocType"], {})[result["Ioc"]] = None
        return {ioc_type: list(iocs) for ioc_type, iocs in groups.items()}

    def _ensure_connected(self) -> str | None:
        """Connect the query provider if needed; return why it failed (None if fine)."""
        if self._connected:
            return None
        try:
            self._connect()
        except Exception as err:  # every failure becomes rows with a status
            logger.warning("Could not connect the TI query provider: %s", type(err).__name__)
            return f"Could not connect to the data provider ({type(err).__name__})."
        return None

    def _connect(self) -> None:
        """Connect the query provider (the workspace configuration gives the string)."""
        if not self._connect_str:
            from ...common.wsconfig import WorkspaceConfig

            self._connect_str = WorkspaceConfig().code_connect_str
        logger.info("MS Sentinel TI query provider needs authenticated connection.")
        self._query_provider.connect(self._connect_str)

    def _lookup_type(
        self,
        ioc_type: str,
        iocs: list[str],
        query_type: str | None,
        connect_error: str | None,
    ) -> pd.DataFrame | None:
        """Run the query for one IoC type; None if the provider has no query for it."""
        import pandas as pd

        src_ioc_frame = pd.DataFrame(iocs, columns=["Ioc"])
        src_ioc_frame["IocType"] = ioc_type
        src_ioc_frame["QuerySubtype"] = query_type
        try:
            query_obj, query_params = self._get_query_and_params(
                ioc=iocs, ioc_type=ioc_type, query_type=query_type
            )
        except LookupError:
            logger.info("No query found for %s", ioc_type)
            warnings.warn(f"Could not find query for {ioc_type}, {query_type}", stacklevel=3)
            return None
        except ValueError as err:
            return self._failed_frame(src_ioc_frame, None, str(err))
        if connect_error:
            return self._failed_frame(src_ioc_frame, None, connect_error)
        try:
            reference = query_obj("print_query", **query_params)
            logger.info("Running query for %s", ioc_type)
            data_result = query_obj(**query_params)
        except Exception as err:  # a query failure is a status, not an exception
            return self._failed_frame(
                src_ioc_frame, None, f"Query failure: {type(err).__name__}: {err}"
            )
        src_ioc_frame["Reference"] = reference
        lookup_status = self._check_result_status(data_result)
        if lookup_status in (LookupStatus.QUERY_FAILED, LookupStatus.NO_DATA):
            self._add_failure_status(src_ioc_frame, lookup_status)
            return src_ioc_frame
        try:
            data_result = data_result.copy()
            data_result["Result"] = True
            data_result["Status"] = LookupStatus.OK.value
            data_result["Severity"] = self._get_severity(data_result)
            data_result["Details"] = self._get_detail_summary(data_result)
            data_result["RawResult"] = data_result.apply(lambda row: row.to_dict(), axis=1)
            return self._combine_results(
                input_df=src_ioc_frame, results_df=data_result, result_ioc_key="IoC"
            )
        except Exception as err:  # e.g. an answer without the IoC column
            return self._failed_frame(
                src_ioc_frame, reference, f"Could not read the answer: {type(err).__name__}: {err}"
            )

    @staticmethod
    def _failed_frame(frame: pd.DataFrame, reference: str | None, reason: str) -> pd.DataFrame:
        """Fill ``frame`` with QUERY_FAILED rows that give ``reason``."""
        frame["Reference"] = reference
        frame["Result"] = False
        frame["Details"] = reason[:_MAX_ERROR_TEXT]
        frame["Status"] = LookupStatus.QUERY_FAILED.value
        frame["Severity"] = ResultSeverity.information.name
        return frame

    @staticmethod
    def _add_failure_status(src_ioc_frame: pd.DataFrame, lookup_status: LookupStatus) -> None:
        """Mark every observable of a query that returned nothing (or failed)."""
        src_ioc_frame["Result"] = False
        src_ioc_frame["Details"] = (
            "Query failure" if lookup_status == LookupStatus.QUERY_FAILED else "Not found"
        )
        src_ioc_frame["Status"] = lookup_status.value
        src_ioc_frame["Severity"] = ResultSeverity.information.name

    @staticmethod
    def _check_result_status(data_result: Any) -> LookupStatus:
        """
        Return the status of a query answer.

        A DataFrame is OK, or NO_DATA when empty; a legacy result object (with
        ``completion_query_info`` and ``records_count``) is NO_DATA when it completed
        with no records; anything else (None from a failed query...) is QUERY_FAILED.
        """
        import pandas as pd

        if isinstance(data_result, pd.DataFrame):
            return LookupStatus.NO_DATA if data_result.empty else LookupStatus.OK
        if hasattr(data_result, "completion_query_info") and hasattr(data_result, "records_count"):
            if (
                data_result.completion_query_info.get("StatusCode") == 0
                and data_result.records_count == 0
            ):
                return LookupStatus.NO_DATA
            return LookupStatus.QUERY_FAILED
        logger.warning("Unknown response type from provider: %s", type(data_result))
        return LookupStatus.QUERY_FAILED

    def _get_query_and_params(
        self,
        ioc: str | list[str],
        ioc_type: str,
        query_type: str | None = None,
        *,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
    ) -> tuple[Callable[..., Any], dict[str, Any]]:
        """
        Return the query function and its arguments for an IoC type.

        Raises
        ------
        LookupError
            If the provider has no query for the type (and sub-type).
        ValueError
            If the definition names no observable parameter, or the query provider
            has no such query.

        """
        ioc_key = f"{ioc_type}-{query_type}" if query_type else ioc_type
        query_def = self._QUERIES.get(ioc_key)
        if not query_def:
            raise LookupError(f"Provider does not support IoC type {ioc_key}.")
        query_name, def_params = query_def[0], query_def[1]
        if "ioc" not in def_params:
            raise ValueError(
                f"No parameter name defined for observable for {ioc_type}. "
                f"Referenced query: {query_name}"
            )
        query_params: dict[str, Any] = {def_params["ioc"]: ioc}
        if start:
            query_params["start"] = start
        if end:
            query_params["end"] = end
        query_obj = getattr(self._query_provider, query_name, None)
        if not query_obj:
            raise ValueError(f"No query object name for {query_name} found in provider.")
        return query_obj, query_params

    @staticmethod
    def _series_to_list(series: pd.Series) -> list[Any]:
        return list(series.dropna().unique())

    @staticmethod
    def _combine_results(
        input_df: pd.DataFrame, results_df: pd.DataFrame, result_ioc_key: str
    ) -> pd.DataFrame:
        """
        Join the query rows to the observables by lower-case value.

        Only ``result_ioc_key`` and the result columns of ``results_df`` are kept;
        observables without a row get ``Result`` False, ``Details`` "Not found.",
        ``Status`` 0 and severity 0 (information's value, as msticpy fills it).
        """
        keep = {result_ioc_key, "Result", "Status", "Severity", "Details", "RawResult"}
        results = results_df.drop(columns=[col for col in results_df.columns if col not in keep])
        results = results.rename(columns={result_ioc_key: "IoCKey"})
        combined = input_df.copy()
        combined["IoCKey"] = input_df["Ioc"].str.lower()
        combined = combined.merge(right=results, how="left", on="IoCKey").drop(columns="IoCKey")
        combined["Result"] = combined["Result"].fillna(value=False)
        combined["Details"] = combined["Details"].fillna("Not found.")
        combined["Status"] = combined["Status"].fillna(LookupStatus.OK.value)
        # object dtype first: pandas 3 refuses an int fill in a string column.
        combined["Severity"] = (
            combined["Severity"].astype(object).fillna(ResultSeverity.information.value)
        )
        return combined

    # -- provider creation -------------------------------------------------------------
    def _create_query_provider(self, **kwargs: str) -> tuple[QueryProvider, str]:
        """Create a Log Analytics query provider and its device-code connection string."""
        from ...common.wsconfig import WorkspaceConfig
        from ...data.core.data_providers import QueryProvider

        workspace_id = self._get_spelled_variants("workspaceid", **kwargs)
        tenant_id = self._get_spelled_variants("tenantid", **kwargs)
        if not workspace_id or not tenant_id:
            ws_config = WorkspaceConfig(
                config_file=kwargs.get("config_file"), workspace=kwargs.get("workspace")
            )
            workspace_id = ws_config["workspace_id"]
            tenant_id = ws_config["tenant_id"]
        connect_str = self._CONNECT_STR.format(TENANT_ID=tenant_id, WORKSPACE_ID=workspace_id)
        return QueryProvider("LogAnalytics"), connect_str

    @staticmethod
    def _get_spelled_variants(name: str, **kwargs: str) -> str | None:
        """Return the value of ``name`` under any of its spellings (case-insensitive)."""
        variants = {
            "workspaceid": ["workspace_id", "workspaceid"],
            "tenantid": ["tenant_id", "tenantid"],
        }.get(name, [name.casefold()])
        return next((val for key, val in kwargs.items() if key.casefold() in variants), None)

    # -- what subclasses define ----------------------------------------------------------
    @abc.abstractmethod
    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """Read one answer row (a Series) or several (a DataFrame)."""

    @staticmethod
    @abc.abstractmethod
    def _get_detail_summary(data_result: pd.DataFrame) -> pd.Series:
        """Return the ``Details`` of each answer row."""

    @staticmethod
    @abc.abstractmethod
    def _get_severity(data_result: pd.DataFrame) -> pd.Series:
        """Return the severity name of each answer row."""
