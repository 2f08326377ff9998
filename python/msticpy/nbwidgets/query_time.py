"""
``QueryTime``: pick a query's start and end around an origin time.

The widget shows an origin date and time, a range slider of units before (negative) and
after (positive) the origin, a unit drop-down and the resulting start and end (UTC).
Times can instead be given as ``start``/``end`` or a ``TimeSpan``; the unit is then
inferred from the span's length unless ``units`` is given. Values follow msticpy 3.0.2,
including its unit inference when ``units`` is omitted (for example ``QueryTime()``
spans 60 minutes either side of now and reports its unit as hours).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any, ClassVar

import ipywidgets as widgets

from ..common.timespan import TimeSpan
from ..common.utility import check_kwargs
from .core import (
    IPyDisplayMixin,
    RegisteredWidget,
    TimeUnit,
    default_before_after,
    default_max_buffer,
    parse_time_unit,
)

__all__ = ["QueryTime"]

_WIDE_LABEL = {"description_width": "initial"}


def _utc_aware(value: datetime) -> datetime:
    """Return ``value``, marked as UTC when it carries no time zone."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _utc_text(value: datetime) -> str:
    """Format a time as UTC text without the ``+00:00`` suffix."""
    return _utc_aware(value).astimezone(timezone.utc).isoformat(sep=" ").replace("+00:00", "")


def _parse_clock(text: str) -> time:
    """Parse ``HH:MM:SS`` with or without fractional seconds."""
    for fmt in ("%H:%M:%S.%f", "%H:%M:%S"):
        try:
            return datetime.strptime(text.strip(), fmt).time()
        except ValueError:
            continue
    raise ValueError(f"not a 24-hour time: {text!r}")


