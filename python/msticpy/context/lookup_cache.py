"""
Result cache shared by all look-up providers (beyond msticpy).

msticpy memoizes ``lookup_ioc`` per provider instance with ``lru_cache`` (no expiry, and a
separate cache per instance). This package keeps one process-wide cache instead, keyed by
provider name, observable, observable type and query type, whose entries expire after a
time-to-live. Only successful look-ups (``Status`` 0) are kept, so a failed request is
retried next time. ``configure(enabled=False)`` switches it off; ``clear()`` empties it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from .._version import VERSION

__version__ = VERSION

#: Default time-to-live of an entry, in seconds.
DEFAULT_TTL: float = 3600.0
#: Default maximum number of entries (least recently used ones go first).
DEFAULT_MAX_ENTRIES: int = 100_000

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[float, dict[str, Any]]] = OrderedDict()
_settings: dict[str, Any] = {
    "enabled": True,
    "ttl": DEFAULT_TTL,
    "max_entries": DEFAULT_MAX_ENTRIES,
}


def configure(
    *, enabled: bool | None = None, ttl: float | None = None, max_entries: int | None = None
) -> dict[str, Any]:
    """
    Change the cache settings (for the whole process).

    Parameters
    ----------
    enabled : bool, optional
        False switches the cache off (and empties it).
    ttl : float, optional
        Seconds an entry stays valid (> 0).
    max_entries : int, optional
        Most entries kept (>= 1).

    Returns
    -------
    dict[str, Any]
        The settings now in force.

    Raises
    ------
    ValueError
        If ``ttl`` or ``max_entries`` is out of range.

    """
    if ttl is not None and not (isinstance(ttl, int | float) and ttl > 0):
        raise ValueError(f"ttl must be a positive number of seconds, not {ttl!r}")
    if max_entries is not None and not (
        isinstance(max_entries, int) and not isinstance(max_entries, bool) and max_entries >= 1
    ):
        raise ValueError(f"max_entries must be an integer >= 1, not {max_entries!r}")
    with _lock:
        if enabled is not None:
            _settings["enabled"] = bool(enabled)
            if not enabled:
                _entries.clear()
        if ttl is not None:
            _settings["ttl"] = float(ttl)
        if max_entries is not None:
            _settings["max_entries"] = max_entries
            while len(_entries) > max_entries:
                _entries.popitem(last=False)
        return dict(_settings)


def settings() -> dict[str, Any]:
    """Return the settings in force (``enabled``, ``ttl``, ``max_entries``)."""
    with _lock:
        return dict(_settings)


def clear() -> None:
    """Remove every entry."""
    with _lock:
        _entries.clear()


def make_key(provider: str, ioc: str, ioc_type: str | None, query_type: str | None) -> Hashable:
    """Return the cache key of one look-up."""
    return (provider, ioc, ioc_type or "", query_type or "")


def get(key: Hashable) -> dict[str, Any] | None:
    """Return a copy of the cached result row for ``key``, or None (missing or expired)."""
    with _lock:
        if not _settings["enabled"]:
            return None
        entry = _entries.get(key)
        if entry is None:
            return None
        stored, row = entry
        if time.monotonic() - stored > _settings["ttl"]:
            del _entries[key]
            return None
        _entries.move_to_end(key)
        return dict(row)


def put(key: Hashable, row: dict[str, Any]) -> None:
    """Keep ``row`` (a result row) for ``key`` if the cache is on and the look-up succeeded."""
    if row.get("Status") != 0:
        return
    with _lock:
        if not _settings["enabled"]:
            return
        _entries[key] = (time.monotonic(), dict(row))
        _entries.move_to_end(key)
        while len(_entries) > _settings["max_entries"]:
            _entries.popitem(last=False)


def size() -> int:
    """Return the number of entries held (expired ones included until next read)."""
    with _lock:
        return len(_entries)
