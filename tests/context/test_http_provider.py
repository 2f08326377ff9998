"""HttpProvider / HttpTIProvider: request building and reply handling (transport faked)."""

from __future__ import annotations

import base64
from typing import Any, ClassVar

import pandas as pd
import pytest

from msticpy.context import lookup_cache
from msticpy.context.http_provider import APILookupParams
from msticpy.context.lookup_result import LookupStatus
from msticpy.context.tiproviders.alienvault_otx import OTX
from msticpy.context.tiproviders.result_severity import ResultSeverity
from msticpy.context.tiproviders.ti_http_provider import HttpTIProvider
from msticpy.context.tiproviders.virustotal import VirusTotal

from .conftest import CANARY, FakeReply, Recorder, reply

HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_otx_request_has_key_header_and_path() -> None:
    otx = OTX(AuthKey=f"  {CANARY} ")
    fields = otx._request_fields("8.8.8.8", "ipv4", "geo")
    assert fields["url"] == "https://otx.alienvault.com/api/v1/indicators/IPv4/8.8.8.8/geo"
    assert fields["headers"]["X-OTX-API-KEY"] == CANARY
    assert fields["method"] == "GET" and fields["body"] is None
    assert fields["group"] == "OTX"


def test_vt_request_encodes_params_into_url() -> None:
    vt = VirusTotal(AuthKey=CANARY)
    fields = vt._request_fields("http://a.example.com/x?y=1&z", "url")
    assert fields["url"].startswith("https://www.virustotal.com/vtapi/v2/url/report?")
    assert f"apikey={CANARY}" in fields["url"]
    assert "resource=http%3A%2F%2Fa.example.com%2Fx%3Fy%3D1%26z" in fields["url"]
    assert fields["headers"]["Accept-Encoding"] == "gzip, deflate"


class _PostProvider(HttpTIProvider):
    """Test provider with a POST form query and HTTP Basic auth."""

    _BASE_URL: ClassVar[str] = "https://ti.example.com"
    _QUERIES: ClassVar[dict[str, Any]] = {
        "ipv4": APILookupParams(
            path="/lookup",
            verb="POST",
            data={"ip": "{observable}"},
            auth_type="HTTPBasic",
            auth_str=["{ApiID}", "{AuthKey}"],
        ),
        "dns": APILookupParams(path="/d/{observable}/{Nope}"),
        "url": APILookupParams(path="/u", verb="DELETE"),
        "ipv6": APILookupParams(path="/u", auth_type="Digest", auth_str=["x"]),
    }

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        raw = response["RawResult"]
        if raw.get("explode"):
            raise KeyError("missing")
        return True, raw.get("sev", "information"), raw


