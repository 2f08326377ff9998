"""GeoLiteLookup / IPStackLookup on MaxMind's test databases and loopback servers."""

from __future__ import annotations

import base64
import io
import os
import shutil
import tarfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from data.loopback import JsonHandler, serve
from msticpy.context import geoip
from msticpy.context.geoip import (
    GeoIPDatabaseError,
    GeoIpDefaultDataNotice,
    GeoIpLookup,
    GeoLiteLookup,
    IPStackLookup,
    entity_distance,
    geo_distance,
)
from msticpy.datamodel.entities import IpAddress

DATA = Path(__file__).resolve().parents[1] / "data" / "geoip"
CITY = DATA / "GeoIP2-City-Test.mmdb"
COUNTRY = DATA / "GeoLite2-Country-Test.mmdb"
KEY = "GEOIP-CANARY-KEY-51c2"


def _folder(tmp_path: Path, source: Path = CITY) -> str:
    folder = tmp_path / "geodb"
    folder.mkdir(exist_ok=True)
    shutil.copy(source, folder / "GeoLite2-City.mmdb")
    return str(folder)


@pytest.fixture
def city(tmp_path: Path, use_config: Callable[[str], Path]) -> GeoLiteLookup:
    use_config("{}\n")
    return GeoLiteLookup(db_folder=_folder(tmp_path), auto_update=False)


def test_classic_path_is_the_same_module() -> None:
    import msticpy.sectools.geoip as classic
    from msticpy.sectools import GeoLiteLookup as ClassicLookup

    assert classic is geoip
    assert ClassicLookup is GeoLiteLookup
    assert issubclass(GeoLiteLookup, GeoIpLookup) and issubclass(IPStackLookup, GeoIpLookup)


def test_lookup_ip_city_fields(city: GeoLiteLookup) -> None:
    raw, ents = city.lookup_ip(ip_addr_list=["81.2.69.142", "10.0.0.1", "bad", "2001:218::1"])
    assert [e.Address for e in ents] == ["81.2.69.142", "2001:218::1"]
    london = ents[0].Location
    assert (london.CountryCode, london.CountryOrRegionName, london.State, london.City) == (
        "GB",
        "United Kingdom",
        "England",
        "London",
    )
    assert (london.Latitude, london.Longitude) == (51.5142, -0.0931)
    assert raw[0]["traits"] == {"ip_address": "81.2.69.142", "network": "81.2.69.142/31"}
    assert raw[0]["city"]["names"]["de"] == "London"
    assert ents[1].Location.City is None and ents[1].Location.CountryCode == "JP"


def test_private_invalid_and_unknown_give_nothing(city: GeoLiteLookup) -> None:
    for address in ["10.1.1.1", "127.0.0.1", "::1", "fe80::1", "224.0.0.1", "", "x", "1.1.1.1"]:
        assert city.lookup_ip(address) == ([], []), address


def test_ip_entity_parameter_is_updated(city: GeoLiteLookup) -> None:
    entity = IpAddress(Address="89.160.20.112")
    _, ents = city.lookup_ip(ip_entity=entity)
    assert ents == [entity] and entity.Location.City == "Linköping"
    with pytest.raises(ValueError, match="No valid ip addresses"):
        city.lookup_ip()


def test_df_lookup_ip_columns_and_duplicates(city: GeoLiteLookup) -> None:
    data = pd.DataFrame({"ip": ["2001:218::1", "81.2.69.142", "10.0.0.1", "81.2.69.142"]})
    out = city.df_lookup_ip(data, "ip")
    # The first located row has no State/City, so those columns come last (as from
    # msticpy's list of dicts); the repeated address is multiplied by the merge.
    assert list(out.columns) == [
        "ip",
        "CountryCode",
        "CountryOrRegionName",
        "Longitude",
        "Latitude",
        "TimeGenerated",
        "Type",
        "IpAddress",
        "State",
        "City",
    ]
    assert len(out) == 6
    assert out["City"].tolist()[1:3] == ["London", "London"]
    assert out.loc[out["ip"] == "10.0.0.1", "CountryCode"].isna().all()
    assert str(out["TimeGenerated"].dtype).startswith("datetime64")
    assert city.lookup_ips(data, "ip")["IpAddress"].tolist() == [
        "2001:218::1",
        "81.2.69.142",
        "81.2.69.142",
    ]


def test_df_lookup_ip_with_nothing_located(city: GeoLiteLookup) -> None:
    data = pd.DataFrame({"ip": ["10.0.0.1", "nope"]})
    out = city.df_lookup_ip(data, "ip")
    pd.testing.assert_frame_equal(out, data)
    assert city.lookup_ips(data, "ip").empty


