"""OfflineFeed: TI look-ups against downloaded feeds, with no account and no network."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from msticpy.context.tilookup import TILookup
from msticpy.context.tiproviders.feed_index import sample_feeds_path
from msticpy.context.tiproviders.offline_feed import OfflineFeed

IOCS = {
    "203.0.113.7": "ipv4",  # plain list
    "198.51.100.99": "ipv4",  # CSV CIDR, severity high
    "c2.example.net": "dns",  # CSV, high
    "loader.example.org": "dns",  # STIX
    "login-update.example.com": "dns",  # MISP
    "8.8.8.8": "ipv4",  # listed nowhere
}


def test_samples_answer_in_one_batch() -> None:
    feed = OfflineFeed(Samples=True)
    frame = feed.lookup_iocs(IOCS)
    assert list(frame["Ioc"]) == list(IOCS)
    hits = dict(zip(frame["Ioc"], frame["Result"]))
    assert hits == {ioc: ioc != "8.8.8.8" for ioc in IOCS}
    by_ioc = frame.set_index("Ioc")
    assert by_ioc.loc["198.51.100.99", "Severity"] == "high"
    assert by_ioc.loc["8.8.8.8", "Severity"] == "information"
    assert set(frame["Status"]) == {0}
    assert (frame["Provider"] == "OfflineFeed").all()
    details = by_ioc.loc["c2.example.net", "Details"]
    assert details["feeds"] and "c2" in details["tags"]


def test_listed_by_two_feeds_is_high(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("bad.example.org\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("bad.example.org\n", encoding="utf-8")
    feed = OfflineFeed([tmp_path / "one.txt", tmp_path / "two.txt"])
    row = feed.lookup_ioc("bad.example.org").iloc[0]
    assert row["Result"] and row["Severity"] == "high"
    assert row["Details"]["feeds"] == ["one.txt", "two.txt"] or len(row["Details"]["feeds"]) == 2
    single = OfflineFeed([tmp_path / "one.txt"]).lookup_ioc("bad.example.org").iloc[0]
    assert single["Severity"] == "warning"


def test_bad_and_unsupported_values_get_a_status() -> None:
    feed = OfflineFeed(Samples=True)
    frame = feed.lookup_iocs({"not an ip": "ipv4", "C:\\x\\y.exe": "windows_path"})
    assert list(frame["Status"]) == [2, 1]
    assert not frame["Result"].any()


def test_private_and_documentation_addresses_are_looked_up(tmp_path: Path) -> None:
    (tmp_path / "internal.txt").write_text("10.1.2.3\n", encoding="utf-8")
    frame = OfflineFeed([tmp_path]).lookup_iocs(["10.1.2.3", "10.1.2.4"])
    assert list(frame["Result"]) == [True, False] and set(frame["Status"]) == {0}


def test_tilookup_loads_it_from_config(use_config: Callable[[str], Path], tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "list.txt").write_text("evil.example.com\n", encoding="utf-8")
    extra = tmp_path / "extra.txt"
    extra.write_text("other.example.com\n", encoding="utf-8")
    use_config(
        "TIProviders:\n"
        "  LocalFeeds:\n"
        "    Provider: OfflineFeed\n"
        "    Primary: true\n"
        "    Args:\n"
        f"      Paths: '{feeds}{os.pathsep}{extra}'\n"
    )
    ti = TILookup()
    assert "LocalFeeds" in ti.loaded_providers
    frame = ti.lookup_iocs(["evil.example.com", "good.example.com", "other.example.com"])
    assert isinstance(frame, pd.DataFrame)
    hits = frame.set_index("Ioc")["Result"]
    assert bool(hits["evil.example.com"]) and not bool(hits["good.example.com"])
    assert bool(hits["other.example.com"])


def test_repr_names_feeds_not_contents() -> None:
    feed = OfflineFeed(Samples=True)
    assert "OfflineFeed(feeds=" in repr(feed) and "203.0.113.7" not in repr(feed)
    assert sample_feeds_path().is_dir()
