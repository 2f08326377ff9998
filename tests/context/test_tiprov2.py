"""
BinaryEdge, Open PageRank, Tor exit nodes, MalwareBazaar and Microsoft Sentinel TI:
request building, batching, answers and failures (transport faked), then the same
providers against the loopback TI service through the real HTTP transport.
"""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

import pandas as pd
import pytest

from msticpy.common.exceptions import (
    MsticpyConfigError,
    MsticpyConnectionError,
    MsticpyDataQueryError,
)
from msticpy.context.lookup_result import LookupStatus
from msticpy.context.tilookup import TILookup
from msticpy.context.tiproviders import TI_PROVIDERS
from msticpy.context.tiproviders.azure_sent_byoti import AzSTI
from msticpy.context.tiproviders.binaryedge import BinaryEdge
from msticpy.context.tiproviders.mblookup import MBlookup
from msticpy.context.tiproviders.open_page_rank import OPR
from msticpy.context.tiproviders.tor_exit_nodes import Tor
from msticpy.data import QueryProvider
from msticpy.data.drivers import DriverBase

from .conftest import CANARY, FakeReply, Recorder, reply

EXIT_LIST = """ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E
Published 2026-12-07 01:02:03
LastStatus 2026-12-07 10:00:00
ExitAddress 185.220.101.4 2026-12-07 10:07:37
ExitNode 00AE6D2F5E3A8E6E1C3A5D2C2B7F1B3D9B6A4F11
Published 2026-12-06 22:00:00
LastStatus 2026-12-07 09:00:00
ExitAddress 2a0b:f4c2::7 2026-12-07 09:10:00
ExitAddress 185.220.101.5 2026-12-07 09:11:00
"""


# -- registry -------------------------------------------------------------------------
def test_registry_and_classic_paths() -> None:
    for name, cls in (("BinaryEdge", BinaryEdge), ("OPR", OPR), ("Tor", Tor), ("AzSTI", AzSTI)):
        assert TI_PROVIDERS[name][1] == cls.__name__
        assert TILookup.import_provider(name) is cls
    # MalwareBazaar's wrapper is not a TIProvider (as msticpy): not in the registry.
    assert "MBlookup" not in {cls for _, cls in TI_PROVIDERS.values()}
    for mod in ("open_page_rank", "tor_exit_nodes", "kql_base", "azure_sent_byoti"):
        classic = importlib.import_module(f"msticpy.sectools.tiproviders.{mod}")
        assert classic is importlib.import_module(f"msticpy.context.tiproviders.{mod}")


