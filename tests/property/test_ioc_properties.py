"""Hypothesis properties at the Python boundary of IoC extraction."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msticpy.transform.iocextract import IoCExtract

EXTRACTOR = IoCExtract()
IOC_ALPHABET = st.sampled_from(
    [
        *"abcdef0123456789.:/[]@%-_ \n\\",
        *["[.]", "[at]", "hxxp://", "http://", "é", "文", "\udcff", "\u200b", ".com", "::"],
    ]
)
TEXT = st.lists(IOC_ALPHABET, max_size=60).map("".join) | st.text(max_size=80)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_string_extraction_never_fails_on_text(text: str) -> None:
    if not text.strip():
        return
    result = EXTRACTOR.extract(src=text)
    assert all(isinstance(v, set) for v in result.values())


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_matches_point_back_into_the_text(text: str) -> None:
    rows = EXTRACTOR.extract_matches(src=text, include_paths=True)
    for raw, start, end in zip(rows["Raw"], rows["Start"], rows["End"]):
        assert text[start:end] == raw


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(TEXT, st.none(), st.integers(), st.floats(), st.binary()), max_size=20))
def test_dataframe_cells_of_any_type(cells: list) -> None:
    frame = pd.DataFrame({"t": pd.Series(cells, dtype=object)})
    result = EXTRACTOR.extract_df(frame, ["t"])
    assert list(result.columns) == ["IoCType", "Observable", "SourceIndex", "Input"]
    assert set(result["SourceIndex"]) <= set(range(len(cells)))
