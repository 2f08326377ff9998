"""
The HTTP transport: concurrent, rate-limited requests run by the Rust core.

Every network request of the threat-intelligence providers goes through
:func:`fetch_many`. A batch runs concurrently on a process-wide Rust runtime with the
GIL released; per *group* (usually a provider name) a concurrency limit and per-minute /
per-day quotas hold across calls (:func:`set_group_limits`). Each request has one total
deadline that covers its retries, bodies are capped at ``max_bytes``, and the given
secrets are replaced by ``[REDACTED]`` in every error text. A failed request is a reply
with ``status == 0`` (or the server's status) and ``error`` set, never an exception;
only invalid arguments raise ``ValueError``.

msticpy 3.0.2 has no such module (its providers call ``httpx`` one request at a time);
see ``docs/http_transport.md`` for the behaviour and the defaults.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT_TIMEOUT",
    "HttpReply",
    "HttpRequest",
    "fetch",
    "fetch_many",
    "get_group_limits",
    "set_group_limits",
]

#: The per-request deadline (seconds) when neither the call nor the settings give one.
DEFAULT_TIMEOUT = 30.0

_METHODS = ("GET", "POST")
_MAX_RETRIES = 100
#: Batches smaller than this finish too fast for a progress bar to help.
_PROGRESS_MIN_REQUESTS = 10


@dataclass(frozen=True)
class HttpRequest:
    """
    One HTTP request.

    Parameters
    ----------
    url : str
        Absolute ``http://`` or ``https://`` URL.
    method : str
        ``"GET"`` or ``"POST"`` (case-insensitive).
    headers : Mapping[str, str]
        Request headers.
    body : bytes | None
        Request body (a ``str`` is sent UTF-8 encoded).
    group : str
        Rate-limit and concurrency group, e.g. the provider name.

    Notes
    -----
    The repr hides header values, the body and the URL's query string: API keys travel
    there.

    """

    url: str
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    group: str = ""

    def __repr__(self) -> str:
        """Show the request without header values, body or query (they carry keys)."""
        shown = "<unparsed URL hidden>"
        try:
            parts = urlsplit(self.url)
            port = parts.port  # raises ValueError for a non-numeric port
        except (TypeError, ValueError, AttributeError):
            parts = None
        if parts is not None and parts.scheme and parts.hostname:
            shown = f"{parts.scheme}://{parts.hostname}" + (f":{port}" if port else "")
            shown += parts.path + ("?..." if parts.query else "")
        names = sorted(self.headers) if isinstance(self.headers, Mapping) else []
        body = "None" if self.body is None else "<hidden>"
        if isinstance(self.body, (bytes, bytearray, memoryview, str)):
            body = f"<{len(self.body)} bytes>"
        return (
            f"HttpRequest(method={self.method!r}, url={shown!r}, "
            f"headers={names!r}, body={body}, group={self.group!r})"
        )


@dataclass(frozen=True)
class HttpReply:
    """
    The outcome of one request.

    Attributes
    ----------
    status : int
        HTTP status of the last attempt; 0 when no HTTP reply arrived (see ``error``).
    body : bytes
        At most ``max_bytes`` bytes of the body.
    headers : Mapping[str, str]
        Response headers with lower-cased names (repeated fields joined by ``", "``).
    error : str | None
        None for a complete reply (whatever its status); otherwise why not: connection
        failure, deadline passed, body cut at ``max_bytes`` or incomplete. Secrets are
        replaced by ``[REDACTED]``.
    elapsed : float
        Seconds from the first attempt to the end, waits and retries included.

    """

    status: int
    body: bytes
    headers: Mapping[str, str]
    error: str | None
    elapsed: float

    def json(self) -> Any | None:
        """
        Return the body parsed as JSON.

        Returns
        -------
        Any | None
            The parsed value; None when the body is empty or not valid JSON.

        """
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            return None

    def __repr__(self) -> str:
        """Show the status, body size, error and time (not the body itself)."""
        return (
            f"HttpReply(status={self.status}, body=<{len(self.body)} bytes>, "
            f"error={self.error!r}, elapsed={self.elapsed:.3f})"
        )


def set_group_limits(
    group: str,
    *,
    per_minute: float | None = None,
    per_day: float | None = None,
    concurrency: int | None = None,
) -> None:
    """
    Set the limits of a request group for the rest of the process.

    Parameters
    ----------
    group : str
        The group name used in :class:`HttpRequest.group`.
    per_minute : float, optional
        Requests per minute, spaced evenly (no burst). None keeps the current value.
    per_day : float, optional
        Requests per day: the whole allowance is available at once and refills evenly
        over the day. None keeps the current value.
    concurrency : int, optional
        Requests in flight at once (default 16). None keeps the current value.

    Raises
    ------
    ValueError
        If a rate is not a positive number or ``concurrency`` is not a positive integer.

    Notes
    -----
    Setting a quota starts it afresh. Limits hold across :func:`fetch_many` calls and
    threads; a forked child inherits them.

    """
    if not isinstance(group, str):
        raise ValueError(f"group must be a str, not {type(group).__name__}")
    minute = _positive_float("per_minute", per_minute) if per_minute is not None else None
    day = _positive_float("per_day", per_day) if per_day is not None else None
    if concurrency is not None and (
        isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1
    ):
        raise ValueError(f"concurrency must be a positive integer, not {concurrency!r}")
    _native().http_set_group_limits(group, minute, day, concurrency)


def get_group_limits(group: str) -> dict[str, Any]:
    """
    Return the current limits of a request group.

    Parameters
    ----------
    group : str
        The group name.

    Returns
    -------
    dict[str, Any]
        ``per_minute``, ``per_day`` (None when unlimited) and ``concurrency``.

    """
    per_minute, per_day, concurrency = _native().http_group_limits(str(group))
    return {"per_minute": per_minute, "per_day": per_day, "concurrency": concurrency}


def fetch_many(
    requests: Sequence[HttpRequest],
    *,
    timeout: float | None = None,
    max_bytes: int = 32 * 2**20,
    retries: int = 3,
    secrets: Sequence[str] = (),
    progress: bool | str = False,
) -> list[HttpReply]:
    """
    Send requests concurrently and return their replies in the same order.

    Parameters
    ----------
    requests : Sequence[HttpRequest]
        The requests.
    timeout : float, optional
        Total deadline per request in seconds, retries and quota waits included. By
        default the ``msticpy.http_timeout`` setting (its first value if a list, its
        ``timeout`` key if a mapping), else 30 seconds.
    max_bytes : int
        The largest body kept per reply (default 32 MiB); a longer body is cut there
        and ``error`` says so.
    retries : int
        Extra attempts after a connection error or a 429, 502, 503 or 504 reply
        (default 3). Waits double from 0.25 s unless ``Retry-After`` sets them; a
        wait that would pass the deadline is not made.
    secrets : Sequence[str]
        Strings (API keys, tokens) replaced by ``[REDACTED]`` in every ``error``.
    progress : bool | str
        Allow a progress bar (``msticpy.common.progress``: batches of 10 requests or more,
        in a notebook or on a terminal); a string is its label.

    Returns
    -------
    list[HttpReply]
        One reply per request; failures are replies with ``error`` set.

    Raises
    ------
    ValueError
        If an argument or a request is invalid (type, method, limits).

    """
    batch = [_request_tuple(index, req) for index, req in enumerate(_as_list(requests))]
    deadline = _deadline(timeout)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise ValueError(f"max_bytes must be a non-negative integer, not {max_bytes!r}")
    if (
        isinstance(retries, bool)
        or not isinstance(retries, int)
        or not 0 <= retries <= _MAX_RETRIES
    ):
        raise ValueError(f"retries must be an integer from 0 to {_MAX_RETRIES}, not {retries!r}")
    secret_list = _secret_list(secrets)
    if not batch:
        return []
    label = progress if isinstance(progress, str) else None
    bar = _progress_bar(len(batch), label) if progress else None
    callback: Callable[[int], object] | None = None
    if bar is not None:

        def callback(done: int) -> None:
            bar.advance_to(done)

    try:
        raw = _native().http_fetch_many(batch, deadline, max_bytes, retries, secret_list, callback)
    finally:
        if bar is not None:
            bar.close()
    return [
        HttpReply(status=status, body=body, headers=dict(headers), error=error, elapsed=elapsed)
        for status, body, headers, error, elapsed in raw
    ]


def fetch(request: HttpRequest, **kwargs: Any) -> HttpReply:
    """
    Send one request; keyword arguments are those of :func:`fetch_many`.

    Parameters
    ----------
    request : HttpRequest
        The request.
    **kwargs
        ``timeout``, ``max_bytes``, ``retries``, ``secrets``, ``progress``.

    Returns
    -------
    HttpReply
        The reply (``error`` set on failure).

    """
    return fetch_many([request], **kwargs)[0]


def _native() -> Any:
    """Import the extension on first use so importing this module stays cheap."""
    from .. import _native as native

    return native


def _as_list(requests: Any) -> list[Any]:
    if isinstance(requests, HttpRequest):
        raise ValueError("requests must be a sequence of HttpRequest; use fetch() for one")
    if isinstance(requests, (str, bytes)) or not isinstance(requests, Sequence | list | tuple):
        raise ValueError(
            f"requests must be a sequence of HttpRequest, not {type(requests).__name__}"
        )
    return list(requests)


def _request_tuple(
    index: int, req: Any
) -> tuple[str, str, list[tuple[str, str]], bytes | None, str]:
    """Check one request and convert it to the extension's tuple form."""
    if not isinstance(req, HttpRequest):
        raise ValueError(f"requests[{index}] is a {type(req).__name__}, not an HttpRequest")
    if not isinstance(req.url, str):
        raise ValueError(f"requests[{index}].url must be a str")
    method = req.method.upper() if isinstance(req.method, str) else None
    if method not in _METHODS:
        raise ValueError(f"requests[{index}].method must be GET or POST, not {req.method!r}")
    if not isinstance(req.headers, Mapping):
        raise ValueError(f"requests[{index}].headers must be a mapping of str to str")
    headers: list[tuple[str, str]] = []
    for name, value in req.headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            # Name the header only: its value may be an API key.
            raise ValueError(f"requests[{index}] header {name!r}: names and values must be str")
        headers.append((name, value))
    body = req.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    elif isinstance(body, (bytearray, memoryview)):
        body = bytes(body)
    elif body is not None and not isinstance(body, bytes):
        raise ValueError(f"requests[{index}].body must be bytes or None")
    if not isinstance(req.group, str):
        raise ValueError(f"requests[{index}].group must be a str")
    return (req.url, method, headers, body, req.group)


