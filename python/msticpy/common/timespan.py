"""
TimeSpan: a start and end time, given as datetimes, strings or a start/end plus a period.

pandas (for parsing time strings and period strings such as ``"1D"``) is imported when a
string needs parsing, not when this module is imported.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta, timezone
from numbers import Number
from typing import Any

from .._version import VERSION

__version__ = VERSION


class TimeSpan:
    """A time period: ``start``, ``end`` and ``period``."""

    def __init__(
        self,
        *args: Any,
        timespan: TimeSpan | tuple[Any, Any] | Any | None = None,
        start: datetime | str | None = None,
        end: datetime | str | None = None,
        period: timedelta | str | None = None,
    ):
        """
        Create a TimeSpan.

        Parameters
        ----------
        timespan : TimeSpan, tuple or object, optional
            Another TimeSpan, a ``(start, end)`` tuple, or any object with at least two of
            ``start``, ``end`` and ``period``.
        start : datetime or str, optional
            The start.
        end : datetime or str, optional
            The end (by default now, in UTC, unless start and period give it).
        period : timedelta or str, optional
            The length, e.g. ``timedelta(days=1)`` or ``"1D"``.

        Other Parameters
        ----------------
        Positional arguments may be one timespan-like object, or a start and an end (a
        datetime or string), or a start and a number (the period).

        Raises
        ------
        ValueError
            If neither start nor period is given, or a value cannot be parsed.

        """
        start, end, period = self._process_args(
            *args, timespan=timespan, start=start, end=end, period=period
        )
        if not start and not period:
            raise ValueError(
                "start, period", "At least one of 'start' or 'period' must be specified."
            )
        self._period: timedelta | None = self._parse_timedelta(period) if period else None
        self._end = self._parse_time(end, "end")
        self._start = self._parse_time(start, "start")
        if self._start and self._period:
            self._end = self._start + self._period
        if self._end is None:
            self._end = datetime.now(timezone.utc)
        if self._start is None and self._period:
            self._start = self._end - self._period

    def __eq__(self, value: object) -> bool:
        """Return True if the other TimeSpan has the same start and end."""
        if not isinstance(value, TimeSpan):
            return False
        return bool(self.start == value.start and self.end == value.end)

    def __hash__(self) -> int:
        """Return the hash of start and end."""
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        """Return the start, end and period."""
        return (
            f"{self.__class__.__name__}(start={self.start}, end={self.end}, period={self.period})"
        )

    @property
    def start(self) -> datetime:
        """Return the start."""
        return self._start  # type: ignore[return-value]

    @property
    def end(self) -> datetime:
        """Return the end."""
        return self._end  # type: ignore[return-value]

    @property
    def period(self) -> timedelta:
        """Return the length (end - start when not given)."""
        if not self._period:
            self._period = self.end - self.start
        return self._period

    @staticmethod
    def _process_args(
        *args: Any, timespan: Any, start: Any, end: Any, period: Any
    ) -> tuple[Any, Any, Any]:
        if len(args) == 1:
            timespan = args[0]
        if len(args) == 2:
            start = args[0]
            if isinstance(args[1], str | datetime):
                end = args[1]
            elif isinstance(args[1], Number):
                period = args[1]
        if timespan:
            if _is_timespan_type(timespan):
                start = start or getattr(timespan, "start", None)
                end = end or getattr(timespan, "end", None)
                period = period or getattr(timespan, "period", None)
            elif isinstance(timespan, tuple):
                start, end = timespan[0], timespan[1]
        return start, end, period

    @staticmethod
    def _parse_time(time_val: Any, prop_name: str) -> datetime | None:
        if time_val is None:
            return None
        if isinstance(time_val, datetime):
            return time_val
        if isinstance(time_val, str):
            import pandas as pd
            from dateutil.parser import ParserError

            with contextlib.suppress(ValueError, ParserError):
                return pd.to_datetime(time_val)
        raise ValueError(f"'{prop_name}' must be a datetime or a datetime string.")

    @staticmethod
    def _parse_timedelta(time_val: Any) -> timedelta | None:
        if time_val is None:
            return None
        if isinstance(time_val, timedelta):
            return time_val
        if isinstance(time_val, str):
            import pandas as pd
            from dateutil.parser import ParserError

            with contextlib.suppress(ValueError, ParserError):
                return pd.Timedelta(time_val).to_pytimedelta()
        raise ValueError(
            "'period' must be a pandas-compatible time period string", " or Python timedelta."
        )


def _is_timespan_type(timespan: Any) -> bool:
    """Return True if the object has at least two of start, end and period."""
    return sum(hasattr(timespan, name) for name in ("start", "end", "period")) >= 2
