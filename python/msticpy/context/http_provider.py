"""
HTTP look-up provider base (msticpy 3.x ``context.http_provider``).

A subclass declares ``_BASE_URL``, its ``_QUERIES`` (``APILookupParams`` per observable
type, with ``{observable}``, ``{AuthKey}``, ``{ApiID}`` and ``{Instance}`` placeholders) and
``_REQUIRED_PARAMS``. This class turns one observable into one
``msticpy.common.http_transport.HttpRequest``; the TI subclass sends a whole batch through
one ``fetch_many`` call (Rust client: concurrency, rate limits, deadlines, retries).

Deliberate differences from msticpy (which uses an ``httpx.Client`` per provider):
query parameters are encoded into the request URL and form ``data`` into the body here;
``timeout`` is a total per-request deadline (seconds); API key values are passed to the
transport as secrets, so they are scrubbed from every error text.
"""

from __future__ import annotations

import base64
import contextlib
from abc import abstractmethod
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode

from .._version import VERSION
from ..common.exceptions import MsticpyConfigError
from ..common.utility.package import mp_ua_header
from .lookup_result import LookupStatus
from .provider_base import Provider

if TYPE_CHECKING:
    import pandas as pd

    from ..common.http_transport import HttpRequest

__version__ = VERSION


@dataclass
class APILookupParams:
    """How to query one observable type: path, verb, headers, parameters, auth."""

    path: str = field(default="")
    verb: str = field(default="GET")
    full_url: bool = field(default=False)
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str | float] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)
    auth_type: str = field(default="")
    auth_str: list[str] = field(default_factory=list)
    sub_type: str = field(default="")


class _SafeFormatDict(dict[str, Any]):
    """Substitution values; an unknown placeholder is a clear LookupError, not a KeyError."""

    def __missing__(self, key: str) -> str:
        raise LookupError(f"Query definition uses unknown placeholder {{{key}}}.")


