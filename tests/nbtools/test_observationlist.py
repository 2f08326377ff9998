"""Observation list (msticpy 3.0.2 ``analysis.observationlist``; 0.8.x ``nbtools`` path)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from msticpy.analysis.observationlist import Observation, Observations


def test_classic_path_is_the_same_module() -> None:
    import msticpy.analysis.observationlist as current
    import msticpy.nbtools.observationlist as classic
    from msticpy.nbtools import Observations as FromPackage

    assert classic is current
    assert FromPackage is Observations


def test_add_by_keywords_keeps_extra_properties_and_order() -> None:
    obs = Observations()
    obs.add_observation(caption="first", data=1, description="d", score=5, analyst="me")
    obs.add_observation(Observation(caption="second", data=[1, 2], tags=["t"]))
    assert list(obs.observations) == ["first", "second"]
    assert obs["first"].additional_properties == {"analyst": "me"}
    assert obs["first"].score == 5
    assert [caption for caption, _ in obs] == ["first", "second"]
    assert len(obs) == 2
    copy = Observations(obs)
    copy.add_observation(caption="third", data=None)
    assert len(obs) == 2 and len(copy) == 3


def test_same_caption_replaces() -> None:
    obs = Observations()
    obs.add_observation(caption="x", data=1)
    obs.add_observation(caption="x", data=2)
    assert obs["x"].data == 2 and len(obs) == 1


def test_missing_required_field_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="required"):
        Observations().add_observation(caption="no data")


def test_fields() -> None:
    assert Observation.required_fields() == ["caption", "data"]
    assert {"caption", "data", "score", "tags", "filter", "time_span"} <= Observation.all_fields()


def test_filtered_data_applies_query_and_time_span() -> None:
    frame = pd.DataFrame({"n": [1, 2, 3, 4], "t": pd.date_range("2024-01-01", periods=4, freq="D")})
    span = SimpleNamespace(start=pd.Timestamp("2024-01-02"), end=pd.Timestamp("2024-01-03"))
    obs = Observation(caption="c", data=frame, filter="n > 1", time_span=span, time_column="t")
    assert obs.filtered_data["n"].tolist() == [2, 3]
    assert Observation(caption="c", data="text").filtered_data == "text"


def test_display_shows_caption_description_and_data(monkeypatch: Any) -> None:
    pytest.importorskip("IPython")
    import IPython.display

    shown: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    obs = Observations()
    obs.add_observation(caption="Cap", data="the data", description="Desc", tags=["a", "b"])
    obs.display_observations()
    texts = [getattr(item, "data", item) for item in shown]
    assert texts == ["### Cap", "Desc", "tags: a, b", "the data"]
