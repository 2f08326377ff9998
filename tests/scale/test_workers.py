"""What the helpers ship to workers pickles, and compiled state is rebuilt after a fork
(Spark's Python daemon forks its workers)."""

from __future__ import annotations

import os
import pickle

import pytest

pa = pytest.importorskip("pyarrow")

from msticpy.scale import _auditd, _b64, _features, _geoip, _ioc  # noqa: E402

from .data import command_lines  # noqa: E402


def _batch(rows: int = 50) -> object:
    frame = command_lines(rows)
    return pa.RecordBatch.from_pandas(frame, preserve_index=False)


def test_specs_pickle_by_value() -> None:
    specs = [
        _ioc.IocSpec(("c",), "id", ("url",), custom=(("tkt", r"TKT-\d+", 0, None, None),)),
        _b64.make_spec("c", "id"),
        _features.FeatureSpec("/", ("processName",)),
        _auditd.make_spec("AuditdMessage", False, None),
        _geoip.GeoSpec("ip", None, "id"),
    ]
    for spec in specs:
        assert pickle.loads(pickle.dumps(spec)) == spec


def test_user_types_reach_a_fresh_worker_table() -> None:
    spec = _ioc.IocSpec(
        ("CommandLine",), "id", ("tkt", "url"), custom=(("tkt", r"TKT-\d{3}", 0, None, None),)
    )
    batch = pa.RecordBatch.from_pydict(
        {"id": [7, 8], "CommandLine": ["see TKT-123 at http://a.example.com/x", None]}
    )
    out = _ioc.ioc_batch(batch, spec).to_pydict()
    assert {"tkt", "url"} <= set(out["IoCType"])
    assert set(out["SourceIndex"]) == {7}
    assert ("tkt", "TKT-123") in zip(out["IoCType"], out["Observable"])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_worker_builds_its_own_tables() -> None:
    spec = _ioc.make_spec(["CommandLine"], "id")
    batch = _batch()
    parent_tables = _ioc.worker_tables(spec.custom)
    expected = _ioc.ioc_batch(batch, spec).to_pylist()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report and leave without running pytest's teardown
        try:
            fresh = _ioc.worker_tables(spec.custom) is not parent_tables
            same = _ioc.ioc_batch(batch, spec).to_pylist() == expected
            os.write(write, b"ok" if fresh and same else b"bad")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 16)
    os.waitpid(pid, 0)
    os.close(read)
    assert answer == b"ok"
    assert _ioc.worker_tables(spec.custom) is parent_tables
