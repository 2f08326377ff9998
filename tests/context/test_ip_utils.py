"""ip_utils: address types, entities, and whois over loopback whois and RDAP servers."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from msticpy.common.exceptions import MsticpyConnectionError
from msticpy.context import ip_utils
from msticpy.datamodel.entities import IpAddress

RDAP_DIR = Path(__file__).resolve().parents[1] / "data" / "rdap"
CYMRU_HEADER = (
    "AS      | IP               | BGP Prefix          | CC | Registry | Allocated  | AS Name"
)


class _Whois(socketserver.StreamRequestHandler):
    """Answers Team Cymru's verbose form and RADb's queries from canned text."""

    def handle(self) -> None:
        query = self.rfile.readline().decode().strip()
        self.server.queries.append(query)  # type: ignore[attr-defined]
        if query.startswith("-v "):
            ip = query[3:].strip()
            if ip.startswith("198.51.100.") or ip == "8.8.8.8":
                text = (
                    f"{CYMRU_HEADER}\n64500   | {ip:<16} | 198.51.100.0/24     | US | arin"
                    "     | 2010-01-05 | EXAMPLE-AS - Example Networks, US\n"
                )
            elif ip == "203.0.113.9":
                text = "rate limit exceeded\n"
            else:
                text = f"{CYMRU_HEADER}\n{ip}: {ip_utils._NO_MATCH}\n"
        elif query.startswith("-i origin"):
            text = "route:      198.51.100.0/24\norigin: AS64500\nroute:      192.0.2.0/24\n"
        else:
            text = (
                "aut-num:        AS64500\nas-name:        EXAMPLE-AS\ndescr:          Example\n"
                "notify:         noc@example.net\nchanged:        noc@example.net 20200101\n"
            )
        self.wfile.write(text.encode())


class _Rdap(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        del args

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_port}"
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        if self.path.startswith("/ip/198.51.100.") and not self.path.endswith(".66"):
            body = (RDAP_DIR / "net_child.json").read_text()
            body = body.replace("SELF_URL", f"{base}{self.path}").replace(
                "UP_URL", f"{base}/ip/198.0.0.0"
            )
            status = 200
        elif self.path == "/ip/198.0.0.0":
            body, status = (RDAP_DIR / "net_parent.json").read_text(), 200
        else:
            body, status = json.dumps({"errorCode": 404, "title": "Not Found"}), 404
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/rdap+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A loopback whois server (Cymru and RADb) and RDAP registry, wired in."""
    whois = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Whois)
    whois.queries = []  # type: ignore[attr-defined]
    rdap = ThreadingHTTPServer(("127.0.0.1", 0), _Rdap)
    rdap.paths = []  # type: ignore[attr-defined]
    for srv in (whois, rdap):
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    port = whois.server_address[1]
    monkeypatch.setattr(
        ip_utils, "WHOIS_SERVERS", {"cymru": ("127.0.0.1", port), "radb": ("127.0.0.1", port)}
    )
    monkeypatch.setattr(ip_utils, "WHOIS_TIMEOUT", 5.0)
    monkeypatch.setattr(
        ip_utils, "_REGISTRIES", {"arin": {"url": f"http://127.0.0.1:{rdap.server_port}/ip/"}}
    )
    ip_utils._whois_lookup.cache_clear()
    ip_utils.get_whois_info.cache_clear()
    yield {"whois": whois, "rdap": rdap}
    for srv in (whois, rdap):
        srv.shutdown()
        srv.server_close()
    ip_utils._whois_lookup.cache_clear()
    ip_utils.get_whois_info.cache_clear()


@pytest.mark.parametrize(
    ("addr", "expected"),
    [
        ("8.8.8.8", "Public"),
        ("10.1.2.3", "Private"),
        ("127.0.0.1", "Loopback"),
        ("169.254.1.1", "Link Local"),
        ("224.0.0.1", "Multicast"),
        ("0.0.0.0", "Unspecified"),
        ("240.0.0.1", "Private"),  # reserved, but listed as private first
        ("fe80::1", "Link Local"),
        ("2001:4860::8888", "Public"),
        ("not-an-ip", "Unspecified"),
    ],
)
def test_get_ip_type(addr: str, expected: str) -> None:
    assert ip_utils.get_ip_type(addr) == expected
    assert ip_utils.get_ip_type(ip_str=addr) == expected


def test_get_ip_type_needs_an_address() -> None:
    with pytest.raises(ValueError, match="must be specified"):
        ip_utils.get_ip_type()


def test_convert_to_ip_entities_dedups_in_order() -> None:
    ents = ip_utils.convert_to_ip_entities("10.0.0.1, 10.0.0.2,10.0.0.1", geo_lookup=False)
    assert sorted(e.Address for e in ents) == ["10.0.0.1", "10.0.0.2"]
    assert all(isinstance(e, IpAddress) for e in ents)
    frame = pd.DataFrame({"ip": ["1.1.1.1", "1.1.1.1,2.2.2.2", ["3.3.3.3", "2.2.2.2"]]})
    ents = ip_utils.convert_to_ip_entities(data=frame, ip_col="ip", geo_lookup=False)
    assert next(e.Address for e in ents) == "1.1.1.1"
    assert sorted(e.Address for e in ents) == ["1.1.1.1", "2.2.2.2", "3.3.3.3"]
    with pytest.raises(ValueError, match="ip_str or data"):
        ip_utils.convert_to_ip_entities()


