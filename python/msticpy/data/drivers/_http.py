"""
HTTP plumbing shared by the REST drivers (Log Analytics, Defender, Graph).

One request within a total deadline, its reply read in chunks up to a size cap, and the
``Retry-After`` wait for throttled (429) or unavailable (503) answers. Python's standard
library does the HTTP: one request per query (or page) is I/O-bound.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
from typing import TYPE_CHECKING, Any

from ...common.exceptions import MsticpyDataQueryError

if TYPE_CHECKING:
    import urllib.request

logger = logging.getLogger(__name__)

#: Answers worth waiting for and sending again, and how many times at most.
RETRY_STATUS = (429, 503)
MAX_RETRIES = 5

_DEADLINE_MESSAGE = "The query exceeded its deadline (timeout)"
_CHUNK_BYTES = 64 * 1024


def send(
    request: urllib.request.Request,
    deadline: float,
    limit: int,
    error_body_cap: int,
    target: str,
) -> tuple[int, bytes, Any]:
    """
    Send ``request`` within the total ``deadline``; return status, body and headers.

    Parameters
    ----------
    request : urllib.request.Request
        The request to send.
    deadline : float
        ``time.monotonic()`` value by which the whole exchange must be over.
    limit : int
        Largest reply body accepted (bytes); a larger one raises.
    error_body_cap : int
        An error reply's body is read up to this many bytes (at most ``limit``) and
        shortened, not refused.
    target : str
        What to name when the server cannot be reached (never carries a secret).

    Raises
    ------
    MsticpyDataQueryError
        Deadline exceeded, reply over ``limit`` or server unreachable.

    """
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise MsticpyDataQueryError(_DEADLINE_MESSAGE)
    import urllib.request  # http.client/email cost ~25 ms: only when a query is sent

    try:
        with urllib.request.urlopen(request, timeout=remaining) as resp:
            return resp.status, _read_capped(resp, limit, deadline), resp.headers
    except urllib.error.HTTPError as err:
        raw = _read_capped(err, min(limit, error_body_cap), deadline, truncate=True)
        return err.code, raw, err.headers
    except TimeoutError:
        raise MsticpyDataQueryError(_DEADLINE_MESSAGE) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        if isinstance(reason, TimeoutError):
            raise MsticpyDataQueryError(_DEADLINE_MESSAGE) from None
        raise MsticpyDataQueryError(f"Could not reach {target}: {reason}") from None


def wait_to_retry(status: int, headers: Any, deadline: float, who: str) -> None:
    """
    Sleep for the ``Retry-After`` of a 429/503 answer, if the deadline allows it.

    Raises
    ------
    MsticpyDataQueryError
        When the wait would end past ``deadline`` (``who`` names the server side).

    """
    wait = _retry_after(headers.get("Retry-After"))
    if time.monotonic() + wait >= deadline:
        raise MsticpyDataQueryError(
            f"{who} answered HTTP {status} (throttled or unavailable) and asks "
            f"to retry after {wait:g} s, beyond the query deadline (timeout)"
        )
    logger.info("HTTP %s: retrying after %s s", status, wait)
    time.sleep(wait)


def redact(text: str, *secrets: str | None) -> str:
    """Return ``text`` with every non-empty secret replaced (servers may echo them back)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[REDACTED]")
    return text


def json_or_none(raw: bytes) -> Any:
    """Return the JSON value of ``raw``, or None when it is not JSON."""
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _read_capped(resp: Any, limit: int, deadline: float, truncate: bool = False) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise MsticpyDataQueryError(_DEADLINE_MESSAGE)
        try:
            chunk = resp.read(_CHUNK_BYTES)
        except TimeoutError:
            raise MsticpyDataQueryError(_DEADLINE_MESSAGE) from None
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            if truncate:
                return b"".join(chunks)
            raise MsticpyDataQueryError(f"The reply is larger than {limit} bytes")
        chunks.append(chunk)


def _retry_after(value: Any) -> float:
    """Seconds from a ``Retry-After`` header (seconds form; 1 s when absent or a date)."""
    try:
        return max(float(value), 0.0)
    except (TypeError, ValueError):
        return 1.0
