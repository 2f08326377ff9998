"""``msticpy triage --cluster``: top command-line patterns of a CSV or text file."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path


def _triage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "msticpy", "triage", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _write_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["TimeGenerated", "Host", "CommandLine"])
        for i in range(300):
            writer.writerow([i, f"h{i}", f"install-update -hostname srv{i}.corp -tmp:/tmp/{i:x}"])
        for user in ("bob", "eve", "mallory"):
            writer.writerow([0, "h", f"net user {user} /add"])
        writer.writerow([0, "h", "whoami /all"])


def test_cluster_csv_shows_top_patterns(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    _write_csv(path)
    proc = _triage(str(path), "--cluster")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "304 lines -> 3 patterns" in proc.stdout
    assert "300" in lines[3] and "install-update -hostname <*> <*>" in lines[3]
    assert "net user <*> /add" in proc.stdout


def test_cluster_json_and_column(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    _write_csv(path)
    proc = _triage(str(path), "--cluster", "--column", "Host", "--json", "--top", "1")
    report = json.loads(proc.stdout)
    assert report["column"] == "Host" and report["lines"] == 304
    assert report["top"][0]["template"] == "h"  # the 4 rows with host "h"
    assert report["top"][0]["count"] == 4


def test_cluster_csv_without_commandline_column(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    proc = _triage(str(path), "--cluster")
    assert proc.returncode != 0 and "--column" in proc.stderr


def test_cluster_text_file_default_sample() -> None:
    proc = _triage("--cluster", "--top", "2")
    assert proc.returncode == 0, proc.stderr
    assert "patterns" in proc.stdout and "<*>" in proc.stdout


def test_cluster_says_what_was_cut(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    _write_csv(path)
    proc = _triage(str(path), "--cluster", "--top", "1")
    assert "... and 2 more (--top 3 shows all)" in proc.stdout
    report = json.loads(_triage(str(path), "--cluster", "--top", "1", "--json").stdout)
    assert report["truncated"] is True and report["more"] == 2 and len(report["top"]) == 1
    whole = json.loads(_triage(str(path), "--cluster", "--top", "3", "--json").stdout)
    assert whole["truncated"] is False and whole["more"] == 0
