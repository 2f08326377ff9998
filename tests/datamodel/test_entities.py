"""Entities: construction, access protocol, $ref resolution, escaping, classic path."""

from __future__ import annotations

import importlib
import json

import pytest

from msticpy.datamodel import entities
from msticpy.datamodel.entities import (
    Account,
    Alert,
    Entity,
    File,
    GeoLocation,
    Host,
    IpAddress,
    OSFamily,
    Process,
    RegistryHive,
    RegistryKey,
    UnknownEntity,
)

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def test_classic_path_is_the_same_module() -> None:
    classic = importlib.import_module("msticpy.nbtools.entityschema")
    assert classic is entities
    import msticpy.nbtools as nbtools

    assert nbtools.entities is entities
    assert classic.Host is Host


def test_mapping_protocol_and_schema_defaults() -> None:
    host = Host(HostName="web01", DnsDomain="contoso.com")
    assert host["HostName"] == "web01"
    assert "HostName" in host
    assert host["OSVersion"] is None  # set in __init__, empty
    assert host.StartTime is None  # in the schema, never set
    with pytest.raises(KeyError):
        host["NoSuchThing"]
    with pytest.raises(AttributeError):
        _ = host.NoSuchThing
    host["Custom"] = 1
    assert host.Custom == 1
    assert host.fqdn == "web01.contoso.com"
    assert host.Type == "host"
    assert set(host) == set(host.properties)


def test_src_event_constructors() -> None:
    event = {
        "Computer": "web01.contoso.com",
        "NewProcessId": "0x12",
        "CommandLine": "cmd /c whoami",
        "NewProcessName": "C:\\Windows\\System32\\cmd.exe",
        "ParentProcessName": "C:\\Windows\\explorer.exe",
        "ProcessId": "0x4",
        "SubjectUserName": "bob",
        "SubjectUserDomain": "CONTOSO",
    }
    assert Host(src_event=event).HostName == "web01"
    proc = Process(src_event=event)
    assert proc.ProcessName == "cmd.exe"
    assert proc.ParentProcess.ProcessFilePath == "C:\\Windows\\explorer.exe"
    assert proc.Account.Name == "bob"
    linux = File(src_event={"NewProcessName": "/usr/bin/curl"})
    assert linux.OSFamily is OSFamily.Linux and linux.path_separator == "/"


def test_nested_entities_enums_and_edges() -> None:
    ip = IpAddress(
        src_entity={"Address": "192.0.2.1", "Location": {"Type": "geolocation", "City": "X"}}
    )
    assert isinstance(ip.Location, GeoLocation)
    assert [str(edge) for edge in ip.edges] == ["Location"]
    key = RegistryKey(src_entity={"Hive": "HKEY_LOCAL_MACHINE", "Key": "SOFTWARE\\Run"})
    assert key.Hive is RegistryHive.HKEY_LOCAL_MACHINE
    assert key.description_str == "HKLM\\SOFTWARE\\Run"
    assert Host(src_entity={"OSFamily": "Linux"}).OSFamily is OSFamily.Linux


def test_instantiate_entity() -> None:
    assert isinstance(Entity.instantiate_entity({"Type": "Account", "Name": "x"}), Account)
    untyped = {"Name": "x"}
    assert Entity.instantiate_entity(untyped) is untyped
    with pytest.raises(TypeError):
        Entity.instantiate_entity({"Type": "nosuch"})
    unknown = Entity.create({"Type": "nosuch", "A": 1})
    assert isinstance(unknown, UnknownEntity) and unknown.A == 1


def test_equality_and_hash() -> None:
    one = Account(Name="bob", NTDomain="D", TimeGenerated="t")
    two = Account(Name="bob", NTDomain="D", TimeGenerated="t")
    assert one == two and hash(one) == hash(two)
    assert one != Account(Name="eve", TimeGenerated="t")
    assert one != Host(TimeGenerated="t")
    assert len({one, two}) == 1


