"""The shared TTL result cache and ResultSeverity."""

from __future__ import annotations

import pytest

from msticpy.context import lookup_cache
from msticpy.context.tiproviders.result_severity import ResultSeverity, TISeverity


def test_entries_expire_after_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(lookup_cache.time, "monotonic", lambda: now[0])
    lookup_cache.configure(ttl=10)
    key = lookup_cache.make_key("OTX", "8.8.8.8", "ipv4", None)
    lookup_cache.put(key, {"Status": 0, "Result": True})
    now[0] += 9
    assert lookup_cache.get(key) == {"Status": 0, "Result": True}
    now[0] += 2
    assert lookup_cache.get(key) is None
    assert lookup_cache.size() == 0


def test_key_separates_provider_type_and_query() -> None:
    lookup_cache.put(lookup_cache.make_key("OTX", "x", "dns", None), {"Status": 0})
    assert lookup_cache.get(lookup_cache.make_key("OTX", "x", "dns", "geo")) is None
    assert lookup_cache.get(lookup_cache.make_key("VirusTotal", "x", "dns", None)) is None
    assert lookup_cache.get(lookup_cache.make_key("OTX", "x", "hostname", None)) is None


def test_only_successes_kept_and_copies_returned() -> None:
    key = lookup_cache.make_key("P", "a", "ipv4", None)
    lookup_cache.put(key, {"Status": 404})
    assert lookup_cache.get(key) is None
    lookup_cache.put(key, {"Status": 0, "Details": "d"})
    got = lookup_cache.get(key)
    assert got is not None
    got["Details"] = "changed"
    assert lookup_cache.get(key) == {"Status": 0, "Details": "d"}


def test_max_entries_evicts_least_recent() -> None:
    lookup_cache.configure(max_entries=2)
    keys = [lookup_cache.make_key("P", str(n), "ipv4", None) for n in range(3)]
    lookup_cache.put(keys[0], {"Status": 0})
    lookup_cache.put(keys[1], {"Status": 0})
    lookup_cache.get(keys[0])
    lookup_cache.put(keys[2], {"Status": 0})
    assert lookup_cache.get(keys[1]) is None and lookup_cache.get(keys[0]) is not None


def test_off_switch_empties_and_stops_caching() -> None:
    key = lookup_cache.make_key("P", "a", "ipv4", None)
    lookup_cache.put(key, {"Status": 0})
    assert lookup_cache.configure(enabled=False)["enabled"] is False
    assert lookup_cache.size() == 0
    lookup_cache.put(key, {"Status": 0})
    assert lookup_cache.get(key) is None


@pytest.mark.parametrize(
    "kwargs", [{"ttl": 0}, {"ttl": "1"}, {"max_entries": 0}, {"max_entries": True}]
)
def test_bad_settings_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        lookup_cache.configure(**kwargs)  # type: ignore[arg-type]


def test_result_severity_parse_and_compare() -> None:
    assert TISeverity is ResultSeverity
    assert ResultSeverity.parse("HIGH") is ResultSeverity.high
    assert ResultSeverity.parse(1) is ResultSeverity.warning
    assert ResultSeverity.parse("nonsense") is ResultSeverity.unknown
    assert ResultSeverity.high > "warning" and ResultSeverity.information == 0
    assert max([ResultSeverity.warning, ResultSeverity.high]) is ResultSeverity.high
    assert len({ResultSeverity.high, ResultSeverity.high}) == 1
