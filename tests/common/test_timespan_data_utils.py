"""TimeSpan parsing and the data_utils DataFrame helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from msticpy.common.data_utils import (
    df_has_data,
    ensure_df_datetimes,
    ensure_df_timedeltas,
    parse_timespan,
)
from msticpy.common.timespan import TimeSpan


def test_timespan_forms() -> None:
    start = datetime(2024, 1, 1)
    span = TimeSpan(start=start, period=timedelta(hours=2))
    assert span.end == datetime(2024, 1, 1, 2)
    assert TimeSpan(start, datetime(2024, 1, 2)).period == timedelta(days=1)
    assert TimeSpan(timespan=span) == span
    assert TimeSpan((start, "2024-01-03")).end == pd.Timestamp("2024-01-03")
    assert TimeSpan(start="2024-01-01", period="1D").end == pd.Timestamp("2024-01-02")
    assert hash(span) == hash(TimeSpan(start=start, end=datetime(2024, 1, 1, 2)))
    assert span != "x"
    assert repr(span).startswith("TimeSpan(start=2024-01-01 00:00:00")


def test_timespan_defaults_end_to_now() -> None:
    span = TimeSpan(period="1h")
    assert abs(span.end - datetime.now(timezone.utc)) < timedelta(minutes=1)
    assert span.period == timedelta(hours=1)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"end": "2024-01-01"}, {"start": "nonsense"}, {"start": "2024-01-01", "period": "x"}],
)
def test_timespan_errors(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        TimeSpan(**kwargs)


def test_parse_timespan_kql_forms() -> None:
    assert parse_timespan("1.02:03:04") == pd.Timedelta(days=1, hours=2, minutes=3, seconds=4)
    assert parse_timespan("00:00:00.001") == pd.Timedelta(milliseconds=1)
    assert parse_timespan(10_000_000) == pd.Timedelta(seconds=1)
    assert parse_timespan(None) is None
    with pytest.raises(ValueError):
        parse_timespan("soon")


def test_frame_helpers() -> None:
    frame = pd.DataFrame(
        {
            "TimeGenerated": ["2024-01-01 00:00:00", "2024-01-02 00:00:00"],
            "EndTime": pd.to_datetime(["2024-01-01", "2024-01-03"]),
            "Duration": ["1.00:00:00", "00:00:01"],
            "Name": ["a", "b"],
        }
    )
    converted = ensure_df_datetimes(frame)
    assert str(converted["TimeGenerated"].dtype) == "datetime64[ns, UTC]"
    assert str(converted["EndTime"].dt.tz) == "UTC"
    assert converted["Name"].tolist() == ["a", "b"]
    deltas = ensure_df_timedeltas(frame, "Duration")
    assert pd.api.types.is_timedelta64_dtype(deltas["Duration"])
    assert deltas["Duration"][0] == pd.Timedelta(days=1)
    assert df_has_data(frame) and not df_has_data(pd.DataFrame()) and not df_has_data(None)
