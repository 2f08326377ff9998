"""Lone surrogates (not encodable text) in GeoIP and TI look-ups: a result, never a crash."""

from __future__ import annotations

import warnings

import pytest


def test_geoip_lookup_ip_skips_a_value_that_is_not_text() -> None:
    from msticpy.context.geoip import GeoLiteLookup

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the embedded-data notice
        lookup = GeoLiteLookup()
        assert lookup.lookup_ip("\udcff") == ([], [])
        raw, entities = lookup.lookup_ip(ip_addr_list=["8.8.8.8", "1.2\udcff.3.4"])
    assert [entity.Address for entity in entities] == ["8.8.8.8"]
    assert len(raw) == 1


@pytest.mark.parametrize(
    ("value", "ioc_type", "position"), [("\udcff", "dns", 0), ("bad\udcffhost.com", None, 3)]
)
def test_ti_lookup_gives_a_bad_format_row(value: str, ioc_type: str | None, position: int) -> None:
    from msticpy.context.lookup_result import LookupStatus
    from msticpy.context.tiproviders.alienvault_otx import OTX

    # The check runs before any request is built: no server is needed.
    frame = OTX(AuthKey="not-a-real-key").lookup_ioc(value, ioc_type)
    row = frame.iloc[0]
    assert row["Status"] == LookupStatus.BAD_FORMAT.value
    assert row["Ioc"] == value.encode("utf-8", "backslashreplace").decode()
    assert f"lone surrogate U+DCFF at position {position}" in row["Details"]
    assert "not-a-real-key" not in frame.to_string()