def _deadline(timeout: Any) -> float:
    if timeout is None:
        return _default_timeout()
    return _positive_float("timeout", timeout)


def _default_timeout() -> float:
    """The ``msticpy.http_timeout`` (or ``http_timeout``) setting as seconds, else 30."""
    from .pkg_config import get_config

    setting = get_config("msticpy.http_timeout", get_config("http_timeout", None))
    if isinstance(setting, Mapping):
        setting = setting.get("timeout")
    elif isinstance(setting, (list, tuple)):
        setting = setting[0] if setting else None
    if (
        isinstance(setting, numbers.Real)
        and not isinstance(setting, bool)
        and math.isfinite(float(setting))
        and float(setting) > 0
    ):
        return float(setting)
    return DEFAULT_TIMEOUT


def _positive_float(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return number


def _secret_list(secrets: Any) -> list[str]:
    # A lone string would otherwise be split into characters and redact every letter.
    items = [secrets] if isinstance(secrets, str) else list(secrets or ())
    if not all(isinstance(item, str) for item in items if item is not None):
        raise ValueError("secrets must be a sequence of str")
    return [item for item in items if item]


def _progress_bar(total: int, label: str | None = None) -> Any:
    """The library's progress bar for a batch (silent for a handful of requests)."""
    from .progress import Progress

    return Progress(total, label or "HTTP requests", "req", min_total=_PROGRESS_MIN_REQUESTS)
