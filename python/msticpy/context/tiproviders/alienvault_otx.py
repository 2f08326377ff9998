"""
AlienVault OTX provider (msticpy 3.x ``tiproviders.alienvault_otx``).

Queries OTX's indicator API (``/api/v1/indicators/<section>/<value>/<view>``) with the
``X-OTX-API-KEY`` header. Severity follows the number of pulses (threat reports) that
mention the observable: none -> information, one -> warning, more -> high.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION


@dataclass
class _OTXParams(APILookupParams):
    """Query definition that always carries the OTX key header."""

    def __post_init__(self) -> None:
        self.headers = {"X-OTX-API-KEY": "{AuthKey}"}


def _otx(section: str, view: str = "general") -> _OTXParams:
    return _OTXParams(path=f"/api/v1/indicators/{section}/{{observable}}/{view}")


class OTX(HttpTIProvider):
    """AlientVault OTX Lookup."""

    _BASE_URL: ClassVar[str] = "https://otx.alienvault.com"
    _QUERIES: ClassVar[dict[str, Any]] = {
        "ipv4": _otx("IPv4"),
        "ipv6": _otx("IPv6"),
        "ipv4-passivedns": _otx("IPv4", "passive_dns"),
        "ipv6-passivedns": _otx("IPv6", "passive_dns"),
        "ipv4-geo": _otx("IPv4", "geo"),
        "ipv6-geo": _otx("IPv6", "geo"),
        "dns": _otx("domain"),
        "dns-passivedns": _otx("domain", "passive_dns"),
        "dns-geo": _otx("domain", "geo"),
        "hostname": _otx("hostname"),
        "file_hash": _otx("file"),
        "url": _otx("url"),
    }
    # The hash types share the file query.
    for _hash_type in ("md5_hash", "sha1_hash", "sha256_hash"):
        _QUERIES[_hash_type] = _QUERIES["file_hash"]
    del _hash_type

    _REQUIRED_PARAMS: ClassVar[list[str]] = ["AuthKey"]

    def __init__(
        self,
        *,
        timeout: int | float | None = None,
        ApiID: str | None = None,
        AuthKey: str | None = None,
    ) -> None:
        """Initialise; URLs go into the request path, so they are percent-encoded."""
        super().__init__(timeout=timeout, ApiID=ApiID, AuthKey=AuthKey)
        self.require_url_encoding = True

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read an OTX answer.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, severity by pulse count, and the pulse names, tags and references
            (or the available sections when no pulse mentions the observable).

        """
        raw = response["RawResult"]
        if self._failed_response(response) or not isinstance(raw, dict):
            return False, ResultSeverity.information, "Not found."
        if "pulse_info" not in raw:
            return True, ResultSeverity.information, {}
        pulses = raw["pulse_info"].get("pulses", {})
        if not pulses:
            return (
                True,
                ResultSeverity.information,
                {"pulse_count": len(pulses), "sections_available": raw["sections"]},
            )
        severity = ResultSeverity.warning if len(pulses) == 1 else ResultSeverity.high
        return (
            True,
            severity,
            {
                "pulse_count": len(pulses),
                "names": [pulse.get("name") for pulse in pulses],
                "tags": [pulse.get("tags") for pulse in pulses],
                "references": [pulse.get("references") for pulse in pulses],
            },
        )
