"""
Severity of a threat-intelligence result (msticpy 3.x ``tiproviders.result_severity``).

``ResultSeverity`` compares with its own members, with names ("high") and with numbers (2);
anything it cannot read counts as ``unknown``.
"""

from __future__ import annotations

from enum import Enum
from functools import total_ordering
from typing import Any, NamedTuple

from ..._version import VERSION

__version__ = VERSION


@total_ordering
class ResultSeverity(Enum):
    """How serious a provider's report on an observable is."""

    # Lower-case member names are msticpy's: result frames carry them as strings.
    unknown = -1
    information = 0
    warning = 1
    high = 2

    @classmethod
    def parse(cls, value: object) -> ResultSeverity:
        """
        Return the severity named or numbered by ``value``.

        Parameters
        ----------
        value : object
            A ``ResultSeverity``, a member name (any case) or a member value.

        Returns
        -------
        ResultSeverity
            The matching member, ``unknown`` when nothing matches.

        """
        if isinstance(value, ResultSeverity):
            return value
        if isinstance(value, str) and value.lower() in cls.__members__:
            return cls[value.lower()]
        # bool is an int subclass: True/False read as 1/0, as in msticpy.
        if isinstance(value, int) and value in {member.value for member in cls}:
            return cls(value)
        return ResultSeverity.unknown

    def __eq__(self, other: object) -> bool:
        """Return True if ``other`` parses to the same severity."""
        return self.value == ResultSeverity.parse(other).value

    def __gt__(self, other: Any) -> bool:
        """Return True if this severity is above ``other`` (parsed as in ``parse``)."""
        return self.value > ResultSeverity.parse(other).value

    # Members stay usable as dict keys and in sets although __eq__ is widened.
    __hash__ = Enum.__hash__


#: Classic (msticpy 0.8.x/1.x) name of ``ResultSeverity``.
TISeverity = ResultSeverity


class LookupResult(NamedTuple):
    """What a provider's ``parse_results`` may return: hit, severity and details."""

    status: bool
    severity: ResultSeverity
    details: dict[str, Any]
