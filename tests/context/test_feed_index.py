"""Tests for the offline TI feed index (``msticpy.context.tiproviders.feed_index``)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from msticpy.common.exceptions import LimitExceededError, MsticpyLimitWarning, MsticpyUserError
from msticpy.context.tiproviders.feed_index import (
    LOOKUP_COLUMNS,
    FeedIndex,
    sample_feeds_path,
)

SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.fixture(scope="module")
def samples() -> FeedIndex:
    index = FeedIndex()
    reports = index.load(sample_feeds_path())
    assert {r.format for r in reports} == {"plain", "csv", "misp", "stix"}
    assert all(r.entries > 0 and not r.truncated for r in reports)
    return index


def test_sample_feeds_each_format(samples: FeedIndex) -> None:
    frame = samples.lookup(
        [
            "203.0.113.7",  # plain
            "C2.Example.NET",  # csv, upper-case domain
            "login-update.example.com",  # misp
            SHA256.upper(),  # stix, upper-case hash
            "unknown.example.com",
        ]
    )
    assert list(frame.columns) == LOOKUP_COLUMNS
    by_ioc = frame.groupby("Ioc")["Feed"].apply(set).to_dict()
    assert by_ioc["203.0.113.7"] == {"blocklist_sample.txt"}
    assert by_ioc["C2.Example.NET"] == {"indicators_sample.csv"}
    assert by_ioc["login-update.example.com"] == {"misp_event_sample.json"}
    assert by_ioc[SHA256.upper()] == {"stix_bundle_sample.json"}
    assert "unknown.example.com" not in by_ioc
    csv_row = frame[frame["Feed"] == "indicators_sample.csv"].iloc[0]
    assert csv_row["Severity"] == "high"
    assert csv_row["Score"] == 85.0
    assert csv_row["Tags"] == ["c2"]
    assert csv_row["NormalizedIoc"] == "c2.example.net"
    assert csv_row["IocType"] == "dns"
    assert frame["Result"].all()


def test_cidr_containment(samples: FeedIndex) -> None:
    frame = samples.lookup(["203.0.113.9", "198.51.100.200", "192.0.2.200", "192.0.2.5"])
    hits = dict(zip(frame["Ioc"], frame["FeedValue"]))
    assert hits["203.0.113.9"] == "203.0.113.0/28"
    assert hits["198.51.100.200"] == "198.51.100.0/24"
    assert hits["192.0.2.200"] == "192.0.2.128/25"
    assert "192.0.2.5" not in hits
    stix = frame[frame["Ioc"] == "192.0.2.200"].iloc[0]
    assert stix["Score"] == 70.0 and stix["ValidUntil"] == "2027-01-15T00:00:00Z"


def test_normalisation_and_misses(samples: FeedIndex) -> None:
    frame = samples.lookup(
        [
            "2001:DB8:BAD:0:0:0:0:1",
            "hxxps://login-update[.]example[.]com/owa/auth.php",
            "HTTP://Download.Example.com:80/payload.bin#x",
            "nothing here",
        ],
        include_misses=True,
    )
    assert frame["Ioc"].tolist()[-1] == "nothing here"
    assert not frame["Result"].iloc[-1]
    assert frame["Result"].iloc[:-1].all()
    assert frame["NormalizedIoc"].iloc[0] == "2001:db8:bad::1"
    gaps = samples.lookup(pd.Series(["nan", None, float("nan")]), include_misses=True)
    assert gaps["Ioc"].tolist() == ["nan", "", ""]
    assert not gaps["Result"].any()


def test_forced_type_and_errors(samples: FeedIndex) -> None:
    assert samples.lookup(["c2.example.net"], ioc_type="url").empty
    assert len(samples.lookup(["c2.example.net"], ioc_type="dns")) == 1
    with pytest.raises(KeyError):
        samples.lookup(["x"], ioc_type="no-such-type")
    with pytest.raises(MsticpyUserError):
        FeedIndex().load(b"203.0.113.1\n")  # bytes need a name
    with pytest.raises(MsticpyUserError):
        FeedIndex().load("/no/such/feed.txt")
    with pytest.raises(MsticpyUserError):
        FeedIndex().load(b"x", name="x", format="yaml")
    with pytest.raises(ValueError, match="not in the CSV header"):
        FeedIndex().load(b"a,b\n1,2\n", name="x", format="csv", indicator_column="ioc")


def test_misp_options_and_manifest(tmp_path: Path) -> None:
    event = (sample_feeds_path() / "misp_event_sample.json").read_bytes()
    feed = tmp_path / "mispfeed"
    feed.mkdir()
    uuid = "0b8f6a4e-1c2d-4e5f-8a9b-000000000001"
    (feed / f"{uuid}.json").write_bytes(event)
    (feed / "manifest.json").write_text(json.dumps({uuid: {"info": "x"}, "../etc": {}}))
    index = FeedIndex()
    reports = index.load(feed, to_ids_only=True)
    assert [r.feed for r in reports] == [f"mispfeed/{uuid}"]
    assert reports[0].skipped == {"attribute not flagged to_ids": 2}
    assert index.lookup(["it-support@example.net"]).empty
    frame = index.lookup(["192.0.2.45"])
    assert frame["FeedType"].tolist() == ["ip-dst|port"]
    assert "to_ids" in frame["Tags"].iloc[0]


def test_csv_options(tmp_path: Path) -> None:
    path = tmp_path / "feed.tsv"
    path.write_text("host\trisk\tnote\nbad.example.com\t7\tseen\n")
    index = FeedIndex()
    (report,) = index.load(path, columns={"indicator": "host", "score": "risk"})
    assert report.entries == 1
    row = index.lookup("bad.example.com").iloc[0]
    assert row["Score"] == 7.0
    (report,) = index.load(b"v\nsome text value\n", name="other", format="csv", ioc_type="other")
    assert index.lookup("some text value")["Feed"].tolist() == ["other"]


def test_malformed_entries_are_counted() -> None:
    index = FeedIndex()
    (report,) = index.load(
        b"203.0.113.1\nnot-an-ioc\n\xff\xfe\n203.0.113.1/40\n", name="bad", format="plain"
    )
    assert report.entries == 1
    assert report.skipped_total == 3
    assert report.examples[0].startswith("line 2:")
    (report,) = index.load(b"{not json", name="j", format="stix")
    assert report.entries == 0 and "not valid JSON" in report.warnings[0]
    assert any(w.startswith("j: not valid JSON") for w in index.warnings)


def test_budgets_warn_or_raise() -> None:
    index = FeedIndex(max_entries=5, max_line_bytes=64)
    lines = "\n".join(f"203.0.113.{i}" for i in range(10)).encode()
    with pytest.warns(MsticpyLimitWarning, match="max_entries"):
        (report,) = index.load(lines, name="many")
    assert report.entries == 5 and report.truncated
    assert len(index) == 5

    deep = b"[" * 500 + b"]" * 500
    with pytest.warns(MsticpyLimitWarning, match="max_json_depth"):
        FeedIndex().load(deep, name="deep", format="misp")

    strict = FeedIndex(max_file_bytes=10, strict=True)
    with pytest.raises(LimitExceededError, match="max_file_bytes"):
        strict.load(b"203.0.113.1\n203.0.113.2\n", name="big")
    with pytest.raises(MsticpyUserError):
        FeedIndex(max_entries=-1)


def test_file_budget_reads_bounded(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"203.0.113.1\n" * 100_000)
    index = FeedIndex(max_file_bytes=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MsticpyLimitWarning)
        (report,) = index.load(path)
    assert report.truncated and report.entries == 0


def test_reload_replaces_and_remove() -> None:
    index = FeedIndex()
    index.load(b"203.0.113.1\n203.0.113.2\n", name="f")
    index.load(b"203.0.113.3\n", name="f")
    assert len(index) == 1 and index.feeds == ["f"]
    assert index.remove("f") and not index.remove("f")
    assert len(index) == 0
    assert repr(index) == "FeedIndex(feeds=0, entries=0)"
    assert index.stats["entries"] == 0


HOSTILE_CHILD = textwrap.dedent(
    """
    import sys, warnings
    from msticpy.context.tiproviders.feed_index import FeedIndex
    warnings.simplefilter("ignore")
    inputs = [
        b"[" * 2_000_000,
        b'{"a":' * 200_000 + b"1",
        b'{"Event": {"Attribute": [1, null, {"type": 5, "value": []}]}}',
        b'{"objects": [{"type": "indicator", "pattern": "[file:hashes.' + b"'" * 5000 + b'"}]}',
        b'"' * 100_000,
        b"\\x00\\xff" * 100_000,
        b"a," * 200_000 + b"\\n" + b"1," * 200_000,
        b"1.2.3.4/99\\n::/999\\n0.0.0.0/0\\n" + b"x" * 1_000_000,
    ]
    index = FeedIndex()
    for i, data in enumerate(inputs):
        for fmt in ("auto", "plain", "csv", "misp", "stix"):
            index.load(data, name=f"h{i}", format=fmt)
    index.lookup(["\\x00", "", "::", "0.0.0.0/0", "a" * 100_000])
    print("ok", len(index))
    """
)


def test_hostile_inputs_in_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-c", HOSTILE_CHILD],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")


def test_large_feed_and_batch_timing() -> None:
    count = 200_000
    lines = [f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}" for i in range(count // 2)]
    lines += [f"host{i}.bad.example.com" for i in range(count // 2)]
    data = "\n".join(lines).encode()
    index = FeedIndex()
    started = time.perf_counter()
    (report,) = index.load(data, name="big", format="plain")
    load_seconds = time.perf_counter() - started
    assert report.entries == count

    queries = pd.Series([lines[i * 17 % count] for i in range(5_000)] + ["192.0.2.1"] * 5_000)
    started = time.perf_counter()
    frame = index.lookup(queries)
    lookup_seconds = time.perf_counter() - started
    assert len(frame) == 5_000
    print(
        f"\nfeed index: load {count} entries {load_seconds:.3f}s; "
        f"lookup 10000 values {lookup_seconds:.3f}s"
    )
    # Loose bounds: a 2-core shared machine is noisy; these catch only gross regressions.
    assert load_seconds < 30 and lookup_seconds < 30
