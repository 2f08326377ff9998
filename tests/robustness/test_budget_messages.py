"""
Budget and pattern errors a person can act on (issue 16): each names the argument or
``Limits`` field, the problem and, for budgets, what to change. The texts are asserted.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from msticpy.common.exceptions import InvalidPatternError, LimitExceededError
from msticpy.common.limits import Limits, default_limits, set_default_limits
from msticpy.transform.iocextract import IoCExtract
from parity.proctree_generate import shell_chain


@pytest.fixture(autouse=True)
def _keep_default_limits():
    saved = default_limits()
    yield
    set_default_limits(saved)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ioc_max_matches_per_cell", -1),
        ("decode_max_total_bytes", 2**70),
        ("audit_max_pending_events", 2**64),
        ("threads", 1.5),
        ("b64_max_depth", True),
    ],
)
def test_out_of_range_numbers_are_refused_when_set(field: str, value: Any) -> None:
    before = default_limits()
    with pytest.raises(ValueError, match=f"^Limits.{field} must be a whole number") as err:
        set_default_limits(**{field: value})
    assert "from 0 to 2**63-1" in str(err.value)
    assert repr(value) in str(err.value)
    assert default_limits() == before  # nothing half-applied
    with pytest.raises(ValueError, match=f"Limits.{field}"):
        Limits(**{field: value})


def test_other_field_kinds_are_checked() -> None:
    with pytest.raises(ValueError, match=r"Limits.strict must be True or False, not 1"):
        set_default_limits(strict=1)
    with pytest.raises(ValueError, match=r"Limits.ioc_scan_deadline_s must be a number"):
        set_default_limits(ioc_scan_deadline_s=float("inf"))
    with pytest.raises(ValueError, match=r"unknown Limits field\(s\) max_hits; known fields:"):
        set_default_limits(max_hits=3)
    # Valid values still pass, and 2**63-1 is the largest.
    assert set_default_limits(decode_max_total_bytes=2**63 - 1).decode_max_total_bytes
    assert set_default_limits(ioc_scan_deadline_s=0).ioc_scan_deadline_s == 0


def test_surrogate_in_a_pattern_is_an_invalid_pattern() -> None:
    with pytest.raises(InvalidPatternError) as err:
        IoCExtract().add_ioc_type("t", "ab\ud800c")
    assert str(err.value) == (
        "invalid pattern for IoC type 't': remove the lone surrogate U+D800 from the "
        "pattern (it is not valid Unicode text, so it can never be matched) at position 2"
    )
    assert err.value.pos == 2
    with pytest.raises(InvalidPatternError, match=r"U\+DC00 from the IoC type name"):
        IoCExtract().add_ioc_type("t\udc00", "abc")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(", "missing ), unterminated subpattern at position 0"),
        ("[", "unterminated character set at position 0"),
        ("a{2,1}", "min repeat greater than max repeat at position 2"),
    ],
)
def test_pattern_position_is_given_once(pattern: str, message: str) -> None:
    with pytest.raises(InvalidPatternError) as err:
        IoCExtract().add_ioc_type("t", pattern)
    assert str(err.value) == f"invalid pattern for IoC type 't': {message}"


def test_min_cluster_samples_out_of_range() -> None:
    from msticpy.analysis.eventcluster import dbcluster_events

    data = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError) as err:
        dbcluster_events(data=data, cluster_columns=["a"], min_cluster_samples=10**20)
    assert "min_cluster_samples" in str(err.value)
    assert "from 1 to 2**63-1, got 100000000000000000000" in str(err.value)


def test_process_tree_budget_names_the_keyword() -> None:
    from msticpy.transform.proc_tree_builder import build_process_tree
    from msticpy.transform.proc_tree_schema import LX_EVENT_SCH

    frame = pd.DataFrame(shell_chain(1500))
    with pytest.raises(LimitExceededError) as err:
        build_process_tree(frame, schema=LX_EVENT_SCH, max_path_bytes=100_000)
    text = str(err.value)
    assert text.startswith("limit 'max_path_bytes' exceeded: process tree paths need ")
    assert "pass max_path_bytes=" in text
    assert "to build_process_tree" in text
    assert "proctree_max_path_bytes" not in text
    with pytest.raises(ValueError, match=r"^max_path_bytes must be a whole number .* not -1$"):
        build_process_tree(frame, schema=LX_EVENT_SCH, max_path_bytes=-1)
