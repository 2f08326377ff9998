"""
``TimeSpan``: a start/end/period triple for notebook query times (msticpy's ``common.timespan``).

Accepted forms: ``TimeSpan(start=..., end=...)``, ``TimeSpan(start=..., period=...)``,
``TimeSpan(period=...)`` (ending now, UTC), positional ``(start, end)`` or
``(start, period)``, one positional ``(start, end)`` tuple, or any object with at least
two of ``start``/``end``/``period`` (another ``TimeSpan``, a ``QueryTime`` widget).
Datetime strings become ``pandas.Timestamp`` and period strings go through
``pandas.Timedelta`` (pandas is imported only when a string has to be parsed).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from numbers import Number
from typing import Any

__all__ = ["TimeSpan"]


class TimeSpan:
    """
    A time range with ``start``, ``end`` and ``period``.

    Parameters
    ----------
    *args
        One ``TimeSpan``-like object or ``(start, end)`` tuple; or ``start`` followed by
        an ``end`` (datetime or string) or a numeric ``period``.
    timespan : TimeSpan | tuple | Any, optional
        An object with two of ``start``/``end``/``period``, or a ``(start, end)`` tuple.
    start : datetime | str, optional
        Start of the range.
    end : datetime | str, optional
        End of the range (default: ``start + period``, else now in UTC).
    period : timedelta | str, optional
        Length of the range; with ``start`` it sets ``end``.

    Raises
    ------
    ValueError
        If neither a start nor a period is given, or a value cannot be parsed.

    """

    def __init__(
        self,
        *args: Any,
        timespan: TimeSpan | tuple[Any, Any] | Any | None = None,
        start: datetime | str | None = None,
        end: datetime | str | None = None,
        period: timedelta | str | None = None,
    ) -> None:
        """Resolve the start, end and period from whichever form was given."""
        start, end, period = _merge_args(args, timespan, start, end, period)
        if not start and not period:
            raise ValueError("At least one of 'start' or 'period' must be specified.")
        self._period: timedelta | None = _to_timedelta(period) if period else None
        end_time = _to_datetime(end, "end")
        start_time = _to_datetime(start, "start")
        if start_time is not None and self._period:
            end_time = start_time + self._period
        if end_time is None:
            end_time = datetime.now(timezone.utc)
        if start_time is None and self._period:
            start_time = end_time - self._period
        self._end: datetime = end_time
        # Always set here: without a start there is a period (checked above).
        self._start: datetime = start_time  # type: ignore[assignment]

    @property
    def start(self) -> datetime:
        """Start of the range."""
        return self._start

    @property
    def end(self) -> datetime:
        """End of the range."""
        return self._end

    @property
    def period(self) -> timedelta:
        """Length of the range (``end - start`` unless a period was given)."""
        if not self._period:
            self._period = self.end - self.start
        return self._period

    def __eq__(self, other: object) -> bool:
        """Equal when both are ``TimeSpan`` objects with the same start and end."""
        if not isinstance(other, TimeSpan):
            return False
        return bool(self.start == other.start and self.end == other.end)

    def __hash__(self) -> int:
        """Hash of (start, end), consistent with ``__eq__``."""
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        """Show start, end and period."""
        return f"{type(self).__name__}(start={self.start}, end={self.end}, period={self.period})"


def _merge_args(
    args: tuple[Any, ...], timespan: Any, start: Any, end: Any, period: Any
) -> tuple[Any, Any, Any]:
    """Fold positional arguments and a ``timespan`` object into start, end, period."""
    if len(args) == 1:
        timespan = args[0]
    elif len(args) == 2:
        start = args[0]
        if isinstance(args[1], (str, datetime)):
            end = args[1]
        elif isinstance(args[1], Number):
            period = args[1]
    if timespan:
        if isinstance(timespan, tuple):
            start, end = timespan[0], timespan[1]
        elif sum(hasattr(timespan, name) for name in ("start", "end", "period")) >= 2:
            start = start or getattr(timespan, "start", None)
            end = end or getattr(timespan, "end", None)
            period = period or getattr(timespan, "period", None)
    return start, end, period


def _to_datetime(value: Any, name: str) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str):
        import pandas as pd  # only needed for text input

        try:
            parsed = pd.to_datetime(value)
        except (ValueError, OverflowError):
            parsed = None
        if isinstance(parsed, datetime):
            return parsed
    raise ValueError(f"'{name}' must be a datetime or a datetime string.")


def _to_timedelta(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        import pandas as pd  # only needed for text input

        try:
            parsed = pd.Timedelta(value)
        except ValueError:
            parsed = None
        if parsed is not None and not pd.isna(parsed):
            return parsed.to_pytimedelta()
    raise ValueError("'period' must be a pandas time period string or a timedelta.")
