"""
HTTP threat-intelligence provider base (msticpy 3.x ``tiproviders.ti_http_provider``).

A batch look-up checks every observable, builds one request per valid observable and
sends them all through one ``http_transport.fetch_many`` call: the Rust client runs them
concurrently within the provider's rate limits. Every outcome is a row with a status:

- HTTP 2xx: ``Status`` 0, ``parse_results`` fills ``Result``, ``Severity``, ``Details``;
- HTTP error: ``Status`` is the HTTP code and ``Details`` explains it (as msticpy);
- no HTTP reply (connection refused, deadline, size cap): ``Status`` 3 (QUERY_FAILED) and
  ``Details`` the transport's error (credentials scrubbed) — msticpy raises here;
- an unsupported type or query: ``Status`` 1; a value failing its checks: ``Status`` 2,
  and no request is sent (msticpy sends such values as the text "None").

Successful rows are kept in the shared TTL cache (``msticpy.context.lookup_cache``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..._version import VERSION
from .. import lookup_cache
from ..http_provider import HttpProvider
from ..lookup_result import LookupStatus
from ..provider_base import generate_items
from .result_severity import ResultSeverity
from .ti_provider_base import TIProvider

if TYPE_CHECKING:
    import pandas as pd

    from ...common.http_transport import HttpReply

__version__ = VERSION

# Longest raw body text kept in RawResult when an answer is not JSON.
_MAX_RAW_TEXT = 4096


class HttpTIProvider(TIProvider, HttpProvider):
    """Base class of HTTP threat-intelligence providers."""

    def __init__(
        self,
        *,
        timeout: int | float | None = None,
        ApiID: str | None = None,
        AuthKey: str | None = None,
        Instance: str | None = None,
    ) -> None:
        """Initialise the provider (see ``HttpProvider``)."""
        HttpProvider.__init__(
            self, timeout=timeout, ApiID=ApiID, AuthKey=AuthKey, Instance=Instance
        )

    # -- one observable -----------------------------------------------------------------
    def lookup_ioc(
        self,
        ioc: str,
        ioc_type: str | None = None,
        query_type: str | None = None,
        *,
        provider_name: str | None = None,
        timeout: int | float | None = None,
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
        provider_name : str, optional
            Value of the ``Provider`` column (default: the class name).
        timeout : float, optional
            Deadline in seconds for this request (default: the provider's).

        Returns
        -------
        pd.DataFrame
            One result row.

        """
        import pandas as pd

        rows = self._lookup_batch([(ioc, ioc_type)], query_type, provider_name, timeout)
        return pd.DataFrame(rows)

    # -- many observables ---------------------------------------------------------------
    def lookup_items(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        item_col: str | None = None,
        item_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """Look up a collection of observables in one batch (see ``lookup_iocs``)."""
        import pandas as pd

        items = [(v, t) for v, t in generate_items(data, item_col, item_type_col) if v]
        if not items:
            return pd.DataFrame()
        rows = self._lookup_batch(items, query_type, None, None)
        return pd.DataFrame(rows, index=[0] * len(rows))

    def lookup_iocs(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up a collection of observables with one batch of concurrent requests.

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
            One row per observable, each with a ``Status``; never raises per observable.

        """
        return self.lookup_items(data, ioc_col, ioc_type_col, query_type)

    def _lookup_batch(
        self,
        items: list[tuple[Any, Any]],
        query_type: str | None,
        provider_name: str | None,
        timeout: float | None,
    ) -> list[dict[str, Any]]:
        """Return one result row per (observable, type), sending all requests at once."""
        name = provider_name or self.__class__.__name__
        rows: list[dict[str, Any]] = []
        pending: list[tuple[dict[str, Any], dict[str, Any], Any]] = []
        for ioc, ioc_type in items:
            row, request, key = self._prepare(ioc, ioc_type, query_type, name)
            rows.append(row)
            if request is not None:
                pending.append((row, request, key))
        if pending:
            replies = self._send([request for _, request, _ in pending], timeout)
            for (row, _, key), reply in zip(pending, replies, strict=True):
                self._reply_to_result(row, reply)
                lookup_cache.put(key, row)
        return rows

    def _prepare(
        self, ioc: Any, ioc_type: Any, query_type: str | None, name: str
    ) -> tuple[dict[str, Any], dict[str, Any] | None, Any]:
        """Return the row for one observable and, if it must be fetched, its request."""
        row = self._check_ioc_type(ioc, ioc_type, query_subtype=query_type)
        row["Provider"] = name
        if row["Status"] != LookupStatus.OK.value:
            return row, None, None
        key = lookup_cache.make_key(name, row["Ioc"], row["IocType"], query_type)
        cached = lookup_cache.get(key)
        if cached is not None:
            return cached, None, None
        try:
            request = self._request_fields(row["SafeIoc"], row["IocType"], query_type)
        except LookupError as err:
            row["Status"] = LookupStatus.NOT_SUPPORTED.value
            row["Details"] = str(err)
            return row, None, None
        except NotImplementedError as err:
            row["Status"] = LookupStatus.QUERY_FAILED.value
            row["Details"] = str(err)
            return row, None, None
        # The Reference is the URL without its query string: keys sent as parameters
        # (VirusTotal's apikey) must not reach the result frame.
        row["Reference"] = request["url"].split("?", 1)[0]
        return row, request, key

    def _send(self, requests: list[dict[str, Any]], timeout: float | None) -> list[HttpReply]:
        """Send ``requests`` (``HttpRequest`` fields) in one ``fetch_many`` call."""
        from ...common.http_transport import HttpRequest, fetch_many

        return fetch_many(
            [HttpRequest(**fields) for fields in requests],
            timeout=timeout if timeout is not None else self._timeout,
            secrets=self._secrets(),
            # TILookup.lookup_iocs(progress=True) sets this: one bar per provider.
            progress=self.name if getattr(self, "_show_progress", False) else False,
        )

    def _reply_to_result(self, result: dict[str, Any], reply: Any) -> dict[str, Any]:
        """
        Fill a result row from a transport reply.

        Parameters
        ----------
        result : dict
            The row from ``_check_ioc_type`` (with ``Reference`` set).
        reply : HttpReply
            Any object with ``status``, ``body``, ``error`` and ``json()``.

        Returns
        -------
        dict
            ``result``, updated.

        """
        if reply.status == 0 or (reply.error and not 200 <= reply.status < 300):
            result["Status"] = LookupStatus.QUERY_FAILED.value
            result["Result"] = False
            result["Details"] = reply.error or "No reply."
            result["RawResult"] = None
            return result
        result["Status"] = reply.status
        if not 200 <= reply.status < 300:
            result["RawResult"] = f"<Response [{reply.status} {_reason(reply.status)}]>"
            result["Result"] = False
            result["Details"] = self._response_message(reply.status)
            return result
        if reply.error:
            # A 2xx whose body was cut at the size cap: not a usable answer.
            result["Status"] = LookupStatus.QUERY_FAILED.value
            result["Result"] = False
            result["Details"] = reply.error
            result["RawResult"] = None
            return result
        parsed = reply.json()
        if parsed is None and reply.body.strip() != b"null":
            text = reply.body[:_MAX_RAW_TEXT].decode("utf-8", errors="replace")
            result["RawResult"] = f"The response could not be read as JSON: {text}"
            result["Result"] = False
            result["Details"] = {}
            severity: Any = ResultSeverity.information
        else:
            result["RawResult"] = parsed
            try:
                result["Result"], severity, result["Details"] = self.parse_results(result)
            except Exception as err:
                result["Status"] = LookupStatus.OTHER.value
                result["Result"] = False
                result["Details"] = f"Could not read the answer: {type(err).__name__}: {err}"
                result["Severity"] = ResultSeverity.unknown.name
                return result
        result["Severity"] = ResultSeverity.parse(severity).name
        result["Status"] = LookupStatus.OK.value
        return result


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