class QueryTime(RegisteredWidget, IPyDisplayMixin):
    """
    Composite widget setting the start and end times of queries.

    Parameters
    ----------
    description : str, optional
        Heading shown above the controls (default "Set query time boundaries");
        ``label`` is an alias.
    label : str, optional
        Alias of ``description``.
    before : int, optional
        Units before the origin (default per unit: 60 seconds/minutes, 6 hours,
        1 day/week).
    after : int, optional
        Units after the origin (same defaults as ``before``).
    units : str, optional
        "second", "minute", "hour", "day" or "week" (any prefix). Without it the unit is
        inferred from the span: days above 1 day, hours above 1 hour, else minutes.
    origin_time : datetime, optional
        Origin of the range (default now, UTC; naive times are taken as UTC).
    max_before : int, optional
        Largest ``before`` on the slider (default per unit, at least 4x ``before``).
    max_after : int, optional
        Largest ``after`` on the slider (default per unit, at least 4x ``after``).
    timespan : TimeSpan, optional
        The range to show (its end becomes the origin).
    start : datetime | str, optional
        Start of the range (with ``end``).
    end : datetime | str, optional
        End of the range (with ``start``); becomes the origin.
    auto_display : bool, optional
        Display the widget at once (default False).
    **kwargs
        ``RegisteredWidget`` arguments (``register``, ``nb_params``, ``name_space``...).

    Raises
    ------
    NameError
        For any other keyword argument.

    """

    _ALLOWED_KWARGS: ClassVar[list[str]] = ["register", *RegisteredWidget.ALLOWED_KWARGS]
    #: Attributes remembered across re-runs of the same cell.
    IDS_ATTRIBS: ClassVar[list[str]] = ["before", "after", "_query_start", "_query_end", "_label"]
    _NB_PARAMS: ClassVar[dict[str, str]] = {
        "start": "_query_start",
        "end": "_query_end",
        "timespan": "timespan",
    }

    def __init__(
        self,
        *,
        description: str | None = None,
        label: str | None = None,
        before: int | None = None,
        after: int | None = None,
        units: str | None = None,
        origin_time: datetime | None = None,
        max_before: int | None = None,
        max_after: int | None = None,
        timespan: TimeSpan | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        auto_display: bool = False,
        **kwargs: Any,
    ) -> None:
        """Work out the range, build the controls and restore any remembered values."""
        check_kwargs(kwargs, self._ALLOWED_KWARGS)
        self._label: str = description or label or "Set query time boundaries"
        self._time_unit: TimeUnit = parse_time_unit(units or "min")
        self.before: int = 0
        self.after: int = 0
        self.max_before: int = 0
        self.max_after: int = 0
        self._query_start: datetime
        self._query_end: datetime
        self.origin_time: datetime = _utc_aware(origin_time or datetime.now(timezone.utc))
        self._resolve_range(timespan, start, end, units=units, before=before, after=after)
        self._set_max(max_before, max_after)

        self._w_origin_dt = widgets.DatePicker(description="Origin Date")
        self._w_origin_tm = widgets.Text(description="Time (24hr)")
        self._w_tm_range = widgets.IntRangeSlider(
            value=(-self.before, self.after),
            min=-self.max_before,
            max=self.max_after,
            step=1,
            description="Time Range",
            continuous_update=True,
            orientation="horizontal",
            readout=True,
            readout_format="d",
            layout=widgets.Layout(width="70%"),
            style=_WIDE_LABEL,
        )
        self._w_time_unit = widgets.Dropdown(
            options=[unit.name.capitalize() for unit in TimeUnit],
            value=self._time_unit.name.capitalize(),
            layout=widgets.Layout(width="100px"),
        )
        self._w_start_time_txt = widgets.Text(
            description="Query start time (UTC):",
            layout=widgets.Layout(width="50%"),
            style=_WIDE_LABEL,
        )
        self._w_end_time_txt = widgets.Text(
            description="Query end time (UTC) :  ",
            layout=widgets.Layout(width="50%"),
            style=_WIDE_LABEL,
        )
        identity = [
            self.origin_time,
            self.before,
            self.after,
            self.max_before,
            self.max_after,
            self._label,
            self._time_unit,
        ]
        register_kwargs = {key: val for key, val in kwargs.items() if key != "id_vals"}
        register_kwargs.pop("val_attrs", None)
        super().__init__(id_vals=identity, val_attrs=self.IDS_ATTRIBS, **register_kwargs)
        self._handlers_on = False
        self._update_ui_controls()
        self.layout: widgets.VBox = self._create_layout()
        if auto_display:
            self.display()

    # ----- public API -------------------------------------------------------------

    @property
    def start(self) -> datetime:
        """Start of the query range."""
        return self._query_start

    @property
    def end(self) -> datetime:
        """End of the query range."""
        return self._query_end

    @property
    def units(self) -> str:
        """The slider's unit, capitalised ("Minute", "Day"...)."""
        return self._time_unit.name.capitalize()

    @property
    def timespan(self) -> TimeSpan:
        """The range as a ``TimeSpan``."""
        return TimeSpan(start=self.start, end=self.end)

    @timespan.setter
    def timespan(self, value: TimeSpan) -> None:
        self.set_time(timespan=value)

    @property
    def value(self) -> TimeSpan:
        """The range as a ``TimeSpan`` (setting it calls ``set_time``)."""
        return self.timespan

    @value.setter
    def value(self, value: TimeSpan) -> None:
        self.set_time(timespan=value)

    def set_time(
        self,
        timespan: TimeSpan | None = None,
        start: datetime | str | None = None,
        end: datetime | str | None = None,
    ) -> None:
        """
        Show a new range: a ``timespan``, or ``start`` and ``end`` together.

        Parameters
        ----------
        timespan : TimeSpan, optional
            The new range (its end becomes the origin).
        start : datetime | str, optional
            Start of the range (needs ``end``).
        end : datetime | str, optional
            End of the range (needs ``start``); becomes the origin.

        Notes
        -----
        With neither, only the controls are refreshed from the attributes.

        """
        if timespan or (start and end):
            self.before = self.after = 0
            self._resolve_range(timespan, start, end)
        self._update_ui_controls()

    # ----- range arithmetic ---------------------------------------------------------

    def _resolve_range(
        self,
        timespan: Any,
        start: Any,
        end: Any,
        *,
        units: str | None = None,
        before: int | None = None,
        after: int | None = None,
    ) -> None:
        """Set start, end, origin, before and after from whichever form was given."""
        if timespan or (start and end):
            span = timespan if timespan else TimeSpan(start=start, end=end)
            self._query_start = _utc_aware(span.start)
            self._query_end = self.origin_time = _utc_aware(span.end)
        else:
            self.before = default_before_after(before, self._time_unit)
            self.after = default_before_after(after, self._time_unit)
            self._query_start = self.origin_time - timedelta(
                seconds=self.before * self._time_unit.value
            )
            self._query_end = self.origin_time + timedelta(
                seconds=self.after * self._time_unit.value
            )
        if not units:
            self._time_unit = self._infer_unit()
        if self.after == 0 and after:
            self.after = after
        if self.before == 0:
            span_seconds = (self._query_end - self._query_start).total_seconds()
            self.before = before or int(span_seconds / self._time_unit.value)

    def _infer_unit(self) -> TimeUnit:
        """Choose a unit that suits the current span's length."""
        span = self._query_end - self._query_start
        if abs(span.days) > 1:
            return TimeUnit.DAY
        if abs(span.total_seconds()) > 3600:
            return TimeUnit.HOUR
        return TimeUnit.MINUTE

    def _set_max(self, max_before: int | None, max_after: int | None) -> None:
        self.max_before = default_max_buffer(max_before, self.before or 1, self._time_unit)
        self.max_after = default_max_buffer(max_after, self.after or 1, self._time_unit)

    def _offset(self, units: int) -> datetime:
        return self.origin_time + timedelta(seconds=units * self._time_unit.value)

    # ----- controls -----------------------------------------------------------------

    def _create_layout(self) -> widgets.VBox:
        return widgets.VBox(
            [
                widgets.HTML(f"<h4>{self._label}</h4>"),
                widgets.HBox([self._w_origin_dt, self._w_origin_tm]),
                widgets.VBox(
                    [
                        widgets.HBox([self._w_tm_range, self._w_time_unit]),
                        self._w_start_time_txt,
                        self._w_end_time_txt,
                    ]
                ),
            ]
        )

    def _enable_handlers(self) -> None:
        self._w_tm_range.observe(self._time_range_change, names="value")
        self._w_origin_dt.observe(self._update_origin, names="value")
        self._w_origin_tm.observe(self._update_origin, names="value")
        self._w_time_unit.observe(self._change_time_unit, names="value")
        self._handlers_on = True

    def _disable_handlers(self) -> None:
        if self._handlers_on:
            self._w_tm_range.unobserve(self._time_range_change, names="value")
            self._w_origin_dt.unobserve(self._update_origin, names="value")
            self._w_origin_tm.unobserve(self._update_origin, names="value")
            self._w_time_unit.unobserve(self._change_time_unit, names="value")
            self._handlers_on = False

    def _update_ui_controls(self) -> None:
        """Copy the attributes into the controls (without triggering the handlers)."""
        self._disable_handlers()
        self._show_start_end()
        self._set_time_slider_settings()
        self._w_origin_dt.value = self.origin_time.date()
        self._w_origin_tm.value = self.origin_time.time().isoformat()
        self._w_time_unit.value = self.units
        self._enable_handlers()

    def _set_time_slider_settings(self) -> None:
        """Put before/after and their maxima on the slider (values first, as msticpy)."""
        self._w_tm_range.value = (-self.before, self.after)
        self._w_tm_range.min = -self.max_before
        self._w_tm_range.max = self.max_after

    def _show_start_end(self) -> None:
        self._w_start_time_txt.value = _utc_text(self._query_start)
        self._w_end_time_txt.value = _utc_text(self._query_end)

    def _update_start_and_end_from_slider(self) -> None:
        low, high = self._w_tm_range.value
        self._query_start = self._offset(low)
        self._query_end = self._offset(high)
        self._show_start_end()

    # ----- event handlers -----------------------------------------------------------

    def _time_range_change(self, change: Any) -> None:
        """Slider moved: recompute start and end."""
        del change
        self._update_start_and_end_from_slider()
        low, high = self._w_tm_range.value
        self.before, self.after = abs(low), abs(high)

    def _change_time_unit(self, change: Any) -> None:
        """Unit changed: reset before/after and the maxima to the unit's defaults."""
        self._time_unit = parse_time_unit(change["new"])
        self.before = default_before_after(None, self._time_unit)
        self.after = default_before_after(None, self._time_unit)
        self._set_max(None, None)
        self._set_time_slider_settings()
        self._update_start_and_end_from_slider()

    def _update_origin(self, change: Any) -> None:
        """Origin date or time edited: move the range, or undo an unreadable edit."""
        del change
        try:
            clock = _parse_clock(self._w_origin_tm.value)
            origin = datetime.combine(self._w_origin_dt.value, clock)
        except (ValueError, TypeError):
            self._disable_handlers()
            self._w_origin_dt.value = self.origin_time.date()
            self._w_origin_tm.value = self.origin_time.time().isoformat()
            self._enable_handlers()
            return
        self.origin_time = _utc_aware(origin)
        self._time_range_change(None)
