"""Entities nested past the depth limit warn once per call (issue 16)."""

from __future__ import annotations

import warnings

import pytest

from msticpy.common.exceptions import MsticpyLimitWarning
from msticpy.datamodel.entities import Entity, Process
from msticpy.datamodel.entities.entity import MAX_ENTITY_DEPTH

MESSAGE = (
    f"entities nested deeper than {MAX_ENTITY_DEPTH} levels (MAX_ENTITY_DEPTH in "
    "msticpy.datamodel.entities.entity) were kept as raw mappings, not converted to "
    "Entity objects"
)


def _chain(levels: int) -> dict:
    raw: dict = {"Type": "process", "ProcessId": "leaf"}
    for depth in range(levels):
        raw = {"Type": "process", "ProcessId": str(depth), "ParentProcess": raw}
    return raw


@pytest.mark.parametrize("levels", [MAX_ENTITY_DEPTH + 1, 5000])
def test_too_deep_warns_once_naming_the_limit(levels: int) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        proc = Process(src_entity=_chain(levels))
    limit_warnings = [w for w in caught if issubclass(w.category, MsticpyLimitWarning)]
    assert [str(w.message) for w in limit_warnings] == [MESSAGE]
    assert limit_warnings[0].filename == __file__
    assert isinstance(proc, Process)


def test_within_the_limit_is_silent() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proc = Entity.instantiate_entity(_chain(MAX_ENTITY_DEPTH - 1))
    assert isinstance(proc, Process)


def test_each_call_warns_again() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Process(src_entity=_chain(200))
        Process(src_entity=_chain(200))
        Process(src_entity=_chain(10))
    assert [str(w.message) for w in caught] == [MESSAGE, MESSAGE]
