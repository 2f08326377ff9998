"""
Microsoft Graph security API (msticpy's ``SecurityGraphDriver``).

Environment ``MSGraph`` (alias ``SecurityGraph``). A query is the API path with its
OData options, as msticpy's Graph queries are, e.g.
``/security/alerts_v2?$filter=severity eq 'high'&$top=50``: the driver GETs
``{api_root}/{api_version}{query}``, follows ``@odata.nextLink`` pages (same host
only) and flattens the ``value`` records of all pages into one DataFrame
(``pandas.json_normalize``, nested fields as dotted column names). Credentials come
from the msticpyconfig ``DataProviders.MicrosoftGraph`` section (legacy
``SecurityGraphApp``).
"""

from __future__ import annotations

import urllib.parse
from datetime import datetime, timezone
from typing import Any, ClassVar

from ...common.exceptions import MsticpyDataQueryError
from ..core.query_defns import DataEnvironment, Formatters
from .driver_base import DriverProps
from .odata_driver import OData

__all__ = ["SecurityGraphDriver"]


class SecurityGraphDriver(OData):
    """
    Query the Microsoft Graph security API.

    Parameters
    ----------
    connection_str : str, optional
        Connect immediately with this (see ``OData.connect``).
    **kwargs
        ``api_version`` (default ``v1.0``) and the ``OData`` settings
        (``api_root``, ``login_uri``, ``timeout``, ``max_response_bytes``).

    """

    CONFIG_NAME: ClassVar[str] = "MicrosoftGraph"
    _ALT_CONFIG_NAMES: ClassVar[tuple[str, ...]] = ("SecurityGraphApp",)
    DEFAULT_API_ROOT: ClassVar[str] = "https://graph.microsoft.com"
    DEFAULT_API_VERSION: ClassVar[str] = "v1.0"

    def __init__(self, connection_str: str | None = None, **kwargs: Any):
        """Create the driver; connect when ``connection_str`` is given."""
        kwargs.setdefault("data_environment", DataEnvironment.MSGraph)
        if "api_ver" in kwargs:
            kwargs.setdefault("api_version", kwargs.pop("api_ver"))
        super().__init__(**kwargs)
        # Graph queries are OData, not KQL: a string literal doubles its quote
        # ('O''Brien'), as SQL does, and times are written in UTC with "Z" (a "+00:00"
        # offset would reach the server as " 00:00": "+" means a space in a URL query).
        self.set_driver_property(
            DriverProps.FORMATTERS,
            {Formatters.LANGUAGE: "sql", Formatters.DATETIME: _odata_datetime},
        )
        if connection_str:
            self.connect(connection_str)

    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        """
        GET a Graph security path (with OData options); return a DataFrame of ``value``.

        Raises
        ------
        MsticpyNotConnectedError
            Before ``connect``.
        MsticpyDataQueryError
            A query that is not an API path, HTTP errors, invalid or oversize replies.

        """
        del query_source
        frame, _ = self.query_with_results(query, **kwargs)
        return frame

    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        """Run a Graph query; return ``(DataFrame, list of reply pages)``."""
        import pandas as pd

        del kwargs
        path = query.strip()
        if not path.startswith("/") or "://" in path:
            raise MsticpyDataQueryError(
                "A Graph query is an API path starting with '/', e.g. '/security/alerts_v2'"
            )
        url = self._api_base() + _encode_odata_path(path)
        pages = self._get_pages(url)
        records: list[Any] = []
        for page in pages:
            value = page.get("value")
            if isinstance(value, list):
                records.extend(value)
            elif "value" not in page:
                # A single entity (``/security/alerts_v2/{id}``) is the page itself.
                records.append({k: v for k, v in page.items() if not k.startswith("@odata")})
        if not records:
            return pd.DataFrame(), pages
        return pd.json_normalize(records), pages


def _odata_datetime(value: datetime) -> str:
    """An OData DateTimeOffset literal in UTC (a naive time is taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return f"{value.isoformat()}Z"


#: Characters kept as they are outside OData string literals: the URL's own syntax
#: (path, ``?``, ``&``, ``=``, ``$`` options) and ``%`` so a pre-encoded path still works.
_URL_SYNTAX = "/?&=$%:,()*+!@;~"


def _encode_odata_path(path: str) -> str:
    """
    Percent-encode an API path with OData options for the URL.

    Inside ``'...'`` literals (``''`` is an escaped quote) every character but the
    quotes is encoded, so a value's ``%27``, ``+``, ``&`` or ``#`` reaches Graph as
    text instead of being decoded into a quote, a space or a new option; outside
    literals the URL syntax is kept.
    """
    out: list[str] = []
    in_literal = False
    i = 0
    while i < len(path):
        char = path[i]
        if char == "'":
            if in_literal and path[i + 1 : i + 2] == "'":
                out.append("''")
                i += 2
                continue
            in_literal = not in_literal
            out.append(char)
        else:
            out.append(urllib.parse.quote(char, safe="" if in_literal else _URL_SYNTAX))
        i += 1
    return "".join(out)
