"""
Open PageRank provider (msticpy 3.x ``tiproviders.open_page_rank``).

Rates domains by their Open PageRank (``/api/v1.0/getPageRank``, key in the ``API-OPR``
header). A domain the service knows is information; one it does not know (status 404 in
its record) is a warning: unranked domains are often new or throw-away ones.

``lookup_iocs`` asks for up to 100 domains per request (``domains[0]=a&domains[1]=b...``,
as msticpy) and sends every batch in one transport call; each domain record becomes a
row. ``lookup_ioc``/``lookup_items`` (the ``TILookup`` path) send one request per domain,
also in one transport call.

Deliberate differences from msticpy: a batch that gets no HTTP reply, or a domain record
that cannot be read, is a row with a ``Status`` (msticpy raises); duplicate domains keep
their first-seen order (msticpy uses a set, so its batch order varies between runs).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from ..lookup_result import LookupStatus
from ..provider_base import generate_items
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider, _reason

if TYPE_CHECKING:
    import pandas as pd

__version__ = VERSION

_HTTP_OK = 200
_HTTP_NOT_FOUND = 404


class OPR(HttpTIProvider):
    """
    Open PageRank Lookup.

    See https://www.domcop.com/openpagerank/what-is-openpagerank
    """

    _BASE_URL: ClassVar[str] = "https://openpagerank.com"
    _QUERIES: ClassVar[dict[str, APILookupParams]] = {
        "dns": APILookupParams(
            path="/api/v1.0/getPageRank",
            params={"domains[0]": "{observable}"},
            headers={"API-OPR": "{AuthKey}"},
        ),
    }
    _REQUIRED_PARAMS: ClassVar[list[str]] = ["AuthKey"]
    #: Domains per request (the service's documented maximum).
    _BATCH_SIZE: ClassVar[int] = 100

    def __init__(
        self,
        *,
        timeout: int | float | None = None,
        ApiID: str | None = None,
        AuthKey: str | None = None,
    ) -> None:
        """Initialise the provider (see ``HttpProvider``)."""
        super().__init__(timeout=timeout, ApiID=ApiID, AuthKey=AuthKey)
        self._provider_name: str = self.__class__.__name__

    def lookup_iocs(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up domains, up to 100 per request, all requests in one transport call.

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
            One row per domain record answered, one per failed batch, then one per
            observable that was not looked up; empty if no observable was a valid domain
            (as msticpy).

        """
        import pandas as pd

        # A dict keeps the first-seen order while dropping duplicates.
        domains: dict[str, None] = {}
        not_sent: list[dict[str, Any]] = []
        for ioc, ioc_type in generate_items(data, ioc_col, ioc_type_col):
            if not ioc:
                continue
            row = self._check_ioc_type(ioc=ioc, ioc_type=ioc_type, query_subtype=query_type)
            if row["Status"] == LookupStatus.OK.value:
                domains[row["Ioc"]] = None
            else:
                not_sent.append(row)
        if not domains:
            return pd.DataFrame()
        rows = self._lookup_bulk_request(list(domains))
        return pd.DataFrame([pd.Series(row) for row in [*rows, *not_sent]])

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read an answer to a one-domain request.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            As ``_parse_one_record`` for the first domain record; ``(True, information,
            {})`` when the answer has no ``response`` list.

        Raises
        ------
        IndexError, TypeError, AttributeError
            If ``response`` is not a non-empty list of records (as msticpy; a batch
            look-up turns this into a row with ``Status`` 10).

        """
        raw = response["RawResult"]
        if self._failed_response(response) or not isinstance(raw, dict):
            return False, ResultSeverity.information, "Not found."
        if "response" in raw:
            return self._parse_one_record(raw["response"][0])
        return True, ResultSeverity.information, {}

    @staticmethod
    def _parse_one_record(dom_record: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """Rate one domain record by its ``status_code`` (absent: 404)."""
        record_status = dom_record.get("status_code", _HTTP_NOT_FOUND)
        if record_status == _HTTP_OK:
            return (
                True,
                ResultSeverity.information,
                {
                    "rank": dom_record.get("rank", "0"),
                    "page_rank": dom_record.get("page_rank_decimal", 0),
                    "error": dom_record.get("error", ""),
                },
            )
        if record_status == _HTTP_NOT_FOUND:
            return (
                True,
                ResultSeverity.warning,
                {"rank": dom_record.get("rank", "0"), "error": dom_record.get("error", "")},
            )
        return False, ResultSeverity.information, {}

    # -- batches ----------------------------------------------------------------------
    def _lookup_bulk_request(self, domains: list[str]) -> list[dict[str, Any]]:
        """Return the rows for ``domains``, asking for ``_BATCH_SIZE`` per request."""
        batches = [
            domains[start : start + self._BATCH_SIZE]
            for start in range(0, len(domains), self._BATCH_SIZE)
        ]
        requests = [self._batch_request(batch) for batch in batches]
        replies = self._send(requests, None)
        rows: list[dict[str, Any]] = []
        for batch, request, reply in zip(batches, requests, replies, strict=True):
            rows.extend(self._batch_rows(batch, request["url"], reply))
        return rows

    def _batch_request(self, batch: list[str]) -> dict[str, Any]:
        """Return the ``HttpRequest`` fields for one batch of domains."""
        # The query string is written out (not encoded), as msticpy sends it.
        query = "&".join(f"domains[{idx}]={domain}" for idx, domain in enumerate(batch))
        _, req = self._substitute_parms("dummy", "dns", None)
        return {
            "url": f"{self._BASE_URL}{self._QUERIES['dns'].path}?{query}",
            "method": "GET",
            "headers": req["headers"],
            "body": None,
            "group": self.name,
        }

    def _batch_rows(self, batch: list[str], req_url: str, reply: Any) -> list[dict[str, Any]]:
        """Turn the reply to one batch into rows (one per domain record, or one failure)."""
        joined = ",".join(batch)
        base = {"Ioc": joined, "IocType": "dns"}
        if reply.status == 0 or (reply.error and not 200 <= reply.status < 300):
            return [
                {
                    **base,
                    "Status": LookupStatus.QUERY_FAILED.value,
                    "Reference": req_url,
                    "RawResult": None,
                    "Result": False,
                    "Details": reply.error or "No reply.",
                }
            ]
        if not 200 <= reply.status < 300:
            return [
                {
                    **base,
                    "Status": reply.status,
                    "Reference": req_url,
                    "RawResult": f"<Response [{reply.status} {_reason(reply.status)}]>",
                    "Result": False,
                    "Details": "No response from provider.",
                }
            ]
        if reply.error:
            # A 2xx cut at the size cap is not a usable answer.
            return [
                {
                    **base,
                    "Status": LookupStatus.QUERY_FAILED.value,
                    "Reference": req_url,
                    "RawResult": None,
                    "Result": False,
                    "Details": reply.error,
                }
            ]
        try:
            raw = json.loads(reply.body)
        except json.JSONDecodeError as err:
            # msticpy reports the decoder's message, without a status.
            return [{**base, "Details": "\n".join(err.args)}]
        except ValueError as err:  # not UTF-8
            return [{**base, "Details": str(err)}]
        return list(
            self._parse_multi_results(
                {
                    **base,
                    "Status": LookupStatus.OK.value,
                    "Reference": f"{self._BASE_URL}{self._QUERIES['dns'].path}",
                    "RawResult": raw,
                }
            )
        )

    def _parse_multi_results(self, response: dict[str, Any]) -> Iterable[dict[str, Any]]:
        """Yield one row per domain record of a batch answer."""
        raw = response["RawResult"]
        if not isinstance(raw, dict):
            response.update(
                {
                    "Result": False,
                    "Severity": ResultSeverity.information.value,
                    "Details": "Not found",
                }
            )
            yield response
            return
        if "response" not in raw:
            # msticpy yields nothing for such an answer: its domains get no row.
            return
        records = raw["response"]
        # msticpy raises on a record list that is not a list of dicts; here such a
        # list (or record) is one row with Status 10.
        dom_records: list[Any] = records if isinstance(records, list) else [None]
        for dom_record in dom_records:
            try:
                found, severity, details = self._parse_one_record(dom_record)
                domain_name = dom_record["domain"]
            except (AttributeError, KeyError, TypeError) as err:
                yield {
                    "Ioc": response["Ioc"],
                    "IocType": "dns",
                    "Provider": self._provider_name,
                    "Status": LookupStatus.OTHER.value,
                    "Result": False,
                    "Severity": ResultSeverity.unknown.name,
                    "Details": f"Could not read a domain record: {type(err).__name__}",
                    "RawResult": dom_record if isinstance(records, list) else records,
                    "Reference": response["Reference"],
                }
                continue
            yield {
                "Ioc": domain_name,
                "IocType": "dns",
                "Provider": self._provider_name,
                "Result": found,
                "Severity": severity.name,
                "Details": details,
                "RawResult": dom_record,
                "Reference": f"{response['Reference']}?domains[0]={domain_name}",
            }
