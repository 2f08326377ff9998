"""domain_utils: DNS against a loopback responder, name/URL splitting, abuse list, Browshot."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msticpy.common.exceptions import MsticpyUserConfigError
from msticpy.context import domain_utils
from msticpy.context.domain_utils import DomainValidator

from .dns_responder import DnsResponder


@pytest.fixture
def dns() -> Iterator[DnsResponder]:
    """The responder, with the resolver pointed at it and a short deadline."""
    responder = DnsResponder()
    before = domain_utils.configure_resolver()
    domain_utils.configure_resolver([f"127.0.0.1:{responder.port}"], timeout=1.0)
    yield responder
    domain_utils.configure_resolver(
        before["nameservers"], timeout=before["timeout"], concurrency=before["concurrency"]
    )
    responder.close()


def test_dns_resolve_answers(dns: DnsResponder) -> None:
    result = domain_utils.dns_resolve("http://good.test/path")
    assert result["qname"] == "good.test."
    assert result["rdtype"] == "A" and result["rdclass"] == "IN"
    assert sorted(result["rrset"]) == ["192.0.2.1", "192.0.2.2"]
    assert result["canonical_name"] == "good.test."
    assert result["nameserver"] == "127.0.0.1" and result["port"] == dns.port
    assert "rcode NOERROR" in result["response"] and ";ANSWER" in result["response"]
    assert result["expiration"].tzinfo is not None
    mx = domain_utils.dns_resolve("mail.test", "mx")
    assert mx["rrset"] == ["10 mx.good.test."]


def test_dns_resolve_failures(dns: DnsResponder) -> None:
    nx = domain_utils.dns_resolve("nx.test")
    assert nx == {
        "qname": "nx.test.",
        "rdtype": "A",
        "response": "The DNS query name does not exist: nx.test.",
    }
    empty = domain_utils.dns_resolve("empty.test")
    assert empty["response"].startswith("The DNS response does not contain an answer")
    start = time.monotonic()
    slow = domain_utils.dns_resolve("slow.test")
    assert "lifetime expired" in slow["response"]
    assert time.monotonic() - start < 5
    with pytest.raises(ValueError, match="Failed to parse url"):
        domain_utils.dns_resolve("http://")
    with pytest.raises(ValueError, match="record type"):
        domain_utils.dns_resolve("good.test", "NOTATYPE")


def test_is_resolvable_and_frames(dns: DnsResponder) -> None:
    assert DomainValidator.is_resolvable("good.test")
    assert not DomainValidator.is_resolvable("nx.test")
    frame = domain_utils.dns_resolve_df("good.test")
    assert sorted(frame["rrset"]) == ["192.0.2.1", "192.0.2.2"]
    assert "rrset" not in domain_utils.dns_resolve_df("nx.test").columns
    del dns


def test_reverse_lookup(dns: DnsResponder) -> None:
    result = domain_utils.ip_rev_resolve("192.0.2.1")
    assert result["qname"] == "1.2.0.192.in-addr.arpa."
    assert result["rdtype"] == "PTR"
    assert result["rrset"] == ["host.good.test."]
    assert domain_utils.ip_rev_resolve_df("192.0.2.1")["rrset"].tolist() == ["host.good.test."]
    bad = domain_utils.ip_rev_resolve("not-an-ip")
    assert bad["rdtype"] == "PTR" and "not an IP address" in bad["response"]
    missing = domain_utils.ip_rev_resolve("192.0.2.200")
    assert "does not exist" in missing["response"]
    del dns


def test_batch_resolution_is_concurrent(dns: DnsResponder) -> None:
    names = [f"n{i}.bulk.test" for i in range(300)] + ["slow.test", "nx.test"]
    start = time.monotonic()
    results = domain_utils.dns_resolve_many(names)
    elapsed = time.monotonic() - start
    assert [r["rrset"] for r in results[:3]] == [["10.0.0.0"], ["10.0.0.1"], ["10.0.0.2"]]
    assert results[299]["rrset"] == ["10.0.1.43"]
    assert "lifetime expired" in results[300]["response"]
    assert "does not exist" in results[301]["response"]
    # One silent name costs one deadline (1 s), not one per name.
    assert elapsed < 4, elapsed
    del dns


def test_configure_resolver_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="timeout"):
        domain_utils.configure_resolver(timeout=0)
    with pytest.raises(ValueError, match="concurrency"):
        domain_utils.configure_resolver(concurrency=0)
    before = domain_utils.configure_resolver()
    domain_utils.configure_resolver(["not a server"])
    try:
        with pytest.raises(ValueError, match="invalid name server"):
            domain_utils.dns_resolve("good.test")
    finally:
        domain_utils.configure_resolver(before["nameservers"])


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("www.Foo.bbc.co.uk", ("www.foo", "bbc", "co.uk")),
        ("http://user:pw@a.b.example.com:8080/x?y#z", ("a.b", "example", "com")),
        ("1.2.3.4", ("", "1.2.3.4", "")),
        ("[::1]", ("", "[::1]", "")),
        ("intranet.local", ("intranet", "local", "")),
        ("", ("", "", "")),
    ],
)
def test_dns_components(name: str, parts: tuple[str, str, str]) -> None:
    out = domain_utils.dns_components(name)
    assert (out["subdomain"], out["domain"], out["suffix"]) == parts
    assert out["is_private"] is False and out["registry_suffix"] == parts[2]


def test_url_components() -> None:
    assert domain_utils.url_components("HTTP://User:pw@WWW.Ex.com:80/a b?q=1#f") == {
        "scheme": "http",
        "auth": "User:pw",
        "host": "www.ex.com",
        "port": 80,
        "path": "/a%20b",
        "query": "q=1",
        "fragment": "f",
    }
    assert domain_utils.url_components("http://x.com/a/../b/./c")["path"] == "/b/c"
    assert domain_utils.url_components("http://x.com:99999") == {}
    assert domain_utils.url_components("http://a b.com") == {}


CERT_SHA1_FIELD = "SHA1"


def test_abuse_list_from_local_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listing = tmp_path / "sslblacklist.csv"
    listing.write_text(
        "# abuse.ch SSLBL (test copy)\n# Listingdate,SHA1,Listingreason\n"
        "2024-01-01 00:00:00,aa11bb22cc33dd44ee55ff6677889900aabbccdd,C&C\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(DomainValidator, "ssl_abuse_list_path", listing)
    monkeypatch.setattr(DomainValidator, "_ssl_abuse_list", None)
    validator = DomainValidator()
    frame = validator.ssl_abuse_list
    assert list(frame.columns) == ["Listingdate", CERT_SHA1_FIELD, "Listingreason"]
    assert frame[CERT_SHA1_FIELD].tolist() == ["aa11bb22cc33dd44ee55ff6677889900aabbccdd"]
    # A host with no TLS service gives (False, None) without touching the list again.
    assert validator.in_abuse_list("127.0.0.1") == (False, None)


def test_in_abuse_list_matches_certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SHA-1 of the served certificate's DER bytes is what the list is keyed by."""
    pem = "-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n"
    der = ssl.PEM_cert_to_DER_cert(pem)
    import hashlib

    digest = hashlib.sha1(der, usedforsecurity=False).hexdigest()
    listing = tmp_path / "list.csv"
    listing.write_text(f"# header\n2024-01-01,{digest},test\n", encoding="utf-8")
    monkeypatch.setattr(DomainValidator, "ssl_abuse_list_path", listing)
    monkeypatch.setattr(DomainValidator, "_ssl_abuse_list", None)
    monkeypatch.setattr(ssl, "get_server_certificate", lambda addr, timeout=None: pem)
    listed, cert = DomainValidator().in_abuse_list("listed.test")
    assert listed is True
    assert cert is not None


