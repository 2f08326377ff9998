"""The library's progress helper (msticpy.common.progress) and who uses it."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("tqdm")

from msticpy.common import progress
from msticpy.common.progress import Progress


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_automatic_mode_is_silent_for_small_jobs() -> None:
    stream = Terminal()
    with Progress(10, "small", min_total=100, file=stream) as bar:
        bar.update(10)
    assert not bar.shown
    assert stream.getvalue() == ""


def test_automatic_mode_is_silent_when_nobody_watches() -> None:
    stream = io.StringIO()  # not a terminal, not a notebook
    with Progress(10_000, "big", min_total=100, file=stream) as bar:
        bar.advance_to(10_000)
    assert not bar.shown and stream.getvalue() == ""


def test_large_job_on_a_terminal_draws_a_bar() -> None:
    stream = Terminal()
    with Progress(1000, "scan", "it", min_total=100, file=stream) as bar:
        assert bar.shown
        bar.advance_to(400)
        bar.advance_to(300)  # never backwards
        bar.update(100)
        assert bar.done == 500
        bar.advance_to(5000)  # never past the total
        assert bar.done == 1000
    text = stream.getvalue()
    assert "scan" in text and "1000/1000" in text and "100%" in text


def test_forced_modes() -> None:
    stream = io.StringIO()
    with Progress(3, "forced", show=True, file=stream) as bar:
        bar.update(3)
    assert "3/3" in stream.getvalue()
    quiet = Terminal()
    with Progress(10**9, "off", show=False, min_total=1, file=quiet):
        pass
    assert quiet.getvalue() == ""


def test_byte_units_scale() -> None:
    stream = io.StringIO()
    with Progress(5_000_000, "read", "B", show=True, file=stream) as bar:
        bar.advance_to(5_000_000)
    text = stream.getvalue()
    assert "5.00M/5.00M" in text and "B/s" in text


def test_notebook_detection_does_not_import_ipython(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert progress.in_notebook() is False
    assert "IPython" not in sys.modules

    class Shell:
        kernel = object()

    class FakeIPython:
        @staticmethod
        def get_ipython() -> Any:
            return Shell()

    monkeypatch.setitem(sys.modules, "IPython", FakeIPython)
    assert progress.in_notebook() is True


def test_auditd_reader_reports_through_the_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from msticpy.transform import auditdextract

    made: list[Progress] = []
    real = progress.Progress

    def spy(*args: Any, **kwargs: Any) -> Progress:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(progress, "Progress", spy)
    log = tmp_path / "audit.log"
    log.write_text(
        "type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=59 success=yes exit=0 "
        'pid=10 ppid=1 uid=0 auid=0 comm="ls" exe="/bin/ls"\n'
        'type=EXECVE msg=audit(1700000000.000:1): argc=1 a0="ls"\n'
    )
    auditdextract.read_from_file(str(log))
    assert len(made) == 1 and made[0].total == log.stat().st_size
    assert made[0].done == made[0].total and not made[0].shown  # small file: silent


def test_track_counts_items_and_closes() -> None:
    stream = Terminal()
    bar = Progress(3, "items", min_total=2, file=stream)
    assert list(bar.track(["a", "b", "c"])) == ["a", "b", "c"]
    assert bar.done == 3 and not bar.shown  # closed when the items ran out
    assert "3/3" in stream.getvalue()
    stopped = Progress(3, "items", show=True, file=io.StringIO())
    for _ in stopped.track(range(3)):
        break
    assert stopped.done == 0


def test_split_queries_report_through_the_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    from msticpy.data.core import query_provider_connections_mixin as mixin

    monkeypatch.setattr(progress, "_is_terminal", lambda stream: True)
    assert mixin._progress([1], 1, False) == [1]
    tracked = mixin._progress(iter([1, 2]), 2, True)
    assert list(tracked) == [1, 2]