def test_post_form_body_and_basic_auth() -> None:
    prov = _PostProvider(ApiID="me", AuthKey=CANARY)
    fields = prov._request_fields("8.8.8.8", "ipv4")
    assert fields["method"] == "POST"
    assert fields["body"] == b"ip=8.8.8.8"
    assert fields["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    token = base64.b64encode(f"me:{CANARY}".encode()).decode()
    assert fields["headers"]["Authorization"] == f"Basic {token}"


@pytest.mark.parametrize(
    ("ioc", "typ", "error"),
    [
        ("example.com", "dns", LookupError),
        ("http://a.example.com/x", "url", NotImplementedError),
        ("2001:4860:4860::8888", "ipv6", NotImplementedError),
    ],
)
def test_bad_query_definitions_raise(ioc: str, typ: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        _PostProvider()._request_fields(ioc, typ)


def _lookup(prov: HttpTIProvider, answer: Any, data: Any) -> tuple[pd.DataFrame, Recorder]:
    recorder = Recorder(answer)
    prov._send = recorder  # type: ignore[method-assign]
    return prov.lookup_iocs(data), recorder


def test_one_batch_per_lookup_and_one_row_per_ioc() -> None:
    ips = [f"52.1.2.{n}" for n in range(1, 21)]
    frame, rec = _lookup(
        OTX(AuthKey=CANARY), lambda f: reply(200, {"pulse_info": {"pulses": [{"name": "p"}]}}), ips
    )
    assert len(rec.batches) == 1 and len(rec.batches[0]) == 20
    assert list(frame["Ioc"]) == ips
    assert set(frame["Status"]) == {0} and set(frame["Severity"]) == {"warning"}
    assert list(frame.columns) == [
        "QuerySubtype",
        "Result",
        "Details",
        "RawResult",
        "Reference",
        "Status",
        "Ioc",
        "IocType",
        "SafeIoc",
        "Severity",
        "Provider",
    ]


@pytest.mark.parametrize(
    ("answer", "status", "details"),
    [
        (reply(404, {}), 404, "Not found."),
        (reply(401, {}), 401, "Authorization failed. Check account and key details."),
        (reply(403, {}), 403, "Request forbidden. Allowed query rate may have been exceeded."),
        (reply(503, {}), 503, "Service Unavailable"),
        (reply(599, {}), 599, "Unknown HTTP status code."),
        (
            reply(0, error="connection refused"),
            LookupStatus.QUERY_FAILED.value,
            "connection refused",
        ),
        (reply(429, error="rate limited; deadline reached"), 3, "rate limited; deadline reached"),
        (reply(200, b"{trunc", error="body exceeds 10 bytes"), 3, "body exceeds 10 bytes"),
    ],
)
def test_failures_become_rows(answer: FakeReply, status: int, details: str) -> None:
    frame, _ = _lookup(OTX(AuthKey=CANARY), lambda f: answer, ["8.8.8.8"])
    row = frame.iloc[0]
    assert row["Status"] == status and row["Details"] == details
    assert not row["Result"]


def test_malformed_json_is_ok_status_with_text() -> None:
    frame, _ = _lookup(OTX(AuthKey=CANARY), lambda f: reply(200, b"<html>oops"), ["8.8.8.8"])
    row = frame.iloc[0]
    assert row["Status"] == 0 and not row["Result"] and row["Details"] == {}
    assert "<html>oops" in row["RawResult"]


def test_parse_error_is_a_row_not_an_exception() -> None:
    prov = _PostProvider(ApiID="me", AuthKey=CANARY)
    frame, _ = _lookup(prov, lambda f: reply(200, {"explode": True}), ["8.8.8.8"])
    assert frame.iloc[0]["Status"] == LookupStatus.OTHER.value
    assert "KeyError" in frame.iloc[0]["Details"]


def test_bad_and_unsupported_values_send_nothing() -> None:
    frame, rec = _lookup(
        VirusTotal(AuthKey=CANARY),
        lambda f: reply(200, {}),
        {"10.0.0.1": "ipv4", "fe80::1": "ipv6"},
    )
    assert rec.batches == []
    assert list(frame["Status"]) == [
        LookupStatus.BAD_FORMAT.value,
        LookupStatus.NOT_SUPPORTED.value,
    ]


def test_unknown_query_type_is_not_supported_row() -> None:
    prov = OTX(AuthKey=CANARY)
    prov._send = Recorder(lambda f: reply(200, {}))  # type: ignore[method-assign]
    row = prov.lookup_ioc("8.8.8.8", query_type="nosuch").iloc[0]
    assert row["Status"] == LookupStatus.NOT_SUPPORTED.value
    assert row["Details"] == "Provider does not support this type ipv4-nosuch."


def test_cache_answers_repeat_lookups_until_disabled() -> None:
    vt = VirusTotal(AuthKey=CANARY)
    rec = Recorder(lambda f: reply(200, {"resource": "r", "positives": 3}))
    vt._send = rec  # type: ignore[method-assign]
    first = vt.lookup_ioc(HASH)
    second = vt.lookup_ioc(HASH)
    assert len(rec.batches) == 1
    pd.testing.assert_frame_equal(first, second)
    assert first.iloc[0]["Severity"] == "high"
    lookup_cache.configure(enabled=False)
    vt.lookup_ioc(HASH)
    assert len(rec.batches) == 2


def test_failed_lookups_are_not_cached() -> None:
    vt = VirusTotal(AuthKey=CANARY)
    rec = Recorder(lambda f: reply(500, {}))
    vt._send = rec  # type: ignore[method-assign]
    vt.lookup_ioc(HASH)
    vt.lookup_ioc(HASH)
    assert len(rec.batches) == 2


def test_key_never_in_frame_or_repr() -> None:
    for prov in (VirusTotal(AuthKey=CANARY), OTX(AuthKey=CANARY)):
        frame, _ = _lookup(prov, lambda f: reply(404, {}), ["8.8.8.8", HASH, "contoso.com"])
        assert CANARY not in frame.to_csv()
        assert CANARY not in repr(prov) and CANARY not in str(vars(prov).get("description"))
        assert prov._secrets() == [CANARY]


def test_invalid_timeout_is_config_error() -> None:
    from msticpy.common.exceptions import MsticpyConfigError

    with pytest.raises(MsticpyConfigError):
        OTX(timeout=-1)
