"""
Pulsedive provider (msticpy 3.x ``tiproviders.pulsedive``): the ``TILookup`` provider.

Looks up IP addresses, domains, host names and URLs with Pulsedive's ``info.php``
(``indicator``, ``pretty`` and ``key`` query parameters). Severity follows the indicator's
``risk``: high -> high, medium -> warning, low -> information, none (or absent) -> unknown.

Deliberate differences from msticpy 3.0.2, whose provider cannot return a result:

- its query definition uses a ``{API_KEY}`` placeholder that nothing fills, so every
  msticpy look-up fails with ``KeyError('API_KEY')`` before a request is sent; here
  ``API_KEY`` is the configured ``AuthKey`` (the query definition is unchanged);
- its ``parse_results`` reads ``risk``, ``iid``, ``threats``... from the result row rather
  than from the answer, so every severity is unknown and every detail empty; here they
  are read from the answer (``RawResult``), with the same risk map and detail names;
- a ``critical`` risk (Pulsedive's top level, missing from msticpy's map, where it would
  raise ``KeyError``) is high, and any other unlisted risk unknown;
- an answer that is only an ``error`` message (no indicator id) is a miss with that
  message as its status.

msticpy's ``PDlookup`` explorer client (threat, explore and scan requests), ``PDEntityType``
and ``PDQuery`` live in ``pulsedive_explorer`` and are importable from here, as in msticpy.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .pulsedive_explorer import _QUERY_OBJECTS_MAPPINGS as _QUERY_OBJECTS_MAPPINGS
from .pulsedive_explorer import PDEntityType, PDlookup, PDQuery
from .pulsedive_explorer import _build_query_string as _build_query_string
from .result_severity import LookupResult, ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION

# The explorer names (and msticpy's private helpers _QUERY_OBJECTS_MAPPINGS and
# _build_query_string, re-exported above) stay importable from this module, as in msticpy.
__all__ = ["PDEntityType", "PDQuery", "PDlookup", "Pulsedive"]

_QUERY_DEF = APILookupParams(
    path="info.php",
    params={"indicator": "{observable}", "pretty": 1, "key": "{API_KEY}"},
)

# Risk levels msticpy's map leaves out.
_EXTRA_RISKS = {"critical": ResultSeverity.high}


class Pulsedive(HttpTIProvider):
    """Pulsedive TI Lookup."""

    _BASE_URL: ClassVar[str] = PDlookup.BASE_URL

    _QUERIES: ClassVar[dict[str, APILookupParams]] = dict.fromkeys(
        ("ipv4", "ipv6", "dns", "hostname", "url"), _QUERY_DEF
    )

    _REQUIRED_PARAMS: ClassVar[list[str]] = ["API_KEY"]
    _RISK_MAP: ClassVar[dict[str, ResultSeverity]] = {
        "high": ResultSeverity.high,
        "medium": ResultSeverity.warning,
        "low": ResultSeverity.information,
        "none": ResultSeverity.unknown,
    }

    def __init__(
        self,
        *,
        timeout: int | float | None = None,
        ApiID: str | None = None,
        AuthKey: str | None = None,
        Instance: str | None = None,
    ) -> None:
        """Initialise; URLs go into a query parameter, so they are percent-encoded."""
        super().__init__(timeout=timeout, ApiID=ApiID, AuthKey=AuthKey, Instance=Instance)
        self.require_url_encoding = True
        # The query definition names the key API_KEY (see the module notes).
        self._request_params["API_KEY"] = self._request_params["AuthKey"]

    def parse_results(self, response: dict[str, Any]) -> LookupResult:
        """
        Read a Pulsedive indicator answer.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        LookupResult
            Found, severity by risk, and the indicator id, threats, last-seen time,
            risk factors and comments.

        """
        raw = response["RawResult"]
        if self._failed_response(response) or not isinstance(raw, dict):
            return LookupResult(False, ResultSeverity.information, {"status": "Not found."})
        if "error" in raw and "iid" not in raw:
            return LookupResult(False, ResultSeverity.information, {"status": raw["error"]})
        risk = raw.get("risk", "none")
        severity = ResultSeverity.unknown
        if isinstance(risk, str):
            severity = self._RISK_MAP.get(risk, _EXTRA_RISKS.get(risk, ResultSeverity.unknown))
        details = {
            "indicator_id": raw.get("iid"),
            "threats": raw.get("threats", []),
            "last_seen": raw.get("stamp_seen", ""),
            "risk_factors": raw.get("riskfactors", {}),
            "comments": raw.get("comments", {}),
        }
        return LookupResult(True, severity, details)
