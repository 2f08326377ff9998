"""Bad inputs to ``msticpy triage``: one clear line on stderr, exit status 2, no traceback."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from msticpy.cli import main
from msticpy.cli.triage_input import InputError, parse_time, text_encoding


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "msticpy", *args], capture_output=True, text=True, timeout=120
    )


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run in-process; require exit 2, nothing on stdout and one line on stderr."""
    assert main(list(args)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("msticpy triage: "), err
    return err


def test_directory_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    proc = run("triage", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr == f"msticpy triage: {tmp_path} is a directory: give one log or CSV file\n"
    assert "Traceback" not in proc.stderr


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert "no such file: /no/such/file.log" in refused(capsys, "triage", "/no/such/file.log")


@pytest.mark.parametrize("flag", [[], ["--cluster"], ["--json"]])
def test_binary_file_is_detected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flag: list[str]
) -> None:
    blob = tmp_path / "blob.dat"
    blob.write_bytes(bytes(range(256)) * 40)
    err = refused(capsys, "triage", str(blob), *flag)
    assert "looks like a binary file" in err and "\x00" not in err


def test_system_executable_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    if not os.path.isfile(sys.executable):
        pytest.skip("no executable file to read")
    with open(sys.executable, "rb") as handle:
        magic = handle.read(4)
    err = refused(capsys, "triage", sys.executable)
    if magic == b"\x7fELF":
        assert "is an ELF executable, not a text log" in err
    else:
        assert "binary" in err or "executable" in err


def test_compressed_log_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "app.log.gz"
    path.write_bytes(gzip.compress(b"2026-01-01T00:00:00Z GET http://example.com/\n"))
    assert "gzip-compressed data (decompress it first" in refused(capsys, "triage", str(path))


def test_unreadable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "secret.log"
    path.write_text("x")
    path.chmod(0)
    assert "cannot read" in refused(capsys, "triage", str(path))


def test_missing_csv_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("a,b\n1,2\n")
    err = refused(capsys, "triage", str(path), "--column", "cmd")
    assert "column 'cmd' not found" in err and "columns: a, b" in err


def test_utf16_log_with_bom_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "export.log"
    text = "2026-03-04T05:06:07Z connect to 45.133.1.20 from 10.0.0.5\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert text_encoding(str(path)) == "utf-16"
    assert main(["triage", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    shown = {i["value"] for g in report["iocs"]["ipv4"]["groups"] for i in g["top"]}
    assert shown == {"45.133.1.20", "10.0.0.5"}


def test_control_bytes_never_reach_the_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A text log whose later lines hold NUL and escape bytes (past the binary sniff).
    path = tmp_path / "mixed.log"
    lines = [f"2026-01-01T00:00:{n % 60:02d}Z ok 10.0.0.{n % 250}\n" for n in range(2000)]
    lines.append("http://evil.example.com/a\x00b\x1b[31m and mal\x07ware.com\n")
    path.write_text("".join(lines), encoding="utf-8")
    for args in (["--json"], []):
        assert main(["triage", str(path), "--top", "50", *args]) == 0
        out = capsys.readouterr().out
        assert not [c for c in out if ord(c) < 32 and c not in "\n\t"], args


def test_text_encoding_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        text_encoding(str(tmp_path))
    (tmp_path / "mz.log").write_text("MZ-relay accepted 10.0.0.1\n")
    assert text_encoding(str(tmp_path / "mz.log")) == "utf-8"  # "MZ" text is still text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-02T08:14:07Z x", "2026-11-02T08:14:07+00:00"),
        ("2026-11-02 08:14:07.123456789+01:00 x", "2026-11-02T07:14:07.123456+00:00"),
        ("[2026-11-02T08:14:07,5-0230] x", "2026-11-02T10:44:07.500000+00:00"),
        ("2026-13-02T08:14:07Z", None),
        ("Nov  2 08:14:07 host sshd", None),
        ("", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    found = parse_time(text)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["triage", "--top", "x"], "msticpy triage: argument --top: invalid int value: 'x'"),
        (["triage", "--bogus"], "msticpy: unrecognized arguments: --bogus"),
        (["nosuch"], "msticpy: argument command: invalid choice: 'nosuch'"),
    ],
)
def test_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.endswith(" (see --help)\n") and err.count("\n") == 1


def test_empty_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_text("")
    assert main(["triage", str(empty)]) == 0
    out = capsys.readouterr().out
    assert "0 lines scanned" in out and "No IoCs found." in out
    header_only = tmp_path / "h.csv"
    header_only.write_text("a,cmd\n")
    report = triage_report(capsys, str(header_only), "--column", "cmd")
    assert report["cells"] == 0 and report["iocs"] == {} and report["truncated"] is False


def triage_report(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["triage", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_interrupt_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import msticpy.cli as cli

    def stop(*_: object, **__: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_triage", stop)
    assert main(["triage"]) == 130
    assert capsys.readouterr().err == "msticpy: interrupted\n"


def test_large_csv_cells_are_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Python's csv module refuses cells over 128 KiB by default: payload columns are larger.
    path = tmp_path / "payloads.csv"
    path.write_text('id,cmd\n1,"' + "A" * 300_000 + ' http://evil.example.com/x"\n')
    report = triage_report(capsys, str(path), "--column", "cmd")
    assert report["cells"] == 1
    assert report["iocs"]["url"]["groups"][0]["top"][0]["value"] == "http://evil.example.com/x"
