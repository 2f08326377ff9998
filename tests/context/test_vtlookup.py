"""VTLookup (VirusTotal v2) and VTLookupV3 (v3 REST) against a loopback VirusTotal."""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import vt_canned as canned
from vt_loopback import vt_service

from msticpy.context.vtlookupv3 import vtlookup as vtl
from msticpy.context.vtlookupv3.vtlookup import VTLookup
from msticpy.context.vtlookupv3.vtlookupv3 import (
    MsticpyVTNoDataError,
    VTLookupV3,
)

KEY = "CANARY-VT-KEY-5f1e2d3c"
FILE = "/vtapi/v2/file/report"
IP = "/vtapi/v2/ip-address/report"
DOMAIN = "/vtapi/v2/domain/report"
URL = "/vtapi/v2/url/report"


@pytest.fixture
def vt2(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Yield ``serve(answers) -> (VTLookup, server)`` with the v2 URL on loopback."""
    services: list[Any] = []

    def serve(answers: dict[tuple[str, str], Any], verbosity: int = 1) -> tuple[VTLookup, Any]:
        _transport()
        ctx = vt_service(answers)
        server = ctx.__enter__()
        services.append(ctx)
        monkeypatch.setattr(VTLookup, "_VT_API", server.base + "/vtapi/v2/{type}/report")
        return VTLookup(KEY, verbosity=verbosity), server

    yield serve
    for ctx in services:
        ctx.__exit__(None, None, None)


def _transport() -> Any:
    """Return the HTTP transport module (skip the test until it is built)."""
    return pytest.importorskip("msticpy.common.http_transport")


def _count_fetch_many(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    transport = _transport()
    calls: list[int] = []
    real = transport.fetch_many

    def counting(requests: Any, **kwargs: Any) -> Any:
        calls.append(len(requests))
        return real(requests, **kwargs)

    monkeypatch.setattr(transport, "fetch_many", counting)
    return calls


def _no_key(frame: pd.DataFrame, text: str = "") -> None:
    assert KEY not in frame.to_csv()
    assert KEY not in text


# ---------------------------------------------------------------------- v2 public surface


def test_v2_lists_and_columns() -> None:
    vt = VTLookup(KEY)
    assert vt.supported_ioc_types == ["ipv4", "dns", "url", "md5_hash", "sha1_hash", "sh256_hash"]
    assert vt.supported_vt_types == ["url", "file", "ip-address", "domain"]
    assert vt.ioc_vt_type_mapping["sh256_hash"] == "file"
    assert list(vt.results.columns) == VTLookup._RESULT_COLUMNS
    assert list(vt.results.columns).count("Resource") == 2
    assert KEY not in repr(vt)


def test_classic_path_is_the_same_module() -> None:
    import msticpy.sectools as sectools
    from msticpy.sectools import vtlookup as classic

    assert classic is vtl
    assert sectools.VTLookup is VTLookup


def test_v2_lookup_ioc_errors() -> None:
    vt = VTLookup(KEY)
    with pytest.raises(SyntaxError):
        vt.lookup_ioc("not a hash", "md5_hash")
    with pytest.raises(SyntaxError):
        vt.lookup_ioc(None, "ipv4")  # type: ignore[arg-type]
    with pytest.raises(LookupError):
        vt.lookup_ioc("example.com", "hostname")


# ---------------------------------------------------------------------- v2 parsing


def test_parse_file_batch_reply_matches_resources() -> None:
    vt = VTLookup(KEY)
    md5s = [canned.hashes(f"x{i}")[0] for i in range(3)]
    reply = [canned.v2_file(f"x{i}", positives=i) for i in range(3)]
    index = {m: 10 + i for i, m in enumerate(md5s)}
    vt._parse_vt_results(reply, ",".join(md5s), "md5_hash", 12, index, vt._VT_API_TYPES["file"])
    assert vt.results["Observable"].tolist() == md5s
    assert vt.results["SourceIndex"].tolist() == [10, 11, 12]
    assert vt.results["Positives"].tolist() == [0, 1, 2]
    assert vt.results["SHA256"].tolist() == [canned.hashes(f"x{i}")[2] for i in range(3)]
    assert (vt.results["Status"] == "Success").all()


def test_parse_ip_and_domain_join_lists_and_sum_positives() -> None:
    vt = VTLookup(KEY)
    vt._parse_vt_results(
        canned.v2_ip(["a.example.com", "b.example.com"], [("http://a/", 2), ("http://b/", 5)]),
        "8.8.8.8",
        "ipv4",
    )
    vt._parse_vt_results(
        canned.v2_domain("example.com", ["208.67.220.220"], []), "example.com", "dns"
    )
    ip_row, dns_row = vt.results.iloc[0], vt.results.iloc[1]
    assert ip_row["ResolvedDomains"] == "a.example.com, b.example.com"
    assert ip_row["DetectedUrls"] == "http://a/, http://b/"
    assert ip_row["Positives"] == 7
    assert dns_row["ResolvedIPs"] == "208.67.220.220"
    assert dns_row["Positives"] == 0 and dns_row["DetectedUrls"] == ""


def test_parse_non_json_adds_nothing_and_sha256_spelling_fills_hashes() -> None:
    vt = VTLookup(KEY)
    vt._parse_vt_results("<html>", "x", "url")
    assert vt.results.empty
    md5, _, sha256 = canned.hashes("s")
    for spelling in ("sh256_hash", "sha256_hash"):
        vt._parse_vt_results(canned.v2_file("s", resource=sha256), sha256, spelling)
    assert vt.results["MD5"].tolist() == [md5, md5]
    assert vt.results["ResponseCode"].tolist() == [1, 1]


# ---------------------------------------------------------------------- v2 over loopback


def _frame(rows: list[tuple[Any, str]]) -> pd.DataFrame:
    return pd.DataFrame({"Observable": [r[0] for r in rows], "IoCType": [r[1] for r in rows]})


def test_lookup_iocs_batches_files_in_one_fetch_many(
    vt2: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    md5s = [canned.hashes(f"f{i}")[0] for i in range(30)]
    answers = {
        (FILE, ",".join(md5s[:25])): (200, [canned.v2_file(f"f{i}") for i in range(25)]),
        (FILE, ",".join(md5s[25:])): (200, [canned.v2_file(f"f{i}") for i in range(25, 30)]),
        (IP, "8.8.8.8"): (200, canned.v2_ip(["h.example.com"], [("http://u/", 1)])),
        (DOMAIN, "example.com"): (200, canned.v2_domain("example.com", ["8.8.4.4"], [])),
        (URL, "http://bad.example.com/p"): (200, canned.v2_url("http://bad.example.com/p")),
    }
    vt, server = vt2(answers)
    calls = _count_fetch_many(monkeypatch)
    data = _frame(
        [(m, "md5_hash") for m in md5s]
        + [("8.8.8.8", "ipv4"), ("example.com", "dns"), ("http://bad.example.com/p", "url")]
    )
    result = vt.lookup_iocs(data)
    assert calls == [5]  # 2 file batches + ip + domain + url, in one call
    assert len(server.seen) == 5
    assert len(result) == 33 and (result["Status"] == "Success").all()
    files = result[result["IoCType"] == "md5_hash"]
    assert files["Observable"].tolist() == md5s
    assert files["SourceIndex"].tolist() == list(range(30))
    for _, path, _ in server.seen:
        assert "apikey=" in path  # the v2 key travels in the query, as VirusTotal wants
    _no_key(result)


def test_duplicates_invalid_rows_and_cumulative_results(vt2: Any) -> None:
    answers = {
        (IP, "8.8.8.8"): (200, canned.v2_ip(["h.example.com"], [])),
        (IP, "1.1.1.1"): (200, canned.v2_ip([], [])),
    }
    vt, server = vt2(answers)
    data = pd.DataFrame(
        {
            "Observable": ["8.8.8.8", "8.8.8.8", "not-an-ip", None],
            "IoCType": ["ipv4"] * 4,
            "SourceIndex": [100, 101, 102, 103],
        }
    )
    first = vt.lookup_iocs(data).copy()
    assert first["Status"].tolist()[:2] == ["Success", "Duplicate"]
    assert first["SourceIndex"].tolist() == [100, 101, 102, 103]
    assert first.iloc[2]["Observable"] == "not-an-ip" and first.iloc[2]["Status"] != "Success"
    assert first.iloc[3]["Status"] == "Failed: Empty or missing observable value"
    assert len(server.seen) == 1
    # A second call keeps the first call's rows and does not ask again for known values.
    second = vt.lookup_iocs(_frame([("8.8.8.8", "ipv4"), ("1.1.1.1", "ipv4")]))
    assert len(second) == 4 + 2 + 1  # one copy of each earlier 8.8.8.8 row, one new
    assert second.iloc[4:6]["Status"].tolist() == ["Duplicate", "Duplicate"]
    assert len(server.seen) == 2


def test_hash_duplicate_via_other_hash_column(vt2: Any) -> None:
    md5, sha1, _ = canned.hashes("dup")
    vt, server = vt2({(FILE, md5): (200, canned.v2_file("dup"))})
    vt.lookup_iocs(_frame([(md5, "md5_hash")]))
    result = vt.lookup_iocs(_frame([(sha1, "sha1_hash")]))
    assert result.iloc[1]["Status"] == "Duplicate"
    assert result.iloc[1]["Observable"] == sha1 and result.iloc[1]["MD5"] == md5
    assert len(server.seen) == 1


def test_same_call_hash_column_duplicate_is_resolved_exactly(vt2: Any) -> None:
    # The sha1 row comes after the md5 rows' batch... but the plan cannot know that the
    # md5 reply carries this sha1: the replay sees it and writes a Duplicate row, as
    # msticpy would, without a second request for it.
    md5, sha1, _ = canned.hashes("same")
    vt, server = vt2({(FILE, md5): (200, canned.v2_file("same"))})
    result = vt.lookup_iocs(_frame([(md5, "md5_hash"), (sha1, "sha1_hash")]))
    assert result["Status"].tolist() == ["Success", "Duplicate"]
    assert len(server.seen) == 2  # the planned (unused) sha1 request was sent too


def test_custom_type_names_and_sha256_spelling(vt2: Any) -> None:
    _, _, sha256 = canned.hashes("k")
    answers = {
        (IP, "149.112.112.112"): (200, canned.v2_ip([], [])),
        (FILE, sha256): (200, canned.v2_file("k", resource=sha256)),
    }
    vt, _ = vt2(answers)
    result = vt.lookup_iocs(
        _frame([("149.112.112.112", "ipaddress"), (sha256, "sha256_hash")]), ipv4="ipaddress"
    )
    assert result["IoCType"].tolist() == ["ipv4", "sha256_hash"]
    assert result.iloc[1]["SHA256"] == sha256


def test_missing_columns_raise_key_error() -> None:
    with pytest.raises(KeyError, match="IoCType"):
        VTLookup(KEY).lookup_iocs(pd.DataFrame({"Observable": ["x"]}))


@pytest.mark.parametrize(
    ("answer", "expect"),
    [
        ((404, b"nope"), "Failed submission: http error 404"),
        ((403, b""), "Failed submission: http error 403"),
        ((401, canned.v3_error("WrongCredentialsError")), "Failed submission: http error 401"),
        ((204, b""), "Failed submission: http error 204"),
        ((500, b"boom"), "Failed submission: http error 500"),
        ((200, b"{not json"), "Failed submission: reply is not JSON"),
        ((429, b"{}", {"headers": {"Retry-After": "0"}}), "Failed submission: http error 429"),
    ],
)
def test_failures_become_rows(vt2: Any, answer: Any, expect: str) -> None:
    vt, _ = vt2({(IP, "9.9.9.9"): answer, (URL, "*"): answer})
    result = vt.lookup_iocs(_frame([("9.9.9.9", "ipv4"), ("http://a.example.com/", "url")]))
    assert result["Status"].tolist() == [expect, expect]
    assert result["Observable"].tolist() == ["9.9.9.9", "http://a.example.com/"]
    _no_key(result)


def test_lookup_ioc_failure_row_and_dict_output(vt2: Any) -> None:
    vt, _ = vt2({(IP, "9.9.9.9"): (503, b"busy", {"headers": {"Retry-After": "0"}})})
    row = vt.lookup_ioc("9.9.9.9", "ipv4")
    assert isinstance(row, dict) and row["Status"].startswith("Failed submission: http error 503")
    vt2({(IP, "1.0.0.1"): (200, canned.v2_ip(["a.example.com"], []))})
    both = vt.lookup_ioc("1.0.0.1", "ipv4")
    assert isinstance(both, list) and both[1]["ResolvedDomains"] == "a.example.com"
    assert isinstance(vt.lookup_ioc("1.0.0.1", "ipv4", output="df"), pd.DataFrame)


def test_slow_body_and_huge_body_are_rows_not_hangs(
    vt2: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    transport = _transport()
    real = transport.fetch_many

    def fast(requests: Any, **kwargs: Any) -> Any:
        return real(requests, **{**kwargs, "timeout": 1.0, "max_bytes": 1 << 20})

    monkeypatch.setattr(transport, "fetch_many", fast)
    vt, _ = vt2(
        {
            (IP, "208.67.222.222"): (200, canned.v2_ip([], []), {"delay": 3}),
            (IP, "208.67.220.220"): (200, b"", {"size": 100 * 2**20}),
        },
        verbosity=2,
    )
    with caplog.at_level(logging.INFO, logger=vtl.__name__):
        result = vt.lookup_iocs(_frame([("208.67.222.222", "ipv4"), ("208.67.220.220", "ipv4")]))
    assert all(s.startswith("Failed submission") for s in result["Status"])
    _no_key(result, caplog.text)


def test_unreachable_server_gives_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    _transport()
    monkeypatch.setattr(VTLookup, "_VT_API", "http://127.0.0.1:9/vtapi/v2/{type}/report")
    result = VTLookup(KEY).lookup_iocs(_frame([("8.8.8.8", "ipv4")]))
    assert result.iloc[0]["Status"].startswith("Failed submission")
    _no_key(result)


def test_verbosity_controls_logging(vt2: Any, caplog: pytest.LogCaptureFixture) -> None:
    vt, _ = vt2({(IP, "8.8.8.8"): (200, canned.v2_ip([], []))}, verbosity=0)
    with caplog.at_level(logging.INFO, logger=vtl.__name__):
        vt.lookup_iocs(_frame([("bad", "ipv4"), ("8.8.8.8", "ipv4")]))
    assert caplog.records == []
    vt._verbosity = 2
    with caplog.at_level(logging.INFO, logger=vtl.__name__):
        vt.lookup_iocs(_frame([("8.8.8.8", "ipv4")]))
    assert any("Duplicate" in r.getMessage() for r in caplog.records)
    assert KEY not in caplog.text


# ---------------------------------------------------------------------- v3


V3 = "/api/v3"


@pytest.fixture
def vt3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Yield ``serve(answers) -> (VTLookupV3, server)`` with the v3 root on loopback."""
    services: list[Any] = []

    def serve(answers: dict[tuple[str, str], Any]) -> tuple[VTLookupV3, Any]:
        _transport()
        ctx = vt_service(answers)
        server = ctx.__enter__()
        services.append(ctx)
        monkeypatch.setattr(VTLookupV3, "_BASE_URL", server.base + V3)
        return VTLookupV3(KEY), server

    yield serve
    for ctx in services:
        ctx.__exit__(None, None, None)


def test_v3_lookup_ioc_basic_columns_and_dates(vt3: Any) -> None:
    md5 = canned.hashes("v3")[0]
    vt, server = vt3(
        {
            (f"{V3}/files/{md5}", ""): (
                200,
                canned.v3_object("file", md5, canned.v3_file_attributes("v3")),
            )
        }
    )
    frame = vt.lookup_ioc(md5, "file")
    assert list(frame.columns) == [
        "type_description",
        "size",
        "first_submission_date",
        "last_submission_date",
        "times_submitted",
        "meaningful_name",
        "detections",
        "scans",
        "id",
        "type",
    ]
    assert frame.iloc[0]["detections"] == 5 and frame.iloc[0]["scans"] == 66
    assert frame.iloc[0]["last_submission_date"] == pd.Timestamp(1700000000, unit="s", tz="UTC")
    assert server.seen[0][2]["x-apikey"] == KEY  # the key goes in the header only
    assert KEY not in server.seen[0][1]
    full = vt.lookup_ioc(md5, "file", all_props=True)
    assert {"md5", "names", "last_analysis_stats"} <= set(full.columns)


def test_v3_not_found_and_errors(vt3: Any) -> None:
    vt, _ = vt3(
        {(f"{V3}/ip_addresses/8.8.8.8", ""): (401, canned.v3_error("WrongCredentialsError"))}
    )
    missing = vt.lookup_ioc("nope.example.com", "domain")
    # msticpy's domain properties include "id", so its "Not found" overwrites the value.
    assert missing.iloc[0]["id"] == "Not found" and missing.iloc[0]["type"] == "domain"
    assert set(missing.columns) == {"id", "type", "creation_date", "last_update_date", "country"}
    with pytest.raises(MsticpyVTNoDataError) as err:
        vt.lookup_ioc("8.8.8.8", "ip_address")
    assert KEY not in str(err.value)
    with pytest.raises(ValueError, match="bogus"):
        vt.lookup_ioc("x", "bogus")


def test_v3_lookup_iocs_one_call_and_status_rows(vt3: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    md5 = canned.hashes("b")[0]
    vt, _ = vt3(
        {
            (f"{V3}/files/{md5}", ""): (
                200,
                canned.v3_object("file", md5, canned.v3_file_attributes("b")),
            ),
            (f"{V3}/domains/example.com", ""): (
                200,
                canned.v3_object("domain", "example.com", canned.v3_domain_attributes()),
            ),
            (f"{V3}/ip_addresses/8.8.8.8", ""): (500, b"oops"),
            (f"{V3}/urls/abc", ""): (200, b"{broken"),
        }
    )
    calls = _count_fetch_many(monkeypatch)
    data = pd.DataFrame(
        {
            "target": [md5, "example.com", "8.8.8.8", "abc", "x"],
            "target_type": ["file", "domain", "ip_address", "url", "weird"],
        }
    )
    frame = vt.lookup_iocs(data)
    assert calls == [4]
    assert frame["id"].tolist() == [md5, "example.com", "8.8.8.8", "abc", "x"]
    status = frame["status"].tolist()
    assert status[2].startswith("HTTP 500") and "not a JSON object" in status[3]
    assert status[4] == "Unsupported type"
    with pytest.raises(KeyError):
        vt.lookup_iocs(pd.DataFrame({"other": [1]}))


def test_v3_relationships_count_then_pages(vt3: Any) -> None:
    rel = f"{V3}/domains/example.com/relationships/resolutions"
    answers = {
        (f"{V3}/domains/example.com", ""): (
            200,
            canned.v3_counters("domain", "example.com", {"resolutions": 3}),
        ),
        (rel, ""): (
            200,
            canned.v3_descriptors(
                [("ip_address", "8.8.8.8"), ("ip_address", "8.8.4.4")], cursor="C1", count=3
            ),
        ),
        (rel, "cursor=C1"): (200, canned.v3_descriptors([("ip_address", "1.1.1.1")])),
        (f"{V3}/domains/empty.example.com", ""): (
            200,
            canned.v3_counters("domain", "empty.example.com", {}),
        ),
    }
    vt, server = vt3(answers)
    frame = vt.lookup_ioc_relationships("example.com", "domain", "resolutions")
    assert list(frame.columns) == [
        "index",
        "target",
        "target_type",
        "source",
        "source_type",
        "relationship_type",
    ]
    assert frame["target"].tolist() == ["8.8.8.8", "8.8.4.4", "1.1.1.1"]
    assert "limit=3" in server.seen[1][1] and "cursor=C1" in server.seen[2][1]
    empty = vt.lookup_ioc_relationships("empty.example.com", "domain", "resolutions")
    assert empty.iloc[0]["creation_date"] == "Not found"  # msticpy's "item not found" frame
    limited = vt.lookup_ioc_relationships("example.com", "domain", "resolutions", limit=1)
    assert limited["target"].tolist() == ["8.8.8.8"]


def test_v3_bulk_relationships_and_graph(vt3: Any) -> None:
    answers = {
        (f"{V3}/ip_addresses/8.8.8.8/relationships/resolutions", ""): (
            200,
            canned.v3_descriptors([("domain", "a.example.com")]),
        ),
        (f"{V3}/ip_addresses/8.8.4.4/relationships/resolutions", ""): (
            403,
            canned.v3_error("ForbiddenError"),
        ),
    }
    vt, _ = vt3(answers)
    data = pd.DataFrame(
        {"target": ["8.8.8.8", "8.8.4.4", "1.1.1.1"], "target_type": ["ip_address"] * 3}
    )
    frame = vt.lookup_iocs_relationships(data, "resolutions", limit=10)
    assert frame["target"].tolist() == ["a.example.com", "Not found", "Not found"]
    assert str(frame["status"].tolist()[1]).startswith("ForbiddenError")
    nodes, edges = VTLookupV3.relationships_to_graph([frame.iloc[:1]])
    assert {"node_id": "8.8.8.8", "node_type": "ip_address"} in nodes
    assert edges == [
        {"source_node": "8.8.8.8", "target_node": "a.example.com", "connection_type": "resolutions"}
    ]
    with pytest.raises(ValueError):
        VTLookupV3.relationships_to_graph([])


def test_v3_related_full_objects_and_get_object(vt3: Any) -> None:
    md5 = canned.hashes("r")[0]
    answers = {
        (f"{V3}/domains/example.com/communicating_files", ""): (
            200,
            {
                "data": [canned.v3_object("file", md5, canned.v3_file_attributes("r"))["data"]],
                "meta": {},
            },
        ),
        (f"{V3}/files/{md5}", ""): (
            200,
            canned.v3_object("file", md5, canned.v3_file_attributes("r")),
        ),
    }
    vt, _ = vt3(answers)
    related = vt.lookup_ioc_related("example.com", "domain", "communicating_files", limit=5)
    assert related.iloc[0]["target"] == md5 and related.iloc[0]["detections"] == 5
    assert "md5" in related.columns
    obj = vt.get_object(md5, "file")
    assert list(obj.columns[:2]) == ["id", "type"] and obj.columns[-1] == "context_attributes"
    assert obj.iloc[0]["first_submission_date"] == pd.Timestamp(1600000000, unit="s", tz="UTC")


def test_v3_search_pages_and_empty(vt3: Any) -> None:
    items = [
        canned.v3_object("file", f"id{i}", {"size": i, "last_submission_date": 0})["data"]
        for i in range(3)
    ]
    answers = {
        (f"{V3}/intelligence/search", ""): (200, {"data": items[:2], "meta": {"cursor": "N"}}),
        (f"{V3}/intelligence/search", "cursor=N"): (200, {"data": items[2:], "meta": {}}),
    }
    vt, _ = vt3(answers)
    frame = vt.search("type:peexe", limit=3)
    assert frame["id"].tolist() == ["id0", "id1", "id2"]
    assert math.isclose(frame["size"].sum(), 3)
    vt2_, _ = vt3({(f"{V3}/intelligence/search", ""): (200, {"data": [], "meta": {}})})
    with pytest.raises(MsticpyVTNoDataError):
        vt2_.search("nothing")


def test_v3_key_from_settings_absent_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    from msticpy.context.vtlookupv3 import vtlookupv3

    monkeypatch.setattr(vtlookupv3, "_get_vt_api_key", lambda: None)
    assert VTLookupV3()._vt_key is None
    assert "key" not in repr(VTLookupV3(KEY)).lower() or KEY not in repr(VTLookupV3(KEY))


@pytest.mark.parametrize(
    ("answer", "expect"),
    [
        ((404, b"not json"), "HTTP 404"),
        ((401, canned.v3_error("WrongCredentialsError")), "WrongCredentialsError"),
        ((403, canned.v3_error("ForbiddenError")), "ForbiddenError"),
        ((429, canned.v3_error("QuotaExceededError"), {"headers": {"Retry-After": "0"}}), "429"),
        ((503, b"busy", {"headers": {"Retry-After": "0"}}), "HTTP 503"),
        ((200, b"{broken"), "not a JSON object"),
        ((200, canned.v3_object("file", "x", {}), {"delay": 3}), ""),
        ((200, b"", {"size": 100 * 2**20}), ""),
    ],
)
def test_v3_failures_become_status_rows(
    vt3: Any, monkeypatch: pytest.MonkeyPatch, answer: Any, expect: str
) -> None:
    transport = _transport()
    real = transport.fetch_many

    def fast(requests: Any, **kwargs: Any) -> Any:
        return real(requests, **{**kwargs, "timeout": 1.0, "max_bytes": 1 << 20})

    monkeypatch.setattr(transport, "fetch_many", fast)
    vt, _ = vt3(
        {
            (f"{V3}/domains/example.com", ""): answer,
            (f"{V3}/domains/example.com/relationships/resolutions", ""): answer,
        }
    )
    frame = vt.lookup_iocs(pd.DataFrame({"target": ["example.com"], "target_type": ["domain"]}))
    status = str(frame.iloc[0]["status"])
    assert expect in status and status != "nan"
    rels = vt.lookup_iocs_relationships(
        pd.DataFrame({"target": ["example.com"], "target_type": ["domain"]}), "resolutions"
    )
    assert rels.iloc[0]["target"] == "Not found" and expect in str(rels.iloc[0]["status"])
    with pytest.raises(MsticpyVTNoDataError) as err:
        vt.lookup_ioc("example.com", "domain")
    assert KEY not in str(err.value) and KEY not in frame.to_csv() + rels.to_csv()


def test_importing_the_package_stays_cheap() -> None:
    import subprocess

    code = (
        "import sys, msticpy.context.vtlookupv3 as p, msticpy.sectools.vtlookup;"
        "assert p.VT3_AVAILABLE; import msticpy.context.vtlookupv3.vtlookupv3;"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_v3_file_behavior_summary_tree_and_browser(vt3: Any) -> None:
    from msticpy.context.vtlookupv3.vtfile_behavior import VTFileBehavior

    md5 = canned.hashes("beh")[0]
    vt, server = vt3(
        {
            (f"{V3}/files/{md5}/behaviour_summary", ""): (200, canned.v3_behaviour_summary()),
            (f"{V3}/file_behaviours/{md5}_vmray", ""): (404, canned.v3_error("NotFoundError")),
            (f"{V3}/file_behaviours/{md5}_lastline", ""): (
                401,
                canned.v3_error("WrongCredentialsError"),
            ),
        }
    )
    behaviour = vt.get_file_behavior(file_id=md5)
    assert isinstance(behaviour, VTFileBehavior) and behaviour.has_behavior_data
    assert "x-apikey" in {k.lower() for k in server.seen[0][2]}
    tree = _tree(behaviour.categories)
    assert tree.index.name == "proc_key"
    assert tree["path"].tolist() == [
        "00000",
        "00000/00001",
        "00000/00001/00002",
        "00000/00003",
        "00004",
    ]
    cmd_lines = tree["cmd_line"].tolist()
    assert cmd_lines[1:3] == [
        '"C:\\Windows\\System32\\cmd.exe" /c whoami',
        "C:\\Windows\\System32\\whoami.exe",
    ]
    assert cmd_lines[3] == "powershell -enc SQBFAFgA"  # a weak (stem) match, as msticpy
    assert tree["IsRoot"].tolist() == [True, False, False, False, True]
    assert tree["IsLeaf"].tolist() == [False, False, True, True, True]
    pytest.importorskip("ipywidgets")
    assert behaviour.browse() is not None
    pytest.importorskip("bokeh")
    assert behaviour.process_tree is not None
    missing = vt.get_file_behavior(file_id=md5, sandbox="vmray")
    assert not missing.has_behavior_data and missing._file_behavior["result"] == "NotFoundError"
    with pytest.raises(MsticpyVTNoDataError) as err:
        vt.get_file_behavior(file_id=md5, sandbox="lastline")
    assert KEY not in str(err.value)
    with pytest.raises(ValueError):
        _no_key_lookup().get_file_behavior(file_id=md5)
    assert "lastline" in VTFileBehavior.list_sandboxes()


def _tree(categories: dict[str, Any]) -> pd.DataFrame:
    from msticpy.context.vtlookupv3.vtfile_behavior import _build_process_tree

    return _build_process_tree(categories)


def _no_key_lookup() -> VTLookupV3:
    vt = VTLookupV3(KEY)
    vt._vt_key = None
    return vt


def test_file_behavior_deep_tree_does_not_recurse() -> None:
    node: dict[str, Any] = {"process_id": "0", "name": "p0.exe"}
    root = node
    for depth in range(1, 5000):
        child = {"process_id": str(depth), "name": f"p{depth}.exe"}
        node["children"] = [child]
        node = child
    tree = _tree({"processes_tree": [root], "processes_created": [], "command_executions": []})
    assert len(tree) == 5000 and tree["path"].iloc[-1].count("/") == 4999


def test_vt_object_browser(vt3: Any) -> None:
    pytest.importorskip("ipywidgets")
    from msticpy.vis.vtobject_browser import VTObjectBrowser

    md5 = canned.hashes("browse")[0]
    attrs = {**canned.v3_file_attributes("browse"), "magic": "PE32 <b>exe</b>"}
    vt3({(f"{V3}/files/{md5}", ""): (200, canned.v3_object("file", md5, attrs))})
    browser = VTObjectBrowser(md5, vt_key=KEY)
    assert "first_submission_date" in browser.data_sel.options
    assert "PE32 &lt;b&gt;exe&lt;/b&gt;" in browser.html_header.value
    browser.data_sel.value = "names"
    assert "setup.exe" in browser.data_view.value
    browser.txt_file_id.value = "f" * 32
    browser.btn_lookup.click()
    assert browser.data_sel.options == () and "Not found" in browser.html_header.value
    assert KEY not in browser.html_header.value
