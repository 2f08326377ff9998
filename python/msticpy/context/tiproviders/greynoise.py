"""
GreyNoise provider (msticpy 3.x ``tiproviders.greynoise``).

``ipv4`` uses the Community API (``/v3/community/<ip>``); the sub-types ``quick`` and
``full`` use the Enterprise ``/v2/noise/quick`` and ``/v2/noise/context`` look-ups. The key
goes in the ``key`` header. An address classified ``malicious`` is high, anything else is
information.

Deliberate difference: a quick look-up answer carries no ``classification`` (only the
noise/RIOT flags and a code), and msticpy's parser fails on it with ``KeyError`` for every
address; here a missing classification reads as not malicious (information).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION

_KEY_HEADER = {"key": "{AuthKey}"}


class GreyNoise(HttpTIProvider):
    """GreyNoise Lookup."""

    _BASE_URL: ClassVar[str] = "https://api.greynoise.io"

    _QUERIES: ClassVar[dict[str, APILookupParams]] = {
        "ipv4": APILookupParams(path="/v3/community/{observable}", headers=_KEY_HEADER),
        "ipv4-quick": APILookupParams(path="/v2/noise/quick/{observable}", headers=_KEY_HEADER),
        "ipv4-full": APILookupParams(path="/v2/noise/context/{observable}", headers=_KEY_HEADER),
    }

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read a GreyNoise answer.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, high if classified malicious (else information), and the key fields of
            a community or full (context) answer, or the whole quick answer.

        """
        raw = response["RawResult"]
        if self._failed_response(response) or not isinstance(raw, dict):
            return False, ResultSeverity.information, "Not found."
        details: dict[str, Any] = {}
        # The three APIs answer with different shapes; each is recognised by a field
        # only it has (community: "riot", context: "actor", quick: "code").
        if "riot" in raw:
            details.update(
                {
                    "Classification": raw.get("classification"),
                    "Name": raw.get("name"),
                    "Last Seen": raw.get("last_seen"),
                    "Message": raw.get("message"),
                    "Noise": raw.get("noise"),
                    "RIOT": raw.get("riot"),
                }
            )
        if "actor" in raw:
            details.update(
                {
                    "Classification": raw.get("classification"),
                    "First Seen": raw.get("first_seen"),
                    "Last Seen": raw.get("last_seen"),
                    "Actor": raw.get("actor"),
                    "Tags": raw.get("tags"),
                    "VPN": raw.get("vpn_service", False),
                    "Metadata": raw.get("metadata"),
                }
            )
        if "code" in raw:
            details = raw
        malicious = raw.get("classification") == "malicious"
        return True, ResultSeverity.high if malicious else ResultSeverity.information, details