@pytest.mark.parametrize(
    "make",
    [
        lambda good: good[: len(good) // 2],
        lambda good: b"this is not a maxmind database",
        lambda good: b"",
        lambda good: (DATA / "MaxMind-DB-test-broken-search-tree-24.mmdb").read_bytes(),
        lambda good: (DATA / "GeoIP2-City-Test-Broken-Double-Format.mmdb").read_bytes(),
    ],
    ids=["truncated", "text", "empty", "broken-search-tree", "broken-double"],
)
def test_corrupt_database_is_a_clear_error(
    tmp_path: Path, use_config: Callable[[str], Path], make: Callable[[bytes], bytes]
) -> None:
    use_config("{}\n")
    folder = tmp_path / "bad"
    folder.mkdir()
    path = folder / "GeoLite2-City.mmdb"
    path.write_bytes(make(CITY.read_bytes()))
    lookup = GeoLiteLookup(db_folder=str(folder), auto_update=False)
    with pytest.raises(GeoIPDatabaseError, match="cannot be used") as err:
        lookup.lookup_ip("81.2.69.142")
    assert str(path) in str(err.value)


def test_country_database_answers_country_level(
    tmp_path: Path, use_config: Callable[[str], Path]
) -> None:
    use_config("{}\n")
    lookup = GeoLiteLookup(db_folder=_folder(tmp_path, COUNTRY), auto_update=False)
    _, ents = lookup.lookup_ip("81.2.69.142")
    assert ents[0].Location.CountryCode == "GB" and ents[0].Location.City is None


def test_embedded_default_without_database(
    tmp_path: Path, use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_config("{}\n")
    monkeypatch.setattr(geoip, "_NOTICE_SHOWN", False)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.warns(
        GeoIpDefaultDataNotice, match=r"iptocc crate 1\.4\.175 \(a snapshot of about 2026-12-07\)"
    ) as notice:
        raw, ents = GeoLiteLookup(db_folder=str(empty)).lookup_ip(
            ip_addr_list=["8.8.8.8", "10.0.0.1", "193.0.6.139"]
        )
    assert [(e.Location.CountryCode, e.Location.CountryOrRegionName) for e in ents] == [
        ("US", "United States"),
        ("NL", "Netherlands"),
    ]
    assert "one representative point per country" in str(notice[0].message)
    # Coordinates: one representative point per country, marked as country level.
    us_point = raw[0]["location"]
    assert raw[0] == {
        "country": {"iso_code": "US", "names": {"en": "United States"}},
        "location": {
            "accuracy_radius": 1000,
            "latitude": us_point["latitude"],
            "longitude": us_point["longitude"],
            "resolution": "country",
        },
        "traits": {"ip_address": "8.8.8.8"},
    }
    assert 25 < us_point["latitude"] < 49 and -125 < us_point["longitude"] < -67
    assert (ents[0].Location.Latitude, ents[0].Location.Longitude) == (
        us_point["latitude"],
        us_point["longitude"],
    )
    assert ents[0].Location.City is None and ents[0].Location.State is None
    nl = ents[1].Location
    assert 50.7 < nl.Latitude < 53.6 and 3.3 < nl.Longitude < 7.3
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the notice is shown once per process
        frame = GeoLiteLookup(db_folder=str(empty)).df_lookup_ip(
            pd.DataFrame({"ip": ["8.8.8.8", "127.0.0.1"]}), "ip"
        )
    assert frame["CountryCode"].tolist()[0] == "US" and "City" not in frame.columns
    assert frame["Latitude"].tolist()[0] == us_point["latitude"]
    assert pd.isna(frame["Latitude"].tolist()[1])  # loopback: not looked up
    assert not list(empty.iterdir()), "nothing downloaded or written"


def test_config_db_folder(tmp_path: Path, use_config: Callable[[str], Path]) -> None:
    folder = _folder(tmp_path)
    use_config(f"OtherProviders:\n  GeoIPLite:\n    Args:\n      DBFolder: '{folder}'\n")
    lookup = GeoLiteLookup(auto_update=False)
    assert lookup.lookup_ip("81.2.69.142")[1][0].Location.City == "London"


def test_read_into_memory_by_default(city: GeoLiteLookup) -> None:
    city.lookup_ip("81.2.69.142")
    # Not mapped unless asked: a database truncated in place cannot kill the process.
    assert city._reader.source == "read"


def test_config_memory_map(tmp_path: Path, use_config: Callable[[str], Path]) -> None:
    use_config("OtherProviders:\n  GeoIPLite:\n    Args:\n      MemoryMap: true\n")
    lookup = GeoLiteLookup(db_folder=_folder(tmp_path), auto_update=False)
    assert lookup.lookup_ip("81.2.69.142")[1][0].Location.City == "London"
    assert lookup._reader.source == "mmap"


@pytest.mark.parametrize("memory_map", [False, True])
def test_one_reader_per_file_and_mode(
    tmp_path: Path, use_config: Callable[[str], Path], memory_map: bool
) -> None:
    from msticpy import _native

    use_config("{}\n")
    folder = _folder(tmp_path)
    lookup = GeoLiteLookup(db_folder=folder, auto_update=False, memory_map=memory_map)
    lookup.lookup_ip("81.2.69.142")
    first = lookup._reader
    assert first.source == ("mmap" if memory_map else "read") and first.pid == os.getpid()
    other = GeoLiteLookup(db_folder=folder, auto_update=False, memory_map=memory_map)
    other.lookup_ip("81.2.69.142")
    assert other._reader.shares_reader(first), "one shared reader per file per process"
    assert _native.GeoIpDb(first.path, memory_map).shares_reader(first)
    # The other mode, or another file (a copy), gets its own reader.
    assert not _native.GeoIpDb(first.path, not memory_map).shares_reader(first)
    copy = tmp_path / "copy.mmdb"
    shutil.copy(CITY, copy)
    assert not _native.GeoIpDb(str(copy), memory_map).shares_reader(first)


@pytest.mark.parametrize("memory_map", [False, True])
def test_forked_child_opens_its_own_reader(
    tmp_path: Path, use_config: Callable[[str], Path], memory_map: bool
) -> None:
    use_config("{}\n")
    city = GeoLiteLookup(db_folder=_folder(tmp_path), auto_update=False, memory_map=memory_map)
    assert city.lookup_ip("81.2.69.142")[1]
    parent_reader = city._reader
    mode = "mmap" if memory_map else "read"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports by exit status
        try:
            # The lookup object made before the fork, and a new one, both answer from
            # a reader this process opened (the cache is keyed by process id).
            inherited = city.lookup_ip("81.2.69.142")[1][0].Location.City == "London"
            fresh = GeoLiteLookup(
                db_folder=city._db_folder, auto_update=False, memory_map=memory_map
            )
            answered = fresh.lookup_ip("2001:218::1")[1][0].Location.CountryCode == "JP"
            own = city._reader.pid == os.getpid() and fresh._reader.shares_reader(city._reader)
            same_mode = city._reader.source == mode
            os._exit(0 if inherited and answered and own and same_mode else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert city._reader is parent_reader and parent_reader.pid == os.getpid()


def test_raw_records_are_fresh_dicts(city: GeoLiteLookup) -> None:
    raw, ents = city.lookup_ip(ip_addr_list=["81.2.69.142", "81.2.69.143", "10.1.1.1"])
    assert [e.Address for e in ents] == ["81.2.69.142", "81.2.69.143"]
    first, second = raw
    assert first["traits"] == {"ip_address": "81.2.69.142", "network": "81.2.69.142/31"}
    assert second["traits"]["ip_address"] == "81.2.69.143"
    # Same database record, but each row owns its dicts and lists: changing one row
    # leaves the other (and later look-ups) alone.
    assert first["city"] == second["city"] and first["city"] is not second["city"]
    first["city"]["names"]["en"] = "changed"
    first["subdivisions"].append({})
    assert second["city"]["names"]["en"] == "London" and len(second["subdivisions"]) == 1
    again, _ = city.lookup_ip("81.2.69.142")
    assert again[0]["city"]["names"]["en"] == "London"
    assert isinstance(again[0]["location"]["accuracy_radius"], int)
    assert isinstance(again[0]["location"]["latitude"], float)


def test_raw_lookup_restores_the_garbage_collector(city: GeoLiteLookup) -> None:
    import gc

    # The collector is paused while a batch of records is built, then put back as it was.
    assert gc.isenabled()
    city.lookup_ip("81.2.69.142")
    assert gc.isenabled()
    gc.disable()
    try:
        city.lookup_ip("81.2.69.142")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_distances() -> None:
    assert round(geo_distance((48.1372, 11.5756), (52.5186, 13.4083)), 1) == 504.2
    src, dest = IpAddress(Address="1.1.1.1"), IpAddress(Address="2.2.2.2")
    with pytest.raises(AttributeError):
        entity_distance(src, dest)


def _archive(db: bytes) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in [
            ("GeoLite2-City_20261201/GeoLite2-City.mmdb", db),
            ("GeoLite2-City_20261201/LICENSE.txt", b"licence"),
            ("../escape.txt", b"outside"),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


class _MaxMind(JsonHandler):
    def do_GET(self) -> None:
        expected = "Basic " + base64.b64encode(f"42:{KEY}".encode()).decode()
        self.server.auth.append(self.headers.get("Authorization"))  # type: ignore[attr-defined]
        if self.headers.get("Authorization") != expected:
            self._send(401, {"error": "bad key"})
            return
        self._send(200, self.server.archive)  # type: ignore[attr-defined]


def test_download_flow_over_loopback(
    tmp_path: Path, use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_config("{}\n")
    folder = tmp_path / "download"
    with serve(_MaxMind, archive=_archive(CITY.read_bytes()), auth=[]) as server:
        monkeypatch.setattr(GeoLiteLookup, "_MAXMIND_DOWNLOAD", f"{server.base}/download")
        lookup = GeoLiteLookup(api_key=KEY, account_id="42", db_folder=str(folder))
        _, ents = lookup.lookup_ip("81.2.69.142")
    assert ents[0].Location.City == "London"
    # Members land in the folder under their base names only: "../escape.txt" too.
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["GeoLite2-City.mmdb", "LICENSE.txt", "escape.txt"]
    assert not (tmp_path / "escape.txt").exists()
    assert KEY not in repr(lookup)


def test_failed_download_warns_without_key(
    tmp_path: Path, use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_config("{}\n")
    monkeypatch.setattr(geoip, "_NOTICE_SHOWN", True)
    folder = tmp_path / "download"
    with serve(_MaxMind, archive=b"", auth=[]) as server:
        monkeypatch.setattr(GeoLiteLookup, "_MAXMIND_DOWNLOAD", f"{server.base}/download")
        lookup = GeoLiteLookup(api_key="wrong-" + KEY, account_id="42", db_folder=str(folder))
        with pytest.warns(UserWarning, match="status 401") as caught:
            _, ents = lookup.lookup_ip("8.8.8.8")
    assert all(KEY not in str(w.message) for w in caught)
    assert ents[0].Location.CountryCode == "US"  # the embedded default answered
    assert not [p for p in folder.iterdir() if p.suffix == ".gz"]


def test_stale_database_without_auto_update_is_kept(
    tmp_path: Path, use_config: Callable[[str], Path]
) -> None:
    # The test database was built years ago: auto_update=True with no key logs an
    # error, warns and goes on with the old file (msticpy's behaviour).
    use_config("{}\n")
    lookup = GeoLiteLookup(db_folder=_folder(tmp_path))
    with pytest.warns(UserWarning, match="cached database"):
        assert lookup.lookup_ip("81.2.69.142")[1]


class _IpStack(JsonHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        address = self.path.split("?")[0].strip("/")
        if address == "5.5.5.5":
            self._send(500, b"server error")
            return
        self._send(
            200,
            {
                "ip": address,
                "country_code": "GB",
                "country_name": "United Kingdom",
                "region_name": "England",
                "city": "London",
                "longitude": -0.09,
                "latitude": 51.5,
                "connection": {"asn": 64500},
            },
        )


def test_ipstack_over_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    with serve(_IpStack, paths=[]) as server:
        monkeypatch.setattr(
            IPStackLookup,
            "_IPSTACK_API",
            server.base + "/{iplist}?access_key={access_key}&output=json",
        )
        lookup = IPStackLookup(api_key=KEY)
        raw, ents = lookup.lookup_ip(ip_addr_list=["81.2.69.142", "5.5.5.5"])
    assert [status for _, status in raw] == [200, 500]
    assert raw[1][0] is None
    assert len(ents) == 1 and ents[0].Location.City == "London"
    assert ents[0].Location.Asn == 64500
    assert KEY not in repr(lookup) and all(f"access_key={KEY}" in p for p in server.paths)


def test_ipstack_without_key_raises(use_config: Callable[[str], Path]) -> None:
    from msticpy.common.exceptions import MsticpyUserConfigError

    use_config("{}\n")
    with pytest.raises(MsticpyUserConfigError):
        IPStackLookup().lookup_ip("1.2.3.4")


def test_create_host_record_fills_locations(
    tmp_path: Path, use_config: Callable[[str], Path]
) -> None:
    folder = _folder(tmp_path)
    use_config(f"OtherProviders:\n  GeoIPLite:\n    Args:\n      DBFolder: '{folder}'\n")
    from msticpy.analysis.syslog_utils import create_host_record

    syslog = pd.DataFrame({"Computer": ["web01"], "ProcessName": ["sshd"]})
    net = pd.DataFrame([{"PrivateIPAddresses": "10.0.0.4", "PublicIPAddresses": "81.2.69.142"}])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test database is old: update warning
        host: Any = create_host_record(syslog, None, net)
    assert host["public_ips"][0].Location.City == "London"
    assert host["private_ips"][0].Location is None


def test_hostile_text_never_fails(city: GeoLiteLookup) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.one_of(st.text(max_size=60), st.ip_addresses().map(str)), max_size=20))
    def check(addresses: list[str]) -> None:
        raw, ents = city.lookup_ip(ip_addr_list=addresses)
        assert len(raw) == len(ents) <= len(addresses)
        frame = city.lookup_ips(pd.DataFrame({"ip": addresses}, dtype=object), "ip")
        assert len(frame) == len(ents)

    check()
