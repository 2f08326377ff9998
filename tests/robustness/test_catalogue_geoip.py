"""
Reliability catalogue, GeoIP (``reference/reliability.md`` section 5): bad addresses and
corrupt databases, each in a child process. A bad address gives no result (as msticpy);
a corrupt database raises ``GeoIPDatabaseError`` naming the file; a database truncated
while open never brings the process down.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from robustness.catalogue import assert_raised, run_case

DATA = Path(__file__).resolve().parents[1] / "data" / "geoip"
CITY = DATA / "GeoIP2-City-Test.mmdb"

_LOOKUP = """
import pathlib
def case():
    pathlib.Path("cfg.yaml").write_text("{{}}\\n")
    import os
    os.environ["MSTICPYCONFIG"] = str(pathlib.Path("cfg.yaml").resolve())
    from msticpy.context.geoip import GeoLiteLookup
    lookup = GeoLiteLookup(db_folder={folder!r}, auto_update=False)
    {action}
"""


def _folder(tmp_path: Path, content: bytes) -> Path:
    folder = tmp_path / "geodb"
    folder.mkdir()
    (folder / "GeoLite2-City.mmdb").write_bytes(content)
    return folder


# address -> number of located results (msticpy 3.0.2 gives the same on this database)
ADDRESSES = {
    "001.002.003.004": 0,
    "1.2.3": 0,
    "": 0,
    "fe80::1%eth0": 0,
    "[2001:db8::1]": 0,
    "81.2.69.142\x00": 0,
    "x" * 1_000_000: 0,
    "10.1.1.1": 0,
    "::ffff:81.2.69.142": 1,
    " 81.2.69.142": 1,
}


@pytest.mark.parametrize("address", list(ADDRESSES), ids=lambda a: ascii(a)[:20])
def test_bad_address_gives_no_result(address: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path, CITY.read_bytes())
    # A long run of one character is written as an expression (argv has a size limit).
    literal = f"{address[0]!r} * {len(address)}" if len(address) > 1000 else repr(address)
    action = f"raw, ents = lookup.lookup_ip({literal}); return [len(raw), len(ents)]"
    outcome = run_case(_LOOKUP.format(folder=str(folder), action=action), tmp_path)
    assert outcome.get("value") == [ADDRESSES[address]] * 2, outcome
    assert outcome["stdout"] == ""


@pytest.mark.parametrize("address", [None, 123])
def test_non_text_address_is_a_value_error(address: object, tmp_path: Path) -> None:
    folder = _folder(tmp_path, CITY.read_bytes())
    action = f"return lookup.lookup_ip({address!r})"
    outcome = run_case(_LOOKUP.format(folder=str(folder), action=action), tmp_path)
    assert_raised(outcome, "ValueError", "No valid ip addresses were passed as arguments.")


def test_bad_addresses_in_a_frame_keep_their_rows(tmp_path: Path) -> None:
    folder = _folder(tmp_path, CITY.read_bytes())
    action = (
        "import pandas as pd\n"
        "    frame = pd.DataFrame({'ip': ['1.2.3', None, 5, '81.2.69.142', '']})\n"
        "    out = lookup.df_lookup_ip(frame, column='ip')\n"
        "    return [len(out), out['CountryCode'].fillna('-').tolist()]"
    )
    outcome = run_case(_LOOKUP.format(folder=str(folder), action=action), tmp_path)
    assert outcome.get("value") == [5, ["-", "-", "-", "GB", "-"]], outcome


CORRUPT = {
    "empty": lambda good: b"",
    "text": lambda good: b"this is not a maxmind database",
    "truncated": lambda good: good[: len(good) // 2],
    "metadata-only": lambda good: good[good.rindex(b"\xab\xcd\xefMaxMind.com") :],
    "garbled-metadata": lambda good: good[:-40] + b"\xff" * 40,
    "broken-search-tree": lambda good: (
        DATA / "MaxMind-DB-test-broken-search-tree-24.mmdb"
    ).read_bytes(),
    "broken-double": lambda good: (
        DATA / "GeoIP2-City-Test-Broken-Double-Format.mmdb"
    ).read_bytes(),
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_corrupt_database_is_a_named_error(name: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path, CORRUPT[name](CITY.read_bytes()))
    action = "return lookup.lookup_ip('81.2.69.142')[0]"
    outcome = run_case(_LOOKUP.format(folder=str(folder), action=action), tmp_path)
    assert_raised(outcome, "GeoIPDatabaseError", str(folder / "GeoLite2-City.mmdb"))
    assert "ValueError" in outcome["classes"]


def test_database_truncated_while_open_does_not_crash(tmp_path: Path) -> None:
    folder = tmp_path / "geodb"
    folder.mkdir()
    shutil.copy(CITY, folder / "GeoLite2-City.mmdb")
    action = (
        "first = len(lookup.lookup_ip('81.2.69.142')[0])\n"
        f"    open({str(folder / 'GeoLite2-City.mmdb')!r}, 'r+b').truncate(100)\n"
        "    try:\n"
        "        second = len(lookup.lookup_ip('89.160.20.112')[0])\n"
        "    except ValueError as err:\n"
        "        second = type(err).__name__\n"
        "    return [first, second]"
    )
    outcome = run_case(_LOOKUP.format(folder=str(folder), action=action), tmp_path)
    # Either an answer (the reader holds its own copy) or a clean error, never SIGBUS
    # (run_case fails on a signal exit).
    assert outcome["value"][0] == 1, outcome
    assert outcome["value"][1] in (0, 1, "GeoIPDatabaseError"), outcome