def test_convert_to_ip_entities_geolocates_each_new_entity_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looked_up: list[str] = []

    class FakeGeo:
        def lookup_ip(self, ip_entity: IpAddress) -> None:
            looked_up.append(ip_entity.Address)
            ip_entity.Location = "somewhere"

    monkeypatch.setattr(ip_utils, "_geo_lookup", FakeGeo)
    frame = pd.DataFrame({"ip": ["1.1.1.1", "1.1.1.1,2.2.2.2", "3.3.3.3"]})
    ents = ip_utils.convert_to_ip_entities(data=frame, ip_col="ip")
    assert sorted(looked_up) == ["1.1.1.1", "2.2.2.2", "3.3.3.3"]
    assert all(ent.Location == "somewhere" for ent in ents)


def test_ip_whois_single(servers: dict[str, Any]) -> None:
    result = ip_utils.ip_whois("198.51.100.7")
    assert result.name == "EXAMPLE-AS - Example Networks, US"
    name, props = result  # the named-tuple protocol msticpy kept
    assert name == result[0]
    assert props == result[1] == result.properties
    assert props["asn"] == "64500"
    assert props["asn_cidr"] == "198.51.100.0/24"
    assert props["asn_registry"] == "arin"
    child, parent = props["nets"]
    assert child["cidr"] == "198.51.100.0/24"
    assert child["handle"] == "NET-198-51-100-0-TEST"
    assert child["created"] == "2010-01-05T10:00:00-05:00"
    assert child["updated"] == "2021-06-30T12:30:00-04:00"
    assert child["address"] == "1 Test Way\nSpringfield\nUS"
    assert child["emails"] == ["noc@example.net", "abuse@example.net"]
    assert parent["cidr"] == "198.0.0.0/8"
    assert servers["rdap"].paths == ["/ip/198.51.100.7", "/ip/198.0.0.0"]


def test_ip_whois_many_and_df(servers: dict[str, Any]) -> None:
    frame = ip_utils.ip_whois(["198.51.100.1", "192.0.2.1"])
    assert isinstance(frame, pd.DataFrame)
    assert frame["query"].tolist() == ["198.51.100.1", "192.0.2.1"]
    assert frame.loc[0, "asn"] == "64500"
    assert pd.isna(frame.loc[1, "asn"])
    data = pd.DataFrame({"IP": ["198.51.100.1", "198.51.100.2", "198.51.100.1"]})
    out = ip_utils.get_whois_df(data, "IP")
    assert len(out) == 3
    assert out["AsnDescription"].tolist() == ["EXAMPLE-AS - Example Networks, US"] * 3
    assert out.loc[0, "WhoIsData"]["asn"] == "64500"
    slim = ip_utils.get_whois_df(data, "IP", all_columns=False)
    assert "asn" not in slim.columns and "WhoIsData" in slim.columns


def test_ip_whois_list_keeps_order(servers: dict[str, Any]) -> None:
    addrs = [f"198.51.100.{i}" for i in range(1, 41)] + ["192.0.2.5", "198.51.100.1"]
    frame = ip_utils.ip_whois(pd.Series(addrs))
    assert frame["query"].tolist() == addrs[:-1]  # one row per distinct address
    assert frame["asn"].notna().sum() == 40
    assert len([p for p in servers["rdap"].paths if p.startswith("/ip/198.51.100.")]) == 40


def test_rdap_error_status_raises(servers: dict[str, Any]) -> None:
    with pytest.raises(MsticpyConnectionError, match="404"):
        ip_utils.ip_whois("198.51.100.66")
    del servers


def test_get_whois_info(servers: dict[str, Any]) -> None:
    with pytest.warns(DeprecationWarning):
        private = ip_utils.get_whois_info("10.0.0.1")
    assert private.name == "No ASN Information for IP type: Private"
    with pytest.warns(DeprecationWarning):
        failed = ip_utils.get_whois_info("8.8.8.8")
    assert failed.name is not None and failed.name.startswith("Error during lookup of")
    del servers


def test_whois_rate_limit_and_unreachable(
    servers: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(MsticpyConnectionError, match="Rate limit"):
        ip_utils.get_asn_from_ip("203.0.113.9")
    assert ip_utils.get_asn_from_ip() == {}
    monkeypatch.setattr(ip_utils, "WHOIS_SERVERS", {"cymru": ("127.0.0.1", 1)})
    with pytest.raises(MsticpyConnectionError, match="cymru"):
        ip_utils.get_asn_from_ip("198.51.100.1")
    del servers


def test_asn_details(servers: dict[str, Any]) -> None:
    details = ip_utils.get_asn_details("64500")
    assert details["AS Name"] == "EXAMPLE-AS"
    assert details["Autonomous Number"] == "AS64500"
    assert details["ranges"] == ["198.51.100.0/24", "192.0.2.0/24"]
    frame = ip_utils.get_asn_details(["AS64500", "64500"])
    assert isinstance(frame, pd.DataFrame) and len(frame) == 2
    assert "AS64500" in servers["whois"].queries


def test_classic_path_is_the_same_module() -> None:
    from msticpy.sectools import ip_utils as classic

    assert classic is ip_utils
