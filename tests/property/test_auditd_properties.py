"""Hypothesis properties at the Python boundary of the auditd parser."""

from __future__ import annotations

import contextlib
import io
import tempfile
import warnings

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msticpy.transform import auditdextract

PIECES = st.sampled_from(
    [
        "type=SYSCALL ",
        "type=EXECVE ",
        "type=PROCTITLE ",
        "type=USER_CMD ",
        "type=X ",
        "msg=audit(",
        "1700000000.5",
        ":12",
        ")",
        ": ",
        "argc=",
        "a0=",
        "a1=",
        "a3=",
        "proctitle=",
        "cmd=",
        "pid=",
        "uid=",
        "4294967295",
        "41",
        "ZZ",
        "6C73",
        '"',
        "'",
        " ",
        "  ",
        "=",
        "\t",
        "\r",
        "\x1d",
        "\x00",
        "é",
        "\udcff",
        "nan",
        "-1",
        "99999999999999999999",
    ]
)
LINE = st.lists(PIECES, max_size=25).map("".join)
LOG = st.lists(LINE, max_size=30)


def _read(lines: list[str]) -> pd.DataFrame:
    with tempfile.NamedTemporaryFile("wb", suffix=".log") as fh:
        fh.write("\n".join(lines).encode("utf-8", "surrogateescape"))
        fh.flush()
        return auditdextract.read_from_file(fh.name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LOG)
def test_any_log_gives_a_frame_and_nothing_on_stdout(lines: list[str]) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = _read(lines)
    assert out.getvalue() == ""
    status = frame.attrs["auditd_status"]
    assert len(frame) == status["events"]
    assert "EventType" in frame and "TimeGenerated" in frame
    if len(frame):
        assert list(frame.index) == sorted(frame.index)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LOG)
def test_frame_forms_never_raise(lines: list[str]) -> None:
    text = pd.Series(lines or [""], dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = auditdextract.extract_events_to_df(pd.DataFrame({"AuditdMessage": text}))
        records = [[{line[:8]: line.split(" ")}] for line in text]
        la = auditdextract.extract_events_to_df(
            pd.DataFrame({"AuditdMessage": records, "mssg_id": text})
        )
    assert len(raw) <= len(text) and len(la) <= len(text)
