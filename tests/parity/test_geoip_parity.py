"""
GeoIP parity with msticpy 3.0.2 pointed at the same MaxMind test database.

The same worker (``geoip_worker.py``) runs in the reference interpreter and in ours on
generated addresses: public ones inside the test database's networks, public ones
outside them, private, reserved and malformed text, with duplicates. ``lookup_ip`` raw
results and entities (one call, and one call per address) and the ``df_lookup_ip``
frame (columns, dtypes, values) must be equal; only ``TimeGenerated`` is left out.
"""

from __future__ import annotations

import ipaddress
import random
import shutil
from pathlib import Path
from typing import Any

from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("geoip_worker.py")
DB = Path(__file__).resolve().parents[1] / "data" / "geoip" / "GeoIP2-City-Test.mmdb"

# Networks the City test database answers for (from MaxMind's test source data).
_KNOWN = [
    "81.2.69.142/31",
    "81.2.69.144/28",
    "81.2.69.160/27",
    "2.125.160.216/29",
    "89.160.20.112/28",
    "89.160.20.128/25",
    "216.160.83.56/29",
    "67.43.156.0/24",
    "202.196.224.0/20",
    "175.16.199.0/24",
    "2001:218::/32",
    "2a02:cf40::/29",
    "2001:480:10::/48",
    "2a02:d300::/29",
    "2.3.3.0/24",
    "214.1.1.0/24",
    "214.78.120.0/22",
    "2001:220::/32",
]
_OTHER = [
    "10.1.2.3",
    "127.0.0.1",
    "169.254.9.9",
    "192.168.0.1",
    "224.0.0.5",
    "0.0.0.0",
    "::1",
    "fe80::1",
    "100.64.3.4",
    "",
    " 81.2.69.142 ",
    "not-an-ip",
    "1.2.3",
    "999.1.1.1",
    "2001:db8::1",
    "::ffff:81.2.69.142",
    "255.255.255.255",
]


def _addresses(rng: random.Random, count: int) -> list[str]:
    out: list[str] = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.6:
            net = ipaddress.ip_network(rng.choice(_KNOWN))
            offset = rng.randrange(min(net.num_addresses, 2**32))
            out.append(str(net.network_address + offset))
        elif pick < 0.8:
            out.append(str(ipaddress.IPv4Address(rng.getrandbits(32))))
        else:
            out.append(rng.choice(_OTHER))
    return out


def _request(tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / "geodb"
    folder.mkdir()
    shutil.copy(DB, folder / "GeoLite2-City.mmdb")
    rng = random.Random(20261207)
    addresses = _addresses(rng, 300)
    # Unique addresses in the frame, plus a few repeated ones (msticpy's merge
    # multiplies rows of repeated addresses; so must ours).
    frame = list(dict.fromkeys(addresses)) + addresses[:5]
    return {"db_folder": str(folder), "addresses": addresses, "frame": frame}


def test_geoip_equals_msticpy(ref_python: str, tmp_path: Path) -> None:
    request = _request(tmp_path)
    theirs = run_reference(ref_python, request, worker=WORKER)
    ours = run_ours(WORKER, request)
    located = len(theirs["lookup_ip"][1])
    add_summary_line(
        f"geoip: {len(request['addresses'])} addresses, {located} located by msticpy; "
        f"df_lookup_ip {len(theirs['df_lookup_ip']['rows'])} rows"
    )
    assert located > 100, "too few located addresses to be meaningful"
    assert ours["lookup_ip"] == theirs["lookup_ip"]
    assert ours["single"] == theirs["single"]
    assert ours["df_lookup_ip"]["columns"] == theirs["df_lookup_ip"]["columns"]
    assert ours["df_lookup_ip"]["dtypes"] == theirs["df_lookup_ip"]["dtypes"]
    assert ours["df_lookup_ip"]["rows"] == theirs["df_lookup_ip"]["rows"]
