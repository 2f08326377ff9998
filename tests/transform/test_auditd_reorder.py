"""Out-of-order audit records: re-assembly within the window, a warning past it.

Logs come from the parity generator; the disorder is ours: a full shuffle of every line,
and bounded displacement (each line moved at most `d` places, as merged or batched
forwarding does). The expected frame is the same file read with a window holding every
event at once, which is msticpy's whole-file grouping (``test_auditd_reorder_parity.py``
checks that against msticpy 3.0.2). The in-order log is not the reference: events that
share a millisecond merge, and for a record type they both have, the later line wins,
so line order matters to msticpy as well.
"""

from __future__ import annotations

import random
import re
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from msticpy.common.exceptions import LimitExceededError, MsticpyLimitWarning
from msticpy.common.limits import Limits
from msticpy.transform import auditdextract

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from parity.auditd_generate import generate_audit_log


def _write(tmp_path: Path, lines: list[str], name: str) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _displaced(lines: list[str], distance: int, rng: random.Random) -> list[str]:
    """Each line moved by at most `distance` places (sort by index plus jitter)."""
    keyed = sorted(range(len(lines)), key=lambda i: i + rng.uniform(0, distance))
    return [lines[i] for i in keyed]


def _quiet_read(path: str, **kwargs: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return auditdextract.read_from_file(path, **kwargs)


def _whole(path: str) -> pd.DataFrame:
    """The file grouped with every event open at once."""
    return _quiet_read(path, limits=Limits(audit_max_pending_events=10**9))


@pytest.fixture(scope="module")
def log_lines() -> list[str]:
    return generate_audit_log(11, 3000)


def test_full_shuffle_within_the_window_is_exact(tmp_path: Path, log_lines: list[str]) -> None:
    ordered = _quiet_read(_write(tmp_path, log_lines, "ordered.log"))
    shuffled = list(log_lines)
    random.Random(12).shuffle(shuffled)
    assert shuffled != log_lines
    path = _write(tmp_path, shuffled, "shuffled.log")
    frame = _quiet_read(path)
    pd.testing.assert_frame_equal(frame, _whole(path))
    assert frame.attrs["auditd_status"]["late_records"] == 0
    # The same events as the ordered log (same-millisecond merges may pick other lines,
    # and so another event type).
    assert list(frame["mssg_id"]) == list(ordered["mssg_id"])


@pytest.mark.parametrize("distance", [5, 50, 500])
def test_bounded_displacement_is_exact_with_a_matching_window(
    tmp_path: Path, log_lines: list[str], distance: int
) -> None:
    moved = _displaced(log_lines, distance, random.Random(distance))
    # A line moves past at most `distance` others and the generator spreads an event's
    # records over a few lines, so fewer than `distance + 20` events start between the
    # first and the last record of one event.
    path = _write(tmp_path, moved, "moved.log")
    frame = _quiet_read(path, limits=Limits(audit_max_pending_events=distance + 20))
    pd.testing.assert_frame_equal(frame, _whole(path))


def test_overflow_warns_with_the_window_that_would_hold_it(
    tmp_path: Path, log_lines: list[str]
) -> None:
    shuffled = list(log_lines)
    random.Random(13).shuffle(shuffled)
    path = _write(tmp_path, shuffled, "shuffled.log")
    expected = _whole(path)
    with pytest.warns(MsticpyLimitWarning) as caught:
        small = auditdextract.read_from_file(path, limits=Limits(audit_max_pending_events=100))
    status = small.attrs["auditd_status"]
    assert status["late_records"] > 0 and len(small) > len(expected)
    message = str(caught[0].message)
    assert "audit_max_pending_events" in message
    assert f"{status['late_records']} records arrived after their event" in message
    suggested = int(re.search(r"audit_max_pending_events=(\d+) would hold", message)[1])
    assert suggested == status["window_needed"] > 100
    # The suggested window is enough.
    frame = _quiet_read(path, limits=Limits(audit_max_pending_events=suggested))
    pd.testing.assert_frame_equal(frame, expected)
    with pytest.raises(LimitExceededError, match="audit_max_pending_events"):
        auditdextract.read_from_file(path, limits=Limits(audit_max_pending_events=100, strict=True))


def test_default_window_covers_a_shuffled_log_of_twenty_thousand_events(
    tmp_path: Path,
) -> None:
    assert Limits().audit_max_pending_events >= 20_000
    lines = generate_audit_log(14, 20_000)
    random.Random(15).shuffle(lines)
    frame = _quiet_read(_write(tmp_path, lines, "big.log"))
    keys = {line.split("msg=audit(", 1)[1].split(":", 1)[0] for line in lines}
    assert len(frame) == len(keys)
    assert frame.attrs["auditd_status"]["late_records"] == 0
