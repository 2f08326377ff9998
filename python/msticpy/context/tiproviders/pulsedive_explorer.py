"""
Pulsedive explorer client (msticpy 3.x ``tiproviders.pulsedive.PDlookup`` and helpers).

``PDlookup`` asks Pulsedive's API directly (outside ``TILookup``) for an indicator
(``info.php?indicator=``), a threat (``info.php?threat=``), an explore query
(``explore.php?q=``) or a live scan (``POST analyze.php``, then polling ``analyze.php?qid=``
until it is no longer ``processing``), and returns the answer flattened into a DataFrame
(``pandas.json_normalize``). ``msticpy.context.tiproviders.pulsedive`` re-exports these names.

Deliberate differences from msticpy 3.0.2: requests go through the Rust transport
(``msticpy.common.http_transport``); no reply at all (refused, deadline) raises
``MsticpyConnectionError`` with the transport's reason (msticpy: ``httpx`` exceptions); the
key is scrubbed from every error message, including the server's text in the
``ValueError`` for an error status; scan polling stops after ``PDlookup.POLL_TIMEOUT``
seconds with ``MsticpyConnectionError`` (msticpy polls until the server stops answering
``processing``).
"""

from __future__ import annotations

import time
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple
from urllib.parse import urlencode

from ..._version import VERSION
from ...common.exceptions import MsticpyConnectionError
from ...common.utility.package import mp_ua_header

if TYPE_CHECKING:
    import pandas as pd

    from ...common.http_transport import HttpReply

__version__ = VERSION

# Entity type -> {query parameter name: what it carries}; the first key is the parameter.
_QUERY_OBJECTS_MAPPINGS: dict[str, dict[str, str]] = {
    "indicator": {"indicator": "observable"},
    "threat": {"threat": "observable"},
    "explore": {"q": "query"},
    "scan": {"scan": "observable"},
}


class PDQuery(NamedTuple):
    """One Pulsedive request: the query parameter name and its value."""

    query_type: str
    data: str


class PDEntityType(Enum):
    """What a ``PDlookup`` request asks for: an indicator, a threat, a search or a scan."""

    INDICATOR = "indicator"
    THREAT = "threat"
    EXPLORE = "explore"
    SCAN = "scan"