def test_alert_resolves_refs() -> None:
    raw = [
        {"$id": "2", "HostName": "TESTHOST", "Type": "host"},
        {"$id": "3", "Name": "svc", "NTDomain": "DOM", "Host": {"$ref": "2"}, "Type": "account"},
        {"$id": "4", "Name": "a.exe", "Directory": "c:\\w", "Type": "file"},
        {"$id": "5", "ImageFile": {"$ref": "4"}, "Account": {"$ref": "3"}, "Type": "process"},
        {"$ref": "3"},
        {"$id": "9", "Type": "mailmessage", "Recipient": "a@b.c"},
    ]
    alert = Alert(src_entity={"AlertDisplayName": "x", "Entities": json.dumps(raw)})
    kinds = [type(e).__name__ for e in alert.Entities]
    assert kinds == ["Host", "Account", "File", "Process", "Account", "UnknownEntity"]
    process = alert.Entities[3]
    assert process.ImageFile.Name == "a.exe"
    assert process.Account.qualified_name == "DOM\\svc"
    assert alert.Entities[1].Host.HostName == "TESTHOST"


def test_ref_lists_keep_their_other_members() -> None:
    raw = [
        {"$id": "1", "Algorithm": "MD5", "Value": "aa", "Type": "filehash"},
        {
            "$id": "2",
            "Name": "f",
            "FileHashes": [
                {"$ref": "1"},
                {"$id": "3", "Algorithm": "SHA1", "Value": "bb", "Type": "filehash"},
            ],
            "Type": "file",
        },
    ]
    alert = Alert(src_entity={"Entities": raw})
    assert [h.Value for h in alert.Entities[1].FileHashes] == ["aa", "bb"]


@pytest.mark.parametrize("cls", [Host, Account, IpAddress, UnknownEntity])
def test_html_escapes_hostile_values(cls: type) -> None:
    entity = cls(src_entity={"HostName": HOSTILE, "Name": HOSTILE, "Address": HOSTILE})
    entity["Extra"] = HOSTILE
    markup = entity.to_html()
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;" in markup
    assert entity._repr_html_() == markup
    assert markup.startswith(f"<h3>{entity.Type}</h3>")


def test_alert_html_escapes() -> None:
    alert = Alert(src_entity={"AlertDisplayName": HOSTILE, "CompromisedEntity": HOSTILE})
    assert "<script" not in alert.to_html()


def test_to_json_handles_datetimes_and_enums() -> None:
    host = Host(src_entity={"HostName": "h", "OSFamily": "Linux"})
    decoded = json.loads(host.to_json())
    assert decoded["OSFamily"] == "Linux"
    assert decoded["HostName"] == "h"
    assert isinstance(decoded["TimeGenerated"], str)
    assert host.to_dict()["HostName"] == "h"


def test_deep_nesting_does_not_recurse_unbounded() -> None:
    raw: dict = {"Type": "process", "ProcessId": "0"}
    for depth in range(50):
        raw = {"Type": "process", "ProcessId": str(depth), "ParentProcess": raw}
    proc = Process(src_entity=raw)
    assert proc.ParentProcess.ProcessId == "48"


def test_nesting_beyond_the_limit_stays_raw() -> None:
    from msticpy.datamodel.entities.entity import MAX_ENTITY_DEPTH

    raw: dict = {"Type": "process", "ProcessId": "leaf"}
    for depth in range(5000):
        raw = {"Type": "process", "ProcessId": str(depth), "ParentProcess": raw}
    with pytest.warns(UserWarning, match=f"nested deeper than {MAX_ENTITY_DEPTH} levels"):
        proc = Process(src_entity=raw)
    node = proc
    for _ in range(MAX_ENTITY_DEPTH):
        node = node.ParentProcess
    assert isinstance(node, Process)
    assert isinstance(node.ParentProcess, dict)