def test_importing_tiproviders_loads_no_provider_module() -> None:
    code = (
        "import sys, msticpy.context.tiproviders as t; t.TI_PROVIDERS;"
        "print([m for m in sys.modules if m.endswith(('open_page_rank', 'tor_exit_nodes',"
        " 'azure_sent_byoti', 'kql_base', 'binaryedge', 'mblookup'))])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


# -- BinaryEdge ------------------------------------------------------------------------
def _be_answer(ip: str) -> dict[str, Any]:
    return {
        "total": 2,
        "query": ip,
        "events": [
            {
                "port": 443,
                "results": [
                    {"result": {"data": {"service": {"name": "https", "banner": "nginx"}}}},
                    {"result": {"data": {"cert_info": {"issuer": "CA"}}}},
                ],
            },
            {"port": 22, "results": [{"result": {"data": {"state": {"state": "open"}}}}]},
        ],
    }


def test_binaryedge_request_and_answer() -> None:
    prov = BinaryEdge(AuthKey=CANARY)
    fields = prov._request_fields("8.8.8.8", "ipv4")
    assert fields["url"] == "https://api.binaryedge.io/v2/query/ip/8.8.8.8"
    assert fields["headers"]["X-Key"] == CANARY
    assert prov._request_fields("2001:db8::1", "ipv6")["url"].endswith("/ip/2001:db8::1")
    assert sorted(prov.supported_types) == ["ipv4", "ipv6"]
    recorder = Recorder(lambda f: reply(200, _be_answer("8.8.8.8")))
    prov._send = recorder  # type: ignore[method-assign]
    frame = prov.lookup_iocs(["8.8.8.8", "example.com"])
    hit = frame[frame["Ioc"] == "8.8.8.8"].iloc[0]
    assert hit["Status"] == 0 and hit["Result"] and hit["Severity"] == "information"
    assert hit["Details"] == {
        "IP": "8.8.8.8",
        443: {"Banner": "nginx", "Cert Info": {"issuer": "CA"}},
        22: {},
        "Ports": [443, 22],
    }
    assert frame[frame["Ioc"] == "example.com"].iloc[0]["Status"] == 1
    assert len(recorder.batches) == 1


def test_binaryedge_unreadable_answer_is_status() -> None:
    prov = BinaryEdge(AuthKey=CANARY)
    prov._send = Recorder(lambda f: reply(200, {"query": "1.1.1.1"}))  # type: ignore[method-assign]
    row = prov.lookup_ioc("1.1.1.1").iloc[0]
    assert row["Status"] == LookupStatus.OTHER.value and "KeyError" in row["Details"]


# -- Open PageRank -----------------------------------------------------------------------
def _opr_answer(fields: dict[str, Any]) -> FakeReply:
    query = unquote(fields["url"].split("?", 1)[1])
    domains = [v for k, v in parse_qsl(query) if k.startswith("domains[")]
    records = [
        {"status_code": 200, "domain": d, "rank": "12", "page_rank_decimal": 4.5, "error": ""}
        if not d.startswith("new")
        else {"status_code": 404, "domain": d, "error": "Domain not found"}
        for d in domains
    ]
    return reply(200, {"status_code": 200, "response": records})


def test_opr_batches_100_domains_in_one_transport_call() -> None:
    prov = OPR(AuthKey=CANARY)
    recorder = Recorder(_opr_answer)
    prov._send = recorder  # type: ignore[method-assign]
    domains = [f"site{n}.example.com" for n in range(249)] + ["newsite.example.com"]
    frame = prov.lookup_iocs([*domains, "site0.example.com", "8.8.8.8"])
    assert len(recorder.batches) == 1
    batch = recorder.batches[0]
    assert [f["url"].count("domains[") for f in batch] == [100, 100, 50]
    assert batch[0]["url"].startswith(
        "https://openpagerank.com/api/v1.0/getPageRank?domains[0]=site0.example.com&domains[1]="
    )
    assert all(f["headers"]["API-OPR"] == CANARY and CANARY not in f["url"] for f in batch)
    assert len(frame) == 251  # 250 domain records, then the unsupported address
    new = frame[frame["Ioc"] == "newsite.example.com"].iloc[0]
    assert new["Severity"] == "warning" and new["Result"]
    assert new["Reference"].endswith("getPageRank?domains[0]=newsite.example.com")
    known = frame[frame["Ioc"] == "site7.example.com"].iloc[0]
    assert known["Details"] == {"rank": "12", "page_rank": 4.5, "error": ""}
    assert frame.iloc[-1]["Ioc"] == "8.8.8.8" and frame.iloc[-1]["Status"] == 1


def test_opr_batch_failures_are_rows() -> None:
    prov = OPR(AuthKey=CANARY)
    answers = iter(
        [
            reply(503, {"error": "busy"}),
            FakeReply(status=0, error="deadline passed"),
            reply(200, b"<html>"),
            reply(200, {"status_code": 200, "response": [{"rank": "1"}]}),
        ]
    )
    prov._send = Recorder(lambda f: next(answers))  # type: ignore[method-assign]
    prov._BATCH_SIZE = 1  # type: ignore[misc]
    frame = prov.lookup_iocs(["a.com", "b.com", "c.com", "d.com"])
    rows = frame.set_index("Ioc")
    assert rows.loc["a.com", "Status"] == 503
    assert rows.loc["a.com", "RawResult"] == "<Response [503 Service Unavailable]>"
    assert rows.loc["b.com", "Status"] == LookupStatus.QUERY_FAILED.value
    assert rows.loc["b.com", "Details"] == "deadline passed"
    assert rows.loc["c.com", "Details"].startswith("Expecting value")
    assert rows.loc["d.com", "Status"] == LookupStatus.OTHER.value
    assert prov.lookup_iocs(["8.8.8.8"]).empty  # no domain: empty, as msticpy


def test_opr_tilookup_path_is_one_request_per_domain() -> None:
    prov = OPR(AuthKey=CANARY)
    recorder = Recorder(_opr_answer)
    prov._send = recorder  # type: ignore[method-assign]
    frame = prov.lookup_items(["a.example.com", "newb.example.com"])
    assert [len(b) for b in recorder.batches] == [2]
    assert list(frame["Severity"]) == ["information", "warning"]
    assert list(frame["Status"]) == [0, 0]


# -- Tor -------------------------------------------------------------------------------
@pytest.fixture
def tor_state() -> Iterator[None]:
    """Each test starts with no exit list and no failed download."""

    def _reset() -> None:
        Tor._nodelist = {}
        Tor._last_error = None
        Tor._last_attempt = float("-inf")

    _reset()
    yield
    _reset()


def _fake_download(answers: dict[str, tuple[str | None, str | None]]) -> Any:
    calls: list[str] = []

    def _download(cls: type[Tor], url: str) -> tuple[str | None, str | None]:
        calls.append(url)
        return answers.get(url, (None, "unreachable"))

    return classmethod(_download), calls


def test_tor_list_and_hits(tor_state: None, monkeypatch: pytest.MonkeyPatch) -> None:
    download, calls = _fake_download({Tor._BASE_URL: (EXIT_LIST, None)})
    monkeypatch.setattr(Tor, "_download", download)
    frame = Tor().lookup_iocs(["185.220.101.5", "8.8.8.8", "2a0b:f4c2::7", "example.com"])
    rows = frame.set_index("Ioc")
    assert rows.loc["185.220.101.5", "Severity"] == "warning"
    assert rows.loc["185.220.101.5", "Details"] == {
        "NodeID": "00AE6D2F5E3A8E6E1C3A5D2C2B7F1B3D9B6A4F11",
        "LastStatus": "2026-12-07",
    }
    assert rows.loc["8.8.8.8", "Details"] == "Not found." and rows.loc["8.8.8.8", "Result"]
    assert rows.loc["2a0b:f4c2::7", "Severity"] == "warning"
    assert rows.loc["example.com", "Status"] == LookupStatus.NOT_SUPPORTED.value
    assert calls == [Tor._BASE_URL]  # one download, kept for the process


def test_tor_alternative_list(tor_state: None, monkeypatch: pytest.MonkeyPatch) -> None:
    download, calls = _fake_download({Tor._ALT_URL: ("1.2.3.4\n5.6.7.8\n", None)})
    monkeypatch.setattr(Tor, "_download", download)
    row = Tor().lookup_ioc("5.6.7.8").iloc[0]
    assert row["Severity"] == "warning" and row["Details"]["NodeID"] is True
    assert calls == [Tor._BASE_URL, Tor._ALT_URL]


def test_tor_offline_is_a_status_and_tried_once(
    tor_state: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    download, calls = _fake_download({})
    monkeypatch.setattr(Tor, "_download", download)
    frame = Tor().lookup_iocs([f"52.1.1.{n}" for n in range(1, 51)] + ["example.com"])
    assert set(frame["Status"]) == {LookupStatus.QUERY_FAILED.value}
    assert frame.iloc[0]["Details"].startswith("Tor exit-node list not available: unreachable")
    assert len(calls) == 2  # one attempt (list and alternative), not one per address
    Tor._check_and_get_nodelist(force=True)
    assert len(calls) == 4


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_tor_lock_is_fresh_after_fork() -> None:
    with Tor._cache_lock:  # held, as by a downloading thread, when the process forks
        pid = os.fork()
        if pid == 0:  # the child: the lock must be free
            os._exit(0 if Tor._cache_lock.acquire(timeout=2) else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_tilookup_with_tor_never_downloads_on_load(
    tor_state: None,
    monkeypatch: pytest.MonkeyPatch,
    use_config: Callable[[str], Path],
) -> None:
    download, calls = _fake_download({})
    monkeypatch.setattr(Tor, "_download", download)
    use_config("TIProviders:\n  Tor:\n    Primary: True\n    Provider: Tor\n")
    started = time.monotonic()
    ti = TILookup()
    assert "Tor" in ti.loaded_providers and not calls
    frame = ti.lookup_ioc("185.220.101.4")
    assert frame.iloc[0]["Status"] == LookupStatus.QUERY_FAILED.value
    assert time.monotonic() - started < 10


# -- MalwareBazaar ----------------------------------------------------------------------
def _mb(answer: Any, status: int = 200) -> tuple[MBlookup, list[tuple[dict[str, str], dict]]]:
    lookup = MBlookup(mb_key=CANARY)
    sent: list[tuple[dict[str, str], dict]] = []

    def _send(url: str, headers: dict[str, str], body: bytes) -> FakeReply:
        sent.append((dict(parse_qsl(body.decode())), headers))
        return reply(status, answer)

    lookup._send = _send  # type: ignore[method-assign]
    return lookup, sent


def test_mb_forms_each_call_its_own() -> None:
    sample = {"sha256_hash": "ab" * 32, "intelligence": {"downloads": "3"}, "tags": ["exe"]}
    lookup, sent = _mb({"query_status": "ok", "data": [sample]})
    frame = lookup.lookup_ioc("ab" * 32, "hash")
    assert list(frame.columns) == ["sha256_hash", "tags", "intelligence.downloads"]
    lookup.lookup_ioc("cd" * 32, "hash")
    lookup.lookup_ioc("AgentTesla", "signature", limit=5)
    assert [form for form, _ in sent] == [
        {"query": "get_info", "hash": "ab" * 32},
        {"query": "get_info", "hash": "cd" * 32},  # msticpy sends the first hash again
        {"query": "get_siginfo", "signature": "AgentTesla", "limit": "5"},
    ]
    assert sent[0][1]["Auth-Key"] == CANARY
    assert CANARY not in repr(lookup)
    with pytest.raises(ValueError, match="not a valid MBEntityType"):
        lookup.lookup_ioc("x", "nonsense")


def test_mb_statuses_and_errors() -> None:
    assert _mb({"query_status": "hash_not_found"})[0].lookup_ioc("ab" * 32, "hash").empty
    assert _mb({"query_status": "no_results"})[0].get_recent("time").empty
    with pytest.raises(MsticpyDataQueryError, match="illegal_hash"):
        _mb({"query_status": "illegal_hash"})[0].lookup_ioc("zz", "hash")
    with pytest.raises(MsticpyConnectionError, match="HTTP status 401") as err:
        _mb({"error": "x"}, status=401)[0].get_cscb()
    assert CANARY not in str(err.value)
    with pytest.raises(MsticpyConnectionError, match="not JSON"):
        _mb(b"<html>")[0].get_cscb()
    archive, sent = _mb(b"PK\x03\x04zipdata")
    frame = archive.download_sample("ab" * 32)
    assert frame.iloc[0]["content"] == b"PK\x03\x04zipdata"
    assert frame.iloc[0]["zip_password"] == "infected"
    assert sent[0][0] == {"query": "get_file", "sha256_hash": "ab" * 32}


# -- Microsoft Sentinel ------------------------------------------------------------------
class IndicatorDriver(DriverBase):
    """Answers each query with the indicators it names; records the queries."""

    def __init__(self, indicators: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._loaded = True
        self.indicators = indicators
        self.queries: list[str] = []
        self.fail_with: Exception | None = None
        self.answer_none = False
        self.refuse_connect = False

    def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
        if self.refuse_connect:
            raise ConnectionError(f"cannot reach workspace ({CANARY})")
        self._connected = True

    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        self.queries.append(query)
        if self.fail_with:
            raise self.fail_with
        if self.answer_none:
            return None
        text = query.casefold()
        return pd.DataFrame(
            [r for r in self.indicators if f"'{r['ObservableValue'].casefold()}'" in text]
        )

    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.query(query), "OK"


def _indicator(value: str, key: str, **fields: Any) -> dict[str, Any]:
    return {
        "Id": f"id-{value}",
        "ObservableKey": key,
        "ObservableValue": value,
        "IoC": value.lower(),
        **fields,
    }


@pytest.fixture
def sentinel() -> tuple[AzSTI, IndicatorDriver]:
    driver = IndicatorDriver(
        [
            _indicator(
                "185.220.101.4",
                "ipv4-addr:value",
                Confidence=90,
                IsActive=True,
                Data={"labels": ["botnet"], "description": "C2"},
            ),
            _indicator("185.220.101.4", "ipv4-addr:value", Confidence=10, IsActive=False),
            _indicator("Evil.Example.com", "domain-name:value", Confidence=50),
        ]
    )
    qp = QueryProvider("MSSentinel", driver=driver)
    return AzSTI(query_provider=qp, connect_str="loganalytics://code()"), driver


def test_azsti_one_query_per_ioc_type(sentinel: tuple[AzSTI, IndicatorDriver]) -> None:
    prov, driver = sentinel
    frame = prov.lookup_iocs(
        {
            "185.220.101.4": "ipv4",
            "8.8.8.8": "ipv4",
            "evil.example.com": "dns",
            "a@b.com": "email",
        }
    )
    assert len(driver.queries) == 2  # ipv4 and dns; email has no query
    assert "ThreatIntelIndicators" in driver.queries[0]
    assert "'185.220.101.4', '8.8.8.8'" in driver.queries[0]
    assert list(frame.columns[:4]) == ["Ioc", "IocType", "QuerySubtype", "Reference"]
    hits = frame[frame["Ioc"] == "185.220.101.4"]
    assert len(hits) == 2 and set(hits["Severity"]) == {"high"}  # no Action: "alert"
    assert hits.iloc[0]["Details"]["ThreatType"] == "botnet"
    assert hits.iloc[0]["RawResult"]["Confidence"] == 90
    miss = frame[frame["Ioc"] == "8.8.8.8"].iloc[0]
    assert miss["Details"] == "Not found." and miss["Status"] == 0 and not miss["Result"]
    assert frame[frame["Ioc"] == "evil.example.com"].iloc[0]["Result"]
    assert (frame["Reference"].str.contains("ObservableValue")).all()


def test_azsti_failures_are_rows(sentinel: tuple[AzSTI, IndicatorDriver]) -> None:
    prov, driver = sentinel
    driver.answer_none = True
    row = prov.lookup_ioc("185.220.101.4").iloc[0]
    assert row["Status"] == LookupStatus.QUERY_FAILED.value and row["Details"] == "Query failure"
    driver.answer_none = False
    driver.fail_with = RuntimeError("workspace throttled")
    row = prov.lookup_ioc("185.220.101.4").iloc[0]
    assert row["Status"] == LookupStatus.QUERY_FAILED.value
    assert row["Details"] == "Query failure: RuntimeError: workspace throttled"
    driver.fail_with = None
    assert prov.lookup_ioc("10.10.10.10").iloc[0]["Details"] == "Not found"
    with pytest.warns(UserWarning, match="Could not find query"):
        assert prov.lookup_iocs({"1.1.1.1": "ipv4"}, query_type="bogus").empty


def test_azsti_connect_failure_and_missing_query(caplog: pytest.LogCaptureFixture) -> None:
    driver = IndicatorDriver([])
    driver.refuse_connect = True
    prov = AzSTI(query_provider=QueryProvider("MSSentinel", driver=driver), connect_str="c")
    with caplog.at_level(logging.DEBUG):
        row = prov.lookup_ioc("1.2.3.4").iloc[0]
    assert row["Status"] == LookupStatus.QUERY_FAILED.value
    assert "ConnectionError" in row["Details"] and CANARY not in row["Details"]
    assert CANARY not in caplog.text and not driver.queries
    # A provider without the ThreatIntelligence queries: rows say which one is missing.
    local_qp = QueryProvider("LocalData", driver=IndicatorDriver([]))
    row = AzSTI(query_provider=local_qp, connect_str="c").lookup_ioc("1.2.3.4").iloc[0]
    assert row["Status"] == LookupStatus.QUERY_FAILED.value
    assert "ThreatIntelligence.list_indicators_by_ip" in row["Details"]


def test_azsti_needs_table_when_schema_known(sentinel: tuple[AzSTI, IndicatorDriver]) -> None:
    prov, driver = sentinel
    driver._schema = {"SecurityAlert": {}}  # the workspace has no indicator table
    driver.__class__ = type(
        "SchemaDriver", (IndicatorDriver,), {"schema": property(lambda self: self._schema)}
    )
    assert prov.lookup_ioc("185.220.101.4").empty


def test_azsti_in_tilookup(sentinel: tuple[AzSTI, IndicatorDriver]) -> None:
    prov, driver = sentinel
    ti = TILookup(providers=[])
    ti.add_provider(prov, name="AzSTI")
    frame = ti.lookup_iocs(["185.220.101.4", "evil.example.com", "8.8.8.8"])
    assert set(frame["Provider"]) == {"AzSTI"}
    assert len(driver.queries) == 2 and len(frame) == 4


def test_azsti_without_query_provider_needs_settings(use_config: Callable[[str], Path]) -> None:
    use_config("TIProviders: {}\n")
    prov = AzSTI(WorkspaceID="ws-guid", TenantID="tenant-guid")
    assert prov._connect_str == "loganalytics://code().tenant('tenant-guid').workspace('ws-guid')"
    assert isinstance(prov._query_provider, QueryProvider)
    with pytest.raises(MsticpyConfigError):
        type("Broken", (AzSTI,), {"_create_query_provider": lambda self, **kw: (None, "")})()


def test_azsti_parse_results_shapes() -> None:
    prov = AzSTI(query_provider=QueryProvider("MSSentinel", driver=IndicatorDriver([])))
    classic = {
        "ThreatType": "botnet",
        "Description": "d",
        "ConfidenceScore": 50,
        "Active": True,
        "Action": "monitor",
        "ThreatSeverity": 3,
    }
    found, severity, details = prov.parse_results({"RawResult": pd.Series(classic)})
    assert (found, severity.name, details["ThreatType"]) == (True, "warning", "botnet")
    frame = pd.DataFrame([classic, {**classic, "ConfidenceScore": 85, "ThreatType": "c2"}])
    found, severity, details = prov.parse_results({"RawResult": frame})
    assert severity.name == "high" and details["ThreatType"] == ["botnet", "c2"]
    assert prov.parse_results({"RawResult": None}) == (
        False,
        severity.__class__.information,
        "No data",
    )