class PDlookup:
    """Client for Pulsedive's indicator, threat, explore and scan requests."""

    BASE_URL = "https://pulsedive.com/api/"
    #: Longest time (seconds) a scan is polled for before giving up.
    POLL_TIMEOUT: ClassVar[float] = 120.0
    #: Pause between two polls of a running scan (seconds).
    POLL_INTERVAL: ClassVar[float] = 0.5

    _SUPPORTED_PD_TYPES: ClassVar[set[PDEntityType]] = set(PDEntityType)

    def __init__(self, pd_key: str | None = None) -> None:
        """
        Keep the API key.

        Parameters
        ----------
        pd_key : str, optional
            Pulsedive API key (default: ``TIProviders.Pulsedive.Args.AuthKey`` from
            msticpyconfig, if configured).

        """
        self.pd_key: str | None = pd_key or self._get_pd_api_key()

    def __repr__(self) -> str:
        """Return the class name and base URL (never the key)."""
        return f"{type(self).__name__}(base_url={self.BASE_URL!r})"

    def lookup_ioc(self, observable: str, pd_type: str = "indicator") -> pd.DataFrame:
        """
        Look up an observable, or run a threat, explore or scan request.

        Parameters
        ----------
        observable : str
            The indicator (or threat name, or explore query string).
        pd_type : str
            "indicator" (default), "threat", "explore" or "scan"; anything else is
            treated as "indicator", as in msticpy.

        Returns
        -------
        pd.DataFrame
            The answer, flattened.

        Raises
        ------
        ValueError
            If ``observable`` is empty or the server answers with an error status.
        MsticpyConnectionError
            If no answer arrives (or a scan does not finish in ``POLL_TIMEOUT``).

        """
        if pd_type == PDEntityType.THREAT.value:
            return self.lookup_threat(observable=observable)
        if pd_type == PDEntityType.EXPLORE.value:
            return self.explore(query=observable)
        if pd_type == PDEntityType.SCAN.value:
            return self.scan(observable=observable)
        return self._make_pd_request(
            _build_query_string(observable, pd_type=PDEntityType.INDICATOR.value)
        )

    def lookup_threat(self, observable: str) -> pd.DataFrame:
        """Look up a threat by name (see ``lookup_ioc``)."""
        return self._make_pd_request(
            _build_query_string(observable, pd_type=PDEntityType.THREAT.value)
        )

    def explore(self, query: str) -> pd.DataFrame:
        """Run a Pulsedive explore query (https://pulsedive.com/explore/; see ``lookup_ioc``)."""
        return self._make_pd_request(_build_query_string(query, pd_type=PDEntityType.EXPLORE.value))

    def scan(self, observable: str) -> pd.DataFrame:
        """Scan an observable and wait for the result (see ``lookup_ioc``)."""
        return self._make_pd_request(
            _build_query_string(observable, pd_type=PDEntityType.SCAN.value)
        )

    def _check_valid_type(self, pd_type: str) -> None:
        """Raise ValueError unless ``pd_type`` is a known entity type."""
        if pd_type not in _QUERY_OBJECTS_MAPPINGS:
            raise ValueError(
                f"Invalid pd_type: {pd_type}. "
                f"Should be one of: {', '.join(_QUERY_OBJECTS_MAPPINGS)}"
            )

    def _make_pd_request(self, pd_query: PDQuery) -> pd.DataFrame:
        """Send one request (a scan: submit, then poll) and flatten the answer."""
        from pandas import json_normalize

        if pd_query.query_type == "scan":
            form = {"value": pd_query.data, "probe": 1, **self._get_default_params()}
            reply = self._fetch(
                f"{self.BASE_URL}analyze.php",
                method="POST",
                body=urlencode(form).encode("utf-8"),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            return self._poll_for_results(self._answer(reply))
        page = "explore.php" if pd_query.query_type == "q" else "info.php"
        params = {**self._get_default_params(), pd_query.query_type: pd_query.data}
        answer = self._answer(self._fetch(f"{self.BASE_URL}{page}?{urlencode(params)}"))
        if pd_query.query_type == "q":
            answer = answer["results"]
        return json_normalize(answer)

    def _get_default_params(self) -> dict[str, Any]:
        """Return the parameters every request carries."""
        return {"pretty": 1, "key": self.pd_key}

    def _poll_for_results(self, submitted: Any) -> pd.DataFrame:
        """Poll a submitted scan until it is no longer processing; flatten its data."""
        from pandas import json_normalize

        params = {"qid": submitted["qid"], **self._get_default_params()}
        url = f"{self.BASE_URL}analyze.php?{urlencode(params)}"
        give_up = time.monotonic() + self.POLL_TIMEOUT
        answer = self._answer(self._fetch(url))
        while answer["status"] == "processing":
            if time.monotonic() + self.POLL_INTERVAL > give_up:
                raise MsticpyConnectionError(
                    f"The Pulsedive scan did not finish within {self.POLL_TIMEOUT} s.",
                    title="Pulsedive scan timed out",
                )
            time.sleep(self.POLL_INTERVAL)
            answer = self._answer(self._fetch(url))
        return json_normalize(answer["data"])

    def _fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> HttpReply:
        """Send one request through the transport, scrubbing the key from errors."""
        from ...common.http_transport import HttpRequest, fetch

        request = HttpRequest(
            url=url,
            method=method,
            headers={**(headers or {}), **mp_ua_header()},
            body=body,
            group="Pulsedive",
        )
        return fetch(request, secrets=self._secrets())

    def _answer(self, reply: HttpReply) -> Any:
        """Return the decoded answer of a successful reply; raise for anything else."""
        if reply.status == 0:
            raise MsticpyConnectionError(
                f"No answer from Pulsedive: {reply.error}", title="Pulsedive request failed"
            )
        if not 200 <= reply.status < 300 or reply.error:
            text = reply.body[:2048].decode("utf-8", errors="replace")
            raise ValueError(
                self._scrub(
                    f"API request failed with status code {reply.status} and message {text}"
                )
            )
        answer = reply.json()
        if answer is None:
            raise ValueError("The Pulsedive answer is not JSON.")
        return answer

    def _secrets(self) -> list[str]:
        return [self.pd_key] if self.pd_key else []

    def _scrub(self, text: str) -> str:
        for secret in self._secrets():
            text = text.replace(secret, "[REDACTED]")
        return text

    def _get_pd_api_key(self) -> str | None:
        """Return the Pulsedive key of the ``TIProviders`` settings, if any."""
        from ...common.provider_settings import get_provider_settings

        settings = get_provider_settings("TIProviders").get("Pulsedive")
        if settings and "AuthKey" in settings.args:
            return settings.args["AuthKey"]
        return None


def _build_query_string(data: str, pd_type: str) -> PDQuery:
    """
    Return the request for ``data`` as entity type ``pd_type``.

    Raises
    ------
    KeyError
        If ``pd_type`` is not a known entity type (as msticpy).
    ValueError
        If ``data`` is empty.

    """
    query_items = _QUERY_OBJECTS_MAPPINGS[pd_type]
    if not data:
        raise ValueError("data is empty.")
    return PDQuery(next(iter(query_items)), data)
