"""QueryTime and Lookback: defaults per unit, maxima, start/end arithmetic, events."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("ipywidgets")

from msticpy.common.timespan import TimeSpan
from msticpy.nbwidgets import Lookback, QueryTime, TimeUnit, parse_time_unit

ORIGIN = datetime(2024, 3, 10, 8, 30, 15, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("units", "name", "before", "max_before"),
    [
        ("day", "Day", 1, 28),
        ("hour", "Hour", 6, 72),
        ("min", "Minute", 60, 240),
        ("week", "Week", 1, 20),
        ("s", "Second", 60, 240),
    ],
)
def test_defaults_per_unit(units: str, name: str, before: int, max_before: int) -> None:
    qt = QueryTime(origin_time=ORIGIN, units=units, register=False)
    unit = TimeUnit[name.upper()]
    assert (qt.units, qt.before, qt.after) == (name, before, before)
    assert (qt.max_before, qt.max_after) == (max_before, max_before)
    assert qt.start == ORIGIN - timedelta(seconds=before * unit)
    assert qt.end == ORIGIN + timedelta(seconds=before * unit)
    assert qt._w_tm_range.value == (-before, before)
    assert (qt._w_tm_range.min, qt._w_tm_range.max) == (-max_before, max_before)


def test_unit_inferred_when_not_given() -> None:
    # msticpy's quirk: 60 minutes either side is a 2-hour span, so the unit shows hours.
    qt = QueryTime(origin_time=ORIGIN, register=False)
    assert qt.units == "Hour"
    assert (qt.before, qt.after) == (60, 60)
    assert qt.end - qt.start == timedelta(hours=2)


def test_maxima_grow_with_the_defaults_and_take_magnitudes() -> None:
    qt = QueryTime(origin_time=ORIGIN, units="hour", before=30, after=2, register=False)
    assert (qt.max_before, qt.max_after) == (120, 72)
    qt = QueryTime(
        origin_time=ORIGIN, units="day", before=-3, max_before=-50, max_after=5, register=False
    )
    assert (qt.before, qt.max_before, qt.max_after) == (3, 50, 5)
    assert qt.start == ORIGIN - timedelta(days=3)


def test_start_end_and_timespan_inputs() -> None:
    start, end = ORIGIN - timedelta(days=3), ORIGIN
    qt = QueryTime(start=start, end=end, register=False)
    assert (qt.start, qt.end, qt.origin_time) == (start, end, end)
    assert (qt.units, qt.before, qt.after) == ("Day", 3, 0)
    qt = QueryTime(timespan=TimeSpan(start=end - timedelta(hours=5), end=end), register=False)
    assert (qt.units, qt.before, qt.after) == ("Hour", 5, 0)
    naive = QueryTime(start="2024-01-01 00:00", end="2024-01-01 00:30", register=False)
    assert naive.start.tzinfo is not None and naive.units == "Minute"
    assert naive.timespan == TimeSpan(start=naive.start, end=naive.end)
    assert naive.value.period == timedelta(minutes=30)


def test_set_time_and_value_setter() -> None:
    qt = QueryTime(origin_time=ORIGIN, units="hour", register=False)
    qt.set_time(start=ORIGIN - timedelta(days=2, hours=1), end=ORIGIN)
    assert (qt.units, qt.before, qt.after) == ("Day", 2, 0)
    assert qt._w_start_time_txt.value == "2024-03-08 07:30:15"
    qt.value = TimeSpan(start=ORIGIN, period="45min")
    assert qt.end == ORIGIN + timedelta(minutes=45) and qt.units == "Minute"


def test_slider_moves_start_and_end() -> None:
    qt = QueryTime(origin_time=ORIGIN, units="hour", register=False)
    qt._w_tm_range.value = (-10, 3)
    assert (qt.before, qt.after) == (10, 3)
    assert qt.start == ORIGIN - timedelta(hours=10)
    assert qt.end == ORIGIN + timedelta(hours=3)
    assert qt._w_end_time_txt.value == "2024-03-10 11:30:15"


def test_unit_change_resets_to_the_unit_defaults() -> None:
    qt = QueryTime(origin_time=ORIGIN, units="minute", register=False)
    qt._w_time_unit.value = "Day"
    assert (qt.units, qt.before, qt.after, qt.max_before) == ("Day", 1, 1, 28)
    assert qt.start == ORIGIN - timedelta(days=1)


def test_origin_edits_move_the_range_and_bad_text_is_undone() -> None:
    qt = QueryTime(origin_time=ORIGIN, units="hour", register=False)
    qt._w_origin_tm.value = "10:00:00"
    assert qt.origin_time == datetime(2024, 3, 10, 10, tzinfo=timezone.utc)
    assert qt.start == datetime(2024, 3, 10, 4, tzinfo=timezone.utc)
    qt._w_origin_tm.value = "25:99"
    assert qt._w_origin_tm.value == "10:00:00"
    assert qt.origin_time == datetime(2024, 3, 10, 10, tzinfo=timezone.utc)


def test_registry_restores_values_on_rerun() -> None:
    first = QueryTime(origin_time=ORIGIN, units="hour", description="rerun")
    first._w_tm_range.value = (-20, 4)
    second = QueryTime(origin_time=ORIGIN, units="hour", description="rerun")
    assert (second.before, second.after) == (20, 4)
    assert second.start == ORIGIN - timedelta(hours=20)
    assert second._w_tm_range.value == (-20, 4)
    other = QueryTime(origin_time=ORIGIN, units="hour", description="another")
    assert (other.before, other.after) == (6, 6)
    fresh = QueryTime(origin_time=ORIGIN, units="hour", description="rerun", register=False)
    assert (fresh.before, fresh.after) == (6, 6)


def test_unknown_keyword_is_a_name_error() -> None:
    with pytest.raises(NameError, match="orgin_time"):
        QueryTime(orgin_time=ORIGIN)


def test_parse_time_unit() -> None:
    assert parse_time_unit("Weeks") is TimeUnit.WEEK
    assert parse_time_unit("s") is TimeUnit.SECOND
    assert parse_time_unit("HOUR") is TimeUnit.HOUR
    assert parse_time_unit("") is TimeUnit.MINUTE
    assert parse_time_unit("fortnight") is TimeUnit.MINUTE
    assert int(TimeUnit.DAY) == 86400


def test_lookback() -> None:
    lb = Lookback(origin_time=ORIGIN)
    assert (lb.value, lb.lookback, lb.layout.max, lb.layout.min) == (6, 6, 72, 1)
    assert lb.layout.description == "Select time (HOUR) to look back"
    assert (lb.start, lb.end) == (ORIGIN - timedelta(hours=6), ORIGIN)
    lb.layout.value = 10
    assert lb.start == ORIGIN - timedelta(hours=10)
    lb = Lookback(default=100, units="day", origin_time=ORIGIN, label="back {units}")
    assert (lb.value, lb.layout.max, lb.layout.description) == (100, 400, "back DAY")
