"""
IPQualityScore provider (msticpy 3.x ``tiproviders.ip_quality_score``).

Scores an IPv4 address with IPQualityScore's proxy/VPN detection API
(``/api/json/ip/<key>/<ip>``: the key is part of the path). Severity follows the fraud
score (0-100): above 50 and below 80 -> warning, 80 and above -> high, else information.

Deliberate difference: msticpy's ``Reference`` column is the request URL, key included;
here the key is replaced by ``[REDACTED]`` in ``Reference`` (the request itself is the
same, and transport errors are scrubbed as for every provider). As in msticpy, the
``Region`` detail holds the answer's ``city`` and ``City`` its ``region``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION

_REDACTED = "[REDACTED]"

# Detail name -> field of the answer, in msticpy's order (Region/City swapped as there).
_DETAIL_FIELDS = {
    "FraudScore": "fraud_score",
    "ISP": "ISP",
    "ASN": "ASN",
    "CountryOrRegion": "country_code",
    "Region": "city",
    "City": "region",
    "Organization": "organization",
    "Latitude": "latitude",
    "Longitude": "longitude",
    "IsMobile": "mobile",
    "IsProxy": "proxy",
    "IsTor": "active_tor",
    "IsVPN": "active_vpn",
    "IsBot": "bot_status",
    "AbuseStatus": "recent_abuse",
}


class IPQualityScore(HttpTIProvider):
    """IP Quality Score Lookup."""

    _BASE_URL: ClassVar[str] = "https://www.ipqualityscore.com/api/json"

    _QUERIES: ClassVar[dict[str, APILookupParams]] = {
        "ipv4": APILookupParams(path="/ip/{AuthKey}/{observable}"),
    }

    _REQUIRED_PARAMS: ClassVar[list[str]] = ["AuthKey"]

    MEDIUM_SEVERITY: ClassVar[int] = 50
    HIGH_SEVERITY: ClassVar[int] = 80

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read an IPQualityScore answer.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, severity by fraud score, and the score, network, location and
            proxy/VPN/Tor/bot/abuse flags.

        Raises
        ------
        KeyError, TypeError
            If the answer has no numeric ``fraud_score`` (an error answer such as
            ``{"success": false, "message": ...}``), as msticpy; a batch look-up turns this
            into a row with ``Status`` 10.

        """
        raw = response["RawResult"]
        if self._failed_response(response) or not isinstance(raw, dict):
            return False, ResultSeverity.information, "Not found."
        details = {name: raw.get(source) for name, source in _DETAIL_FIELDS.items()}
        score = raw["fraud_score"]
        severity = ResultSeverity.information
        if self.MEDIUM_SEVERITY < score < self.HIGH_SEVERITY:
            severity = ResultSeverity.warning
        elif score >= self.HIGH_SEVERITY:
            severity = ResultSeverity.high
        return True, severity, details

    def _prepare(
        self, ioc: Any, ioc_type: Any, query_type: str | None, name: str
    ) -> tuple[dict[str, Any], dict[str, Any] | None, Any]:
        """Prepare the row and request as the base class, keeping the key out of Reference."""
        row, request, key = super()._prepare(ioc, ioc_type, query_type, name)
        auth_key = self._request_params.get("AuthKey")
        reference = row.get("Reference")
        if auth_key and isinstance(reference, str):
            # Only the path segment that holds the key: other text stays as it is.
            base, _, tail = reference.partition(f"/ip/{auth_key}/")
            if tail:
                row["Reference"] = f"{base}/ip/{_REDACTED}/{tail}"
        return row, request, key
