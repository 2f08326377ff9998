"""TimeSpan: the accepted forms, defaults and errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from msticpy.common.timespan import TimeSpan

START = datetime(2024, 2, 1, 6, tzinfo=timezone.utc)
END = START + timedelta(hours=5)


def test_forms_agree() -> None:
    spans = [
        TimeSpan(start=START, end=END),
        TimeSpan(START, END),
        TimeSpan((START, END)),
        TimeSpan(start=START, period=timedelta(hours=5)),
        TimeSpan(start=START, period="5h"),
        TimeSpan(timespan=TimeSpan(start=START, end=END)),
    ]
    assert all(span == spans[0] for span in spans)
    assert len({hash(span) for span in spans}) == 1
    assert spans[0].period == timedelta(hours=5)
    assert "period=5:00:00" in repr(spans[0])
    assert spans[0] != (START, END)


def test_period_only_ends_now_and_strings_parse() -> None:
    before = datetime.now(timezone.utc)
    span = TimeSpan(period="1D")
    assert before <= span.end and span.end - span.start == timedelta(days=1)
    parsed = TimeSpan(start="2024-02-01 06:00", end="2024-02-01 07:30")
    assert parsed.period == timedelta(minutes=90)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "start"),
        ({"start": "not a time"}, "'start'"),
        ({"start": START, "end": 12}, "'end'"),
        ({"period": "fortnight"}, "'period'"),
    ],
)
def test_bad_input_is_a_value_error(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TimeSpan(**kwargs)
