"""
BinaryEdge provider (msticpy 3.x ``tiproviders.binaryedge``).

Queries BinaryEdge's host API (``/v2/query/ip/<address>``, key in the ``X-Key`` header)
for IPv4 and IPv6 addresses. The answer lists scan events per open port; the details
keep, per port, the service banner and certificate information when present, and the
list of ports. Every hit is information: open ports are not a verdict.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION


class BinaryEdge(HttpTIProvider):
    """BinaryEdge Lookup."""

    PROVIDER_NAME: ClassVar[str] = "BinaryEdge"
    _BASE_URL: ClassVar[str] = "https://api.binaryedge.io/"
    _QUERIES: ClassVar[dict[str, APILookupParams]] = {
        "ipv4": APILookupParams(path="v2/query/ip/{observable}", headers={"X-Key": "{AuthKey}"}),
    }
    # IPv6 addresses use the same host endpoint.
    _QUERIES["ipv6"] = _QUERIES["ipv4"]
    _REQUIRED_PARAMS: ClassVar[list[str]] = ["AuthKey"]

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read a BinaryEdge host answer.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, ``information``, and ``{"IP": query, <port>: {"Banner", "Cert Info"},
            "Ports": [ports]}``.

        Raises
        ------
        KeyError, TypeError
            If the answer lacks ``query``/``events`` or an event lacks ``port``/``results``
            (as msticpy; a batch look-up turns this into a row with ``Status`` 10).

        """
        raw = response["RawResult"]
        if self._failed_response(response) or not isinstance(raw, dict):
            return False, ResultSeverity.information, "Not found."
        events = raw["events"]
        details: dict[Any, Any] = {"IP": raw["query"]}
        ports: list[Any] = []
        for event in events:
            ports.append(event["port"])
            services: dict[str, Any] = {}
            for scan in event["results"]:
                data = scan["result"]["data"]
                # Later scans of the same port overwrite earlier ones, as msticpy.
                if "service" in data:
                    services["Banner"] = data["service"]["banner"]
                if "cert_info" in data:
                    services["Cert Info"] = data["cert_info"]
            details[event["port"]] = services
        details["Ports"] = ports
        return True, ResultSeverity.information, details
