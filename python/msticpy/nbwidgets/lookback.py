"""``Lookback``: a slider choosing how far back from an origin time to look."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import ipywidgets as widgets

from .core import IPyDisplayMixin, default_before_after, default_max_buffer, parse_time_unit

__all__ = ["Lookback"]


class Lookback(IPyDisplayMixin):
    """
    Time look-back slider.

    Parameters
    ----------
    default : int, optional
        Initial look-back (default per unit: 6 hours, 1 day/week, else 60).
    description : str, optional
        Slider label; ``{units}`` is replaced by the unit name (``label`` is an alias).
    origin_time : datetime, optional
        End of the look-back range (default now, UTC).
    min_value : int, optional
        Smallest look-back (default 1).
    max_value : int, optional
        Largest look-back (default per unit, at least 4x ``default``).
    units : str, optional
        "second", "minute", "hour", "day" or "week", or a prefix (default "hour").
    auto_display : bool, optional
        Display the widget at once (default False).
    **kwargs
        ``label``; anything else is ignored, as in msticpy.

    Attributes
    ----------
    start : datetime
        ``origin_time`` minus the look-back (updated when the slider moves).
    end : datetime
        ``origin_time``.

    """

    def __init__(
        self,
        default: int | None = None,
        description: str = "Select time ({units}) to look back",
        origin_time: datetime | None = None,
        min_value: int | None = None,
        max_value: int | None = None,
        units: str = "hour",
        auto_display: bool = False,
        **kwargs: Any,
    ) -> None:
        """Build the slider and compute the initial range."""
        self.origin_time = datetime.now(timezone.utc) if origin_time is None else origin_time
        description = kwargs.pop("label", description)
        self._time_unit = parse_time_unit(units)
        if "{units}" in description:
            description = description.format(units=self._time_unit.name)
        default = default_before_after(default, self._time_unit)
        self._lookback_wgt = widgets.IntSlider(
            value=default,
            min=min_value or 1,
            max=default_max_buffer(max_value, default, self._time_unit),
            step=1,
            description=description,
            layout=widgets.Layout(width="60%", height="50px"),
            style={"description_width": "initial"},
        )
        self.end = self.origin_time
        self.start = self._start_for(self._lookback_wgt.value)
        self._lookback_wgt.observe(self._time_range_change, names="value")
        if auto_display:
            self.display()

    @property
    def layout(self) -> widgets.IntSlider:
        """The slider widget."""
        return self._lookback_wgt

    @property
    def lookback(self) -> int:
        """The chosen look-back, in units."""
        return int(self._lookback_wgt.value)

    @property
    def value(self) -> int:
        """The chosen look-back, in units."""
        return int(self._lookback_wgt.value)

    def _start_for(self, amount: int) -> datetime:
        return self.origin_time - timedelta(seconds=amount * self._time_unit.value)

    def _time_range_change(self, change: Any) -> None:
        del change
        self.start = self._start_for(self._lookback_wgt.value)