class HttpProvider(Provider):
    """
    Base class of HTTP look-up providers.

    Subclasses set ``_BASE_URL``, ``_QUERIES`` (``APILookupParams`` keyed by "type" or
    "type-subtype") and ``_REQUIRED_PARAMS``, and call ``super().__init__(**kwargs)``.
    Extra checks for a type are added with ``self._preprocessors.add_check``.
    """

    _BASE_URL: ClassVar[str] = ""
    _QUERIES: ClassVar[dict[str, Any]] = {}
    _REQUIRED_PARAMS: ClassVar[list[str]] = []

    def __init__(
        self,
        *,
        timeout: int | float | None = None,
        ApiID: str | None = None,
        AuthKey: str | None = None,
        Instance: str | None = None,
    ) -> None:
        """
        Keep the credentials and timeout.

        Parameters
        ----------
        timeout : float, optional
            Total deadline per request in seconds (default: ``msticpy.http_timeout``).
        ApiID, AuthKey, Instance : str, optional
            Account values substituted into the query definitions.

        Raises
        ------
        MsticpyConfigError
            If ``timeout`` is not a positive number.

        """
        super().__init__()
        if isinstance(timeout, str):
            # msticpyconfig Args values arrive as text ("timeout: 20" -> "20").
            with contextlib.suppress(ValueError):
                timeout = float(timeout)
        if timeout is not None and (
            isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
        ):
            raise MsticpyConfigError(f"timeout must be a positive number, not {timeout!r}")
        self._timeout: float | None = float(timeout) if timeout is not None else None
        self._request_params: dict[str, Any] = {"ApiID": None, "AuthKey": None, "Instance": None}
        for key, value in (("ApiID", ApiID), ("AuthKey", AuthKey), ("Instance", Instance)):
            if value:
                self._request_params[key] = str(value).strip()
        # msticpy 3.0.2 checks _REQUIRED_PARAMS but then clears the list of missing ones,
        # so a provider without its key loads and its look-ups fail with 401/403. Kept:
        # a missing key must not stop TILookup from loading.

    def __repr__(self) -> str:
        """Return the class name and base URL (never the credentials)."""
        return f"{type(self).__name__}(base_url={self._BASE_URL!r})"

    @abstractmethod
    def lookup_item(
        self, item: str, item_type: str | None = None, query_type: str | None = None
    ) -> pd.DataFrame:
        """Look up one value (see ``Provider.lookup_item``)."""

    def set_rate_limits(
        self,
        *,
        per_minute: float | None = None,
        per_day: float | None = None,
        concurrency: int | None = None,
    ) -> None:
        """
        Limit this provider's requests (all instances of the class share the limits).

        Beyond msticpy: the Rust client spaces requests to stay within ``per_minute`` and
        ``per_day`` and keeps at most ``concurrency`` in flight, across calls. In
        msticpyconfig: ``Args: {RequestsPerMinute: 4, RequestsPerDay: 500}``.

        Raises
        ------
        ValueError
            A limit that is not a positive number.

        """
        from ..common.http_transport import set_group_limits

        set_group_limits(self.name, per_minute=per_minute, per_day=per_day, concurrency=concurrency)

    def _secrets(self) -> list[str]:
        """Return the credential values to scrub from error texts."""
        return [str(v) for k, v in self._request_params.items() if v and k != "Instance"]

    def _substitute_parms(
        self, value: str, value_type: str, query_type: str | None = None
    ) -> tuple[str, dict[str, Any]]:
        """
        Return the HTTP verb and request arguments for one observable.

        Parameters
        ----------
        value : str
            The (pre-processed) observable.
        value_type : str
            Its type.
        query_type : str, optional
            The query sub-type.

        Returns
        -------
        tuple[str, dict[str, Any]]
            Verb and a dict with ``url``, ``headers`` and, where defined, ``params``,
            ``data`` and ``auth`` (as msticpy builds for httpx).

        Raises
        ------
        LookupError
            If the provider has no query for the type/sub-type, or a query definition uses
            an unknown placeholder.
        NotImplementedError
            If the query asks for an authentication type other than HTTPBasic.

        """
        req_params = _SafeFormatDict({"observable": value})
        req_params.update(self._request_params)
        value_key = f"{value_type}-{query_type}" if query_type else value_type
        src: APILookupParams | None = self.item_query_defs.get(value_key)
        if not src:
            raise LookupError(f"Provider does not support this type {value_key}.")
        url_template = src.path if src.full_url else self._BASE_URL + src.path
        req_dict: dict[str, Any] = {
            "headers": {},
            "url": url_template.format_map(req_params),
        }
        if src.headers:
            req_dict["headers"] = {k: v.format_map(req_params) for k, v in src.headers.items()}
        if "User-Agent" not in req_dict["headers"]:
            req_dict["headers"].update(mp_ua_header())
        if src.params:
            req_dict["params"] = {
                k: v.format_map(req_params) if isinstance(v, str) else v
                for k, v in src.params.items()
            }
        if src.data:
            req_dict["data"] = {k: v.format_map(req_params) for k, v in src.data.items()}
        if src.auth_type and src.auth_str:
            if src.auth_type != "HTTPBasic":
                raise NotImplementedError(f"Unknown auth type {src.auth_type}")
            req_dict["auth"] = tuple(p.format_map(req_params) for p in src.auth_str)
        return src.verb, req_dict

    def _request_fields(
        self, value: str, value_type: str, query_type: str | None = None
    ) -> dict[str, Any]:
        """
        Return the ``HttpRequest`` fields for one observable.

        Returns
        -------
        dict
            ``url`` (query string included), ``method``, ``headers``, ``body``, ``group``.

        Raises
        ------
        LookupError, NotImplementedError
            As ``_substitute_parms``; also NotImplementedError for verbs other than
            GET and POST.

        """
        verb, req = self._substitute_parms(value, value_type, query_type)
        verb = verb.upper()
        if verb not in ("GET", "POST"):
            raise NotImplementedError(f"Unsupported verb {verb}")
        return {**request_parts(verb, req), "group": self.name}

    def _build_request(
        self, value: str, value_type: str, query_type: str | None = None
    ) -> HttpRequest:
        """Return the transport request for one observable (see ``_request_fields``)."""
        from ..common.http_transport import HttpRequest

        return HttpRequest(**self._request_fields(value, value_type, query_type))

    @staticmethod
    def _failed_response(response: dict[str, Any]) -> bool:
        """Return True if a result row holds no usable (dict) answer."""
        return (
            response["Status"] not in (200, LookupStatus.OK.value)
            or not response["RawResult"]
            or not isinstance(response["RawResult"], dict)
        )

    @staticmethod
    def _err_to_results(result: dict[str, Any], err: Exception) -> None:
        """Record an exception in a result row (type and message, no traceback)."""
        result["Details"] = err.args
        result["RawResult"] = f"{type(err).__name__}\n{err}"

    @staticmethod
    def _response_message(status_code: int) -> str:
        """Return the ``Details`` text for an HTTP error status."""
        if status_code == HTTPStatus.NOT_FOUND:
            return "Not found."
        if status_code == HTTPStatus.UNAUTHORIZED:
            return "Authorization failed. Check account and key details."
        if status_code == HTTPStatus.FORBIDDEN:
            return "Request forbidden. Allowed query rate may have been exceeded."
        try:
            return HTTPStatus(status_code).phrase
        except ValueError:
            return "Unknown HTTP status code."


def request_parts(verb: str, req: dict[str, Any]) -> dict[str, Any]:
    """
    Turn httpx-style request arguments into ``HttpRequest`` fields.

    Parameters
    ----------
    verb : str
        "GET" or "POST".
    req : dict
        ``url``, ``headers`` and optional ``params`` (query string), ``data`` (form
        body) and ``auth`` ((user, password) for HTTP Basic).

    Returns
    -------
    dict
        ``url``, ``method``, ``headers`` and ``body`` for ``HttpRequest``.

    """
    url: str = req["url"]
    headers = {str(k): str(v) for k, v in req.get("headers", {}).items()}
    if req.get("params"):
        query = urlencode({k: _param_text(v) for k, v in req["params"].items()})
        url = f"{url}{'&' if '?' in url else '?'}{query}"
    body: bytes | None = None
    if req.get("data"):
        body = urlencode(req["data"]).encode("utf-8")
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    if req.get("auth"):
        user, password = req["auth"][0], req["auth"][1] if len(req["auth"]) > 1 else ""
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    return {"url": url, "method": verb, "headers": headers, "body": body}


def _param_text(value: Any) -> str:
    """Render a query parameter as httpx does (booleans lower-case, None empty)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
