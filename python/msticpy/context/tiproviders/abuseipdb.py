"""
AbuseIPDB provider (msticpy 3.x ``tiproviders.abuseipdb``).

Checks an IPv4 or IPv6 address with AbuseIPDB's ``/api/v2/check`` (key in the ``Key``
header). Severity follows the abuse confidence score (0-100): above 50 -> high, above 0 ->
warning, 0 -> information.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION


class AbuseIPDB(HttpTIProvider):
    """AbuseIPDB Lookup."""

    PROVIDER_NAME: ClassVar[str] = "AbuseIPDB"

    _BASE_URL: ClassVar[str] = "https://api.abuseipdb.com/"

    _QUERIES: ClassVar[dict[str, APILookupParams]] = {
        "ipv4": APILookupParams(
            path="api/v2/check",
            params={"ipAddress": "{observable}"},
            headers={"Key": "{AuthKey}", "Accept": "application/json"},
        ),
    }
    _QUERIES["ipv6"] = _QUERIES["ipv4"]

    HIGH_SEVERITY: ClassVar[int] = 50

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read an AbuseIPDB check answer.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, severity by abuse confidence score, and the country, usage type, ISP,
            domain, host names and last report time.

        Raises
        ------
        KeyError, TypeError, AttributeError
            If the answer has no ``data`` object or a non-numeric score (as msticpy; a
            batch look-up turns this into a row with ``Status`` 10).

        """
        raw = response["RawResult"]
        if self._failed_response(response) or not isinstance(raw, dict):
            return False, ResultSeverity.information, "Not found."
        data = raw["data"]
        details = {
            "countryCode": data.get("countryCode"),
            "usage": data.get("usageType"),
            "isp": data.get("isp"),
            "domain": data.get("domain"),
            "hostNames": data.get("hostnames"),
            "lastReportedAt": data.get("lastReportedAt"),
        }
        score = data.get("abuseConfidenceScore", 0)
        if score > self.HIGH_SEVERITY:
            severity = ResultSeverity.high
        elif score > 0:
            severity = ResultSeverity.warning
        else:
            severity = ResultSeverity.information
        return True, severity, details
