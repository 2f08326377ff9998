"""
CrowdSec CTI provider (msticpy 3.x ``tiproviders.crowdsec``).

Looks up an IPv4 or IPv6 address with the CTI "smoke" API (``/v2/smoke/<ip>``, key in the
``x-api-key`` header). Severity follows the overall total score (0-5): up to 2 ->
information, 3 -> warning, above 3 -> high.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION


class CrowdSec(HttpTIProvider):
    """CrowdSec CTI Smoke Lookup."""

    _BASE_URL: ClassVar[str] = "https://cti.api.crowdsec.net"

    _QUERIES: ClassVar[dict[str, APILookupParams]] = {
        "ipv4": APILookupParams(
            path="/v2/smoke/{observable}",
            headers={
                "x-api-key": "{AuthKey}",
                "User-Agent": "crowdsec-msticpy-tiprovider/v1.0.0",
            },
        ),
    }
    _QUERIES["ipv6"] = _QUERIES["ipv4"]

    MEDIUM_SEVERITY: ClassVar[int] = 2
    HIGH_SEVERITY: ClassVar[int] = 3

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read a CrowdSec smoke answer.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, severity by overall score, and the background noise score, overall
            score, first/last seen times, attack labels and behaviour names (the last two
            comma-joined). An unusable answer gives False and its ``message``.

        Raises
        ------
        KeyError, TypeError
            If a field the answer must have is missing or of another JSON type (as
            msticpy; a batch look-up turns this into a row with ``Status`` 10).

        """
        raw = response["RawResult"]
        if self._failed_response(response):
            return False, ResultSeverity.information, raw["message"]
        total = raw["scores"]["overall"]["total"]
        if total <= self.MEDIUM_SEVERITY:
            severity = ResultSeverity.information
        elif total <= self.HIGH_SEVERITY:
            severity = ResultSeverity.warning
        else:
            severity = ResultSeverity.high
        details = {
            "Background Noise": raw["background_noise_score"],
            "Overall Score": total,
            "First Seen": raw["history"]["first_seen"],
            "Last Seen": raw["history"]["last_seen"],
            "Attack Details": ",".join(item["label"] for item in raw["attack_details"]),
            "Behaviors": ",".join(item["name"] for item in raw["behaviors"]),
        }
        return True, severity, details
