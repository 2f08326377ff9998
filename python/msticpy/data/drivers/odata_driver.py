"""
Shared OAuth2 + OData HTTP layer of the Defender and Graph drivers (msticpy's ``OData``).

An app registration (tenant, client id, client secret) gets a bearer token with the
OAuth2 client-credentials grant: a form POST to ``{login}/{tenant}/oauth2/v2.0/token``
with ``scope={api_root}/.default``. The token is cached until shortly before its
``expires_in`` and fetched again once when the API answers 401. Requests honour
``Retry-After`` on 429 and 503 while the total deadline (``timeout``) allows, read at
most ``max_response_bytes`` and follow ``@odata.nextLink`` (same origin only, so the
token never goes to another host) for APIs that page.

The client secret and the token never appear in a ``repr``, an exception or a log
line: every message built from a server reply is scrubbed of both.

HTTP is Python's standard library, as in ``azure_monitor_driver``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
from typing import TYPE_CHECKING, Any, ClassVar

from ...common.exceptions import (
    MsticpyConnectionError,
    MsticpyDataQueryError,
    MsticpyNotConnectedError,
    MsticpyUserConfigError,
)
from ..core.query_defns import DataEnvironment, Formatters
from ._http import MAX_RETRIES, RETRY_STATUS, json_or_none, redact, send, wait_to_retry
from .driver_base import DriverBase, DriverProps

if TYPE_CHECKING:
    import urllib.request

__all__ = ["OData"]

logger = logging.getLogger(__name__)

DEFAULT_LOGIN = "https://login.microsoftonline.com"
#: Seconds before ``expires_in`` at which a cached token is treated as expired.
_EXPIRY_MARGIN = 60.0
_MAX_PAGES = 1000
_ERROR_BODY_CAP = 64 * 1024
_SETTING_KEYS = ("login_uri", "api_root", "api_version", "timeout", "max_response_bytes")
#: Spellings msticpyconfig and connection strings use for the connection settings.
_NAME_MAP = {
    "tenantid": "tenant_id",
    "tenant_id": "tenant_id",
    "clientid": "client_id",
    "client_id": "client_id",
    "clientsecret": "client_secret",
    "client_secret": "client_secret",
    "apiroot": "api_root",
    "api_root": "api_root",
    "apiversion": "api_version",
    "api_version": "api_version",
    "loginuri": "login_uri",
    "login_uri": "login_uri",
    "timeout": "timeout",
    "max_response_bytes": "max_response_bytes",
}


class OData(DriverBase):
    """
    Base of the OData drivers: token flow, HTTP with retries, deadline and size cap.

    Subclasses set ``CONFIG_NAME`` (the msticpyconfig ``DataProviders`` key), the
    default ``api_root``/``api_version`` and implement ``query``.

    Parameters
    ----------
    **kwargs
        ``login_uri``, ``api_root``, ``api_version``, ``timeout`` (total seconds per
        query, default 300), ``max_response_bytes`` (default 256 MiB): defaults that
        ``connect`` arguments and msticpyconfig settings override.

    """

    CONFIG_NAME: ClassVar[str] = ""
    _ALT_CONFIG_NAMES: ClassVar[tuple[str, ...]] = ()
    DEFAULT_API_ROOT: ClassVar[str] = ""
    DEFAULT_API_VERSION: ClassVar[str] = ""

    def __init__(self, **kwargs: Any):
        """Create the driver (not connected)."""
        super().__init__(**kwargs)
        env = kwargs.get("data_environment")
        if isinstance(env, str):
            self.data_environment = DataEnvironment.parse(env)
        self.set_driver_property(DriverProps.FORMATTERS, {Formatters.LANGUAGE: "kql"})
        self.set_driver_property(DriverProps.SUPPORTS_THREADING, True)
        self._settings: dict[str, Any] = {
            "login_uri": DEFAULT_LOGIN,
            "api_root": self.DEFAULT_API_ROOT,
            "api_version": self.DEFAULT_API_VERSION,
            "timeout": 300.0,
            "max_response_bytes": 256 * 1024 * 1024,
        }
        self._settings.update({k: v for k, v in kwargs.items() if k in _SETTING_KEYS})
        self._tenant_id: str | None = None
        self._client_id: str | None = None
        self.__secret: str | None = None
        self.__token: str | None = None
        self._token_expiry = 0.0
        # Queries may run on several threads (SUPPORTS_THREADING): one token fetch at a time.
        self._token_lock = threading.Lock()
        self._loaded = True

    def __repr__(self) -> str:
        """Tenant, client and endpoint only (never the secret or the token)."""
        return (
            f"{self.__class__.__name__}(tenant_id={self._tenant_id!r}, "
            f"client_id={self._client_id!r}, api_root={self._settings['api_root']!r}, "
            f"connected={self._connected})"
        )

    # ----------------------------------------------------------------- connecting
    def connect(
        self, connection_str: str | None = None, *, instance: str | None = None, **kwargs: Any
    ) -> None:
        """
        Read the credentials and get a token.

        Parameters
        ----------
        connection_str : str, optional
            ``tenant_id=..;client_id=..;client_secret=..`` (optionally ``apiRoot``,
            ``apiVersion``). Without it the msticpyconfig ``DataProviders`` section
            (``CONFIG_NAME``, or ``CONFIG_NAME-instance``) is read.
        instance : str, optional
            Configuration instance suffix.
        tenant_id, client_id, client_secret : str, optional
            Override the configured values.
        login_uri, api_root, api_version, timeout, max_response_bytes : optional
            Override the endpoints and limits (sovereign clouds, a test server).

        Raises
        ------
        MsticpyUserConfigError
            If the tenant id, client id or client secret is missing.
        MsticpyConnectionError
            If the token endpoint refuses the credentials or cannot be reached.

        """
        if connection_str:
            settings = _map_names(_parse_connection_str(connection_str))
        else:
            settings = _map_names(self._config_settings(instance))
        settings.update(_map_names(kwargs))
        missing = [
            name for name in ("tenant_id", "client_id", "client_secret") if not settings.get(name)
        ]
        if missing:
            raise MsticpyUserConfigError(
                "Missing connection parameter(s): "
                + ", ".join(missing)
                + f". Pass them to connect() or add them to the msticpyconfig "
                f"DataProviders.{self.CONFIG_NAME}.Args section.",
                title="Missing connection parameters.",
            )
        for key in _SETTING_KEYS:
            if settings.get(key):
                self._settings[key] = settings[key]
        self._tenant_id = str(settings["tenant_id"])
        self._client_id = str(settings["client_id"])
        self.__secret = str(settings["client_secret"])
        self.__token = None
        self._connected = False
        self._fetch_token(time.monotonic() + float(self._settings["timeout"]))
        self._connected = True
        self.current_connection = f"tenant {self._tenant_id} at {self._api_base()}"

    def _config_settings(self, instance: str | None) -> dict[str, Any]:
        from ...common.pkg_config import get_config
        from ...common.provider_settings import get_provider_settings

        suffix = f"-{instance}" if instance and instance != "Default" else ""
        found = get_provider_settings("DataProviders").get(f"{self.CONFIG_NAME}{suffix}")
        if found is not None and found.args:
            return dict(found.args)
        for alt in self._ALT_CONFIG_NAMES:
            args = get_config(f"{alt}{suffix}.Args", {})
            if args:
                return dict(args)
        return {}

    def _api_base(self) -> str:
        root = str(self._settings["api_root"]).rstrip("/")
        version = str(self._settings["api_version"] or "").strip("/")
        return f"{root}/{version}" if version else root

    def _fetch_token(self, deadline: float) -> None:
        import urllib.request  # http.client/email cost ~25 ms: only when signing in

        login = str(self._settings["login_uri"]).rstrip("/")
        url = f"{login}/{urllib.parse.quote(self._tenant_id or '', safe='')}/oauth2/v2.0/token"
        form = urllib.parse.urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": self._client_id,
                "client_secret": self.__secret,
                "scope": f"{str(self._settings['api_root']).rstrip('/')}/.default",
            }
        ).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=form,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            status, raw, _ = self._send(request, deadline)
        except MsticpyDataQueryError as err:
            raise MsticpyConnectionError(f"Token request failed: {err.args[0]}") from None
        reply = json_or_none(raw)
        token = reply.get("access_token") if isinstance(reply, dict) else None
        if status >= 400 or not token:
            problem = "no access_token in the reply"
            if isinstance(reply, dict) and reply.get("error"):
                problem = str(reply["error"])
                if reply.get("error_description"):
                    problem += f": {reply['error_description']}"
            elif status >= 400:
                problem = f"HTTP {status}"
            raise MsticpyConnectionError(
                self._scrub(
                    f"Could not obtain an access token for client {self._client_id} "
                    f"in tenant {self._tenant_id} ({problem})"
                )
            )
        try:
            lifetime = float(reply.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        self.__token = str(token)
        self._token_expiry = time.monotonic() + max(lifetime - _EXPIRY_MARGIN, 0.0)
        logger.info("Obtained an access token for client %s", self._client_id)

    # ------------------------------------------------------------------- requests
    def _api_request(self, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """
        Send one API request (POST JSON when ``body`` is given, else GET); return the reply.

        Raises
        ------
        MsticpyNotConnectedError
            Before ``connect``.
        MsticpyDataQueryError
            HTTP errors, throttling beyond the deadline, oversize or non-JSON replies.

        """
        if not self._connected:
            raise MsticpyNotConnectedError(
                "Please run the connect() method before running this method."
            )
        deadline = time.monotonic() + float(self._settings["timeout"])
        refreshed = False
        retries = 0
        while True:
            with self._token_lock:
                if time.monotonic() >= self._token_expiry:
                    self._fetch_token(deadline)
            import urllib.request

            request = urllib.request.Request(
                url,
                data=None if body is None else json.dumps(body).encode("utf-8"),
                method="GET" if body is None else "POST",
                headers={
                    "Authorization": f"Bearer {self.__token}",
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
            )
            status, raw, headers = self._send(request, deadline)
            if status == 401 and not refreshed:
                # Tokens can be revoked or expire early: fetch one new token, once.
                refreshed = True
                with self._token_lock:
                    self._fetch_token(deadline)
                continue
            if status in RETRY_STATUS and retries < MAX_RETRIES:
                wait_to_retry(status, headers, deadline, "The API")
                retries += 1
                continue
            if status >= 400:
                raise MsticpyDataQueryError(
                    self._scrub(f"Query failed with HTTP {status}: {_error_text(raw)}")
                )
            reply = json_or_none(raw)
            if not isinstance(reply, dict):
                raise MsticpyDataQueryError(
                    "The API returned a reply that is not a JSON object (truncated or invalid)"
                )
            return reply

    def _get_pages(self, url: str) -> list[dict[str, Any]]:
        """GET ``url`` and every ``@odata.nextLink`` page on the same origin."""
        origin = _origin(self._api_base())
        pages: list[dict[str, Any]] = []
        next_url: str | None = url
        while next_url:
            if len(pages) >= _MAX_PAGES:
                raise MsticpyDataQueryError(f"More than {_MAX_PAGES} result pages")
            if _origin(next_url) != origin:
                raise MsticpyDataQueryError(
                    "The API returned a next page link on another host; not followed"
                )
            page = self._api_request(next_url)
            pages.append(page)
            link = page.get("@odata.nextLink")
            next_url = str(link) if link else None
        return pages

    def _send(self, request: urllib.request.Request, deadline: float) -> tuple[int, bytes, Any]:
        limit = int(self._settings["max_response_bytes"])
        return send(request, deadline, limit, _ERROR_BODY_CAP, _origin(request.full_url))

    def _scrub(self, text: str) -> str:
        return redact(text, self.__secret, self.__token)


def _error_text(raw: bytes) -> str:
    reply = json_or_none(raw)
    if isinstance(reply, dict) and isinstance(reply.get("error"), dict):
        error = reply["error"]
        parts = [str(error.get("code", "")), str(error.get("message", ""))]
        return ": ".join(part for part in parts if part)
    return raw[:200].decode("utf-8", "replace")


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _parse_connection_str(connection_str: str) -> dict[str, str]:
    items = (item.split("=", 1) for item in connection_str.split(";"))
    return {
        pair[0].strip(): pair[1].strip()
        for pair in items
        if len(pair) == 2 and pair[0].strip() and pair[1].strip()
    }


def _map_names(values: Any) -> dict[str, Any]:
    return {
        _NAME_MAP.get(str(key).casefold(), str(key)): value
        for key, value in dict(values).items()
        if value is not None
    }
