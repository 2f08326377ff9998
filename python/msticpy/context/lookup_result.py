"""
Look-up status and sanitized-observable types (msticpy 3.x ``context.lookup_result``).

``LookupStatus`` values are the ``Status`` column of every look-up frame; HTTP providers
put the HTTP status code there instead when a server answers with an error, as msticpy does.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from .._version import VERSION

__version__ = VERSION


class SanitizedObservable(NamedTuple):
    """An observable after pre-processing, and the outcome ("ok" or why it was rejected)."""

    observable: str | None
    status: str | None


class LookupStatus(Enum):
    """Outcome of one look-up (the ``Status`` column)."""

    OK = 0
    NOT_SUPPORTED = 1
    BAD_FORMAT = 2
    QUERY_FAILED = 3
    NO_DATA = 4
    OTHER = 10
