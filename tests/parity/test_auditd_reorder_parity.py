"""
``read_from_file`` on a shuffled audit log equals msticpy 3.0.2 (which groups the whole
file in memory), as long as the re-ordering window covers the disorder.

The log is the seeded ``auditd_generate`` log of 20,000 events with every line shuffled
(the worst case: records of an event spread over the whole file). The default window
(``Limits.audit_max_pending_events``) holds it, so every record finds its event: same
rows, columns and cells as msticpy, no late records and no warning.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pytest

from .auditd_generate import generate_audit_log
from .conftest import add_summary_line, run_reference
from .ref_worker import auditd_frame_json
from .test_auditd_parity import _compare

pytestmark = pytest.mark.parity

N_EVENTS = 20_000


def shuffled_log(seed: int, n_events: int) -> str:
    """The generated log with every line in a random (seeded) position."""
    lines = generate_audit_log(seed, n_events)
    random.Random(seed).shuffle(lines)
    return "\n".join(lines) + "\n"


def test_shuffled_log_matches_reference(ref_python: str, tmp_path: Path) -> None:
    from msticpy.transform import auditdextract

    text = shuffled_log(31, N_EVENTS)
    ref = run_reference(ref_python, {"mode": "auditd_file", "inputs": [text], "kwargs": {}})
    path = tmp_path / "shuffled.log"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = auditdextract.read_from_file(str(path))
    status = frame.attrs["auditd_status"]
    assert status["late_records"] == 0 and status["window_needed"] == 0
    _compare(auditd_frame_json(frame), ref["results"][0], "shuffled log")
    add_summary_line(
        f"auditd shuffled log of {N_EVENTS} events: {len(frame)} rows equal to msticpy "
        f"(msticpy {ref['elapsed']:.1f}s)"
    )