class _Browshot(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        del args

    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        if "/screenshot/create" in self.path:
            body, ctype = json.dumps({"id": 42, "status": "in_queue"}).encode(), "application/json"
        elif "/screenshot/info" in self.path:
            self.server.polls += 1  # type: ignore[attr-defined]
            done = self.server.polls >= 3  # type: ignore[attr-defined]
            body = json.dumps({"id": 42, "status": "finished" if done else "processing"}).encode()
            ctype = "application/json"
        else:
            body, ctype = b"\x89PNG\r\n\x1a\nfake", "image/png"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_screenshot_through_the_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Browshot)
    server.paths = []  # type: ignore[attr-defined]
    server.polls = 0  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(
        domain_utils, "BROWSHOT_URL", f"http://127.0.0.1:{server.server_port}/api/v1"
    )
    try:
        reply = domain_utils.screenshot("http://example.test", api_key="K3Y", sleep=0.01)
    finally:
        server.shutdown()
        server.server_close()
    assert reply.status == 200
    assert reply.body.startswith(b"\x89PNG")
    paths = server.paths  # type: ignore[attr-defined]
    assert paths[0].startswith("/api/v1/screenshot/create?url=http%3A%2F%2Fexample.test/")
    assert sum("/screenshot/info" in p for p in paths) == 3
    assert "K3Y" not in repr(reply)


def test_screenshot_needs_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(domain_utils, "_browshot_key", lambda: None)
    with pytest.raises(MsticpyUserConfigError):
        domain_utils.screenshot("http://example.test")


def test_classic_path_is_the_same_module() -> None:
    from msticpy.sectools import domain_utils as classic

    assert classic is domain_utils


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120) | st.from_regex(r"[a-z0-9:/@\[\]%.?#\-]{0,60}", fullmatch=True))
def test_splitters_accept_any_text(text: str) -> None:
    parts = domain_utils.dns_components(text)
    assert set(parts) == {"subdomain", "domain", "suffix", "is_private", "registry_suffix"}
    assert isinstance(domain_utils.url_components(text), dict)
