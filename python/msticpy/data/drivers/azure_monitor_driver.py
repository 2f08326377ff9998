"""
Log Analytics / Microsoft Sentinel over the Azure Monitor Logs query REST API.

Reproduces the role of msticpy's ``AzureMonitorDriver`` (environment ``MSSentinel``,
alias ``LogAnalytics``) without the Azure SDK: it POSTs
``{"query": ..., "timespan": "start/end"}`` to
``{endpoint}/v1/workspaces/{workspace_id}/query`` with a bearer token and turns the
``tables[0]`` of the reply (``columns`` with Kusto types, ``rows``) into a DataFrame.

The token is a string or a callable returning one (``token=``); without it,
``azure-identity``'s ``DefaultAzureCredential`` is used if that package is installed.
The token never appears in ``repr``, messages or logs. Each request has a total
deadline (``timeout``, default 300 s, covering retries) and a response size cap
(``max_response_bytes``, default 256 MiB); 429 and 503 are retried after ``Retry-After``
while the deadline allows. The endpoint is configurable (sovereign clouds, a local test server).

HTTP is Python's standard library: one request per query is I/O-bound, so the Rust
HTTP stack (reqwest + tokio, planned for the fan-out of TI lookups) buys nothing here.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ...common.exceptions import (
    MsticpyConnectionError,
    MsticpyDataQueryError,
    MsticpyNotConnectedError,
)
from ..core.query_defns import DataEnvironment, Formatters
from ._http import MAX_RETRIES, RETRY_STATUS, json_or_none, redact, send, wait_to_retry
from .driver_base import DriverBase, DriverProps

__all__ = ["AzureMonitorDriver"]

logger = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://api.loganalytics.azure.com"
_SCOPE = "https://api.loganalytics.io/.default"
_LEGACY_CONNECTION = re.compile(r"(tenant|workspace)\(['\"]([^'\"]+)['\"]\)", re.IGNORECASE)
# Throttled or briefly unavailable: retried after Retry-After, as the Azure SDK's policy does.
_ERROR_BODY_CAP = 1024 * 1024


class _Secret:
    """Holds a token source; prints as redacted."""

    def __init__(self, source: str | Callable[[], str]):
        self._source = source

    def get(self) -> str:
        value = self._source() if callable(self._source) else self._source
        return str(getattr(value, "token", value))

    def __repr__(self) -> str:
        return "_Secret([REDACTED])"


class AzureMonitorDriver(DriverBase):
    """
    Query a Log Analytics workspace (Microsoft Sentinel) through the REST API.

    Parameters
    ----------
    connection_str : str, optional
        Connect immediately with this (see ``connect``).
    **kwargs
        ``workspace_id``, ``tenant_id``, ``token``, ``endpoint``, ``timeout``,
        ``max_response_bytes``: defaults for ``connect``.

    """

    def __init__(self, connection_str: str | None = None, **kwargs: Any):
        """Create the driver (not connected unless ``connection_str`` is given)."""
        super().__init__(**kwargs)
        self.set_driver_property(DriverProps.FORMATTERS, {Formatters.LANGUAGE: "kql"})
        self.set_driver_property(DriverProps.EFFECTIVE_ENV, DataEnvironment.MSSentinel.name)
        self._settings: dict[str, Any] = {
            "endpoint": DEFAULT_ENDPOINT,
            "timeout": 300.0,
            "max_response_bytes": 256 * 1024 * 1024,
        }
        self._settings.update(
            {k: v for k, v in kwargs.items() if k in ("endpoint", "timeout", "max_response_bytes")}
        )
        self._workspace_id: str | None = kwargs.get("workspace_id")
        self._tenant_id: str | None = kwargs.get("tenant_id")
        self._token: _Secret | None = _Secret(kwargs["token"]) if kwargs.get("token") else None
        self._schema: dict[str, dict] = {}
        self._loaded = True
        if connection_str:
            self.connect(connection_str)

    def __repr__(self) -> str:
        """Workspace and endpoint only (never the token)."""
        return (
            f"AzureMonitorDriver(workspace_id={self._workspace_id!r}, "
            f"endpoint={self._settings['endpoint']!r}, connected={self._connected})"
        )

    def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
        """
        Set the workspace and credentials.

        Parameters
        ----------
        connection_str : str, optional
            A workspace id, or a Kqlmagic-style string
            ``loganalytics://code().tenant('T').workspace('W')``.
        workspace_id, tenant_id : str, optional
            Workspace and tenant.
        token : str | Callable[[], str], optional
            Bearer token, or a function returning one (called per request).
        endpoint : str, optional
            API root (default ``https://api.loganalytics.azure.com``).
        timeout : float, optional
            Total deadline per request in seconds (default 300).

        Raises
        ------
        MsticpyConnectionError
            If no workspace id or no token source is available.

        """
        if connection_str:
            found = dict((k.lower(), v) for k, v in _LEGACY_CONNECTION.findall(connection_str))
            self._workspace_id = found.get("workspace", self._workspace_id)
            self._tenant_id = found.get("tenant", self._tenant_id)
            if not found:
                self._workspace_id = connection_str.strip()
        self._workspace_id = kwargs.get("workspace_id", self._workspace_id)
        self._tenant_id = kwargs.get("tenant_id", self._tenant_id)
        for key in ("endpoint", "timeout", "max_response_bytes"):
            if key in kwargs:
                self._settings[key] = kwargs[key]
        if kwargs.get("token"):
            self._token = _Secret(kwargs["token"])
        if not self._workspace_id:
            raise MsticpyConnectionError("A workspace_id is needed to connect.")
        if self._token is None:
            self._token = self._identity_token()
        self._connected = True
        self.current_connection = f"workspace {self._workspace_id} at {self._settings['endpoint']}"

    def _identity_token(self) -> _Secret:
        try:
            from azure.identity import DefaultAzureCredential
        except ImportError as err:
            raise MsticpyConnectionError(
                "No token: pass token= (a string or a function returning one), "
                "or install azure-identity for DefaultAzureCredential."
            ) from err
        credential = DefaultAzureCredential()
        return _Secret(lambda: credential.get_token(_SCOPE).token)

    @property
    def schema(self) -> dict[str, dict]:
        """Table -> {column: type}, from a ``getschema`` of each table seen in ``union``."""
        if not self._schema and self._connected:
            frame = self.query(
                "union withsource=TableName * | getschema | "
                "project TableName, ColumnName, ColumnType"
            )
            if hasattr(frame, "itertuples") and "TableName" in getattr(frame, "columns", []):
                for row in frame.itertuples(index=False):
                    self._schema.setdefault(row.TableName, {})[row.ColumnName] = row.ColumnType
        return self._schema

    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        """
        Run a KQL query; return a DataFrame.

        Parameters
        ----------
        query : str
            KQL text.
        query_source : QuerySource, optional
            The query definition (for messages).
        time_span : dict, optional
            ``{"start": ..., "end": ...}`` sent as the request's ``timespan``.

        Raises
        ------
        MsticpyNotConnectedError
            Before ``connect``.
        MsticpyDataQueryError
            For an HTTP or query error (the service's code and message).

        """
        del query_source
        frame, _ = self.query_with_results(query, **kwargs)
        return frame

    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        """Run a KQL query; return ``(DataFrame, reply JSON)``."""
        if not self._connected or self._token is None:
            raise MsticpyNotConnectedError(
                "Please run the connect() method before running this method."
            )
        body: dict[str, Any] = {"query": query}
        span = kwargs.get("time_span") or {}
        if span.get("start") and span.get("end"):
            body["timespan"] = f"{_iso(span['start'])}/{_iso(span['end'])}"
        reply = self._post(body)
        if "error" in reply and not reply.get("tables"):
            raise MsticpyDataQueryError(_error_text(reply["error"]))
        if "error" in reply:
            logger.warning("Partial query result: %s", _error_text(reply["error"]))
        tables = reply.get("tables") or []
        return _to_frame(tables[0] if tables else {"columns": [], "rows": []}), reply

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        endpoint = str(self._settings["endpoint"]).rstrip("/")
        url = f"{endpoint}/v1/workspaces/{self._workspace_id}/query"
        deadline = time.monotonic() + float(self._settings["timeout"])
        retries = 0
        while True:
            # A callable token source is asked per attempt, so a refreshed token is used.
            token = self._token.get() if self._token else ""
            import urllib.request  # http.client/email cost ~25 ms: only when querying

            request = urllib.request.Request(
                url,
                data=json.dumps(body).encode("utf-8"),
                method="POST",
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "Prefer": "wait=600",
                },
            )
            status, raw, headers = send(
                request,
                deadline,
                int(self._settings["max_response_bytes"]),
                _ERROR_BODY_CAP,
                endpoint,
            )
            if status in RETRY_STATUS and retries < MAX_RETRIES:
                wait_to_retry(status, headers, deadline, "The service")
                retries += 1
                continue
            if status >= 400:
                try:
                    message = _error_text(json.loads(raw).get("error", {}))
                except (ValueError, AttributeError):
                    message = raw[:200].decode("utf-8", "replace")
                # Servers may echo the credential back: never let it reach the message.
                text = f"Query failed with HTTP {status}: {message}"
                raise MsticpyDataQueryError(redact(text, token))
            reply = json_or_none(raw)
            if not isinstance(reply, dict):
                raise MsticpyDataQueryError(
                    "The service returned a reply that is not a JSON object (truncated or invalid)"
                )
            return reply


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        text = value.isoformat()
        return text if value.tzinfo else f"{text}Z"
    return str(value)


def _error_text(error: Any) -> str:
    if not isinstance(error, dict):
        return str(error)
    parts = [str(error.get("code", "")), str(error.get("message", ""))]
    inner = error.get("innererror") or error.get("details")
    if isinstance(inner, dict) and inner.get("message"):
        parts.append(str(inner["message"]))
    return ": ".join(part for part in parts if part)


def _to_frame(table: dict[str, Any]) -> Any:
    import pandas as pd

    columns = [col.get("name") for col in table.get("columns", [])]
    frame = pd.DataFrame(table.get("rows", []), columns=columns)
    for col in table.get("columns", []):
        name, kind = col.get("name"), str(col.get("type", "")).lower()
        if kind == "datetime":
            frame[name] = pd.to_datetime(frame[name], utc=True, errors="coerce")
        elif kind in ("int", "long"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Int64")
        elif kind in ("real", "decimal"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif kind == "bool":
            frame[name] = frame[name].astype("boolean")
    return frame
