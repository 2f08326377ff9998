"""
GeoIP benchmark: ``df_lookup_ip`` on 100,000 addresses, ours vs msticpy 3.0.2, and raw
look-ups vs the ``maxminddb`` C extension and the ``maxminddb-rust`` package.

Both sides read MaxMind's GeoIP2-City test database (tests/data/geoip) from the same
folder. Each case runs in a fresh subprocess: the *first* call includes importing the
reader's module and opening the database (for us, loading the extension); *warm* is the
best of three further calls in the same process. Times are the CPU time of the measuring
process (``time.process_time``: all its threads), not wall time, because the machine the
figures come from is shared and its wall times vary several-fold from run to run; none
of the measured code waits on I/O. ``df_lookup_ip`` results are checked
equal (location columns, TimeGenerated left out) and the table says so; raw look-ups
report how many addresses each side found.

Raw look-ups (whole records as Python dicts, as ``maxminddb.Reader.get`` returns them):
``GeoIpDb.lookup_raw`` (one batch; our records also carry ``traits.ip_address`` and
``traits.network``) vs a loop of ``Reader.get`` in the ``maxminddb`` C extension
(``MODE_MMAP_EXT``) and in ``maxminddb-rust`` (whose batch ``get_many`` is timed too);
``GeoIpDb.lookup_batch`` (only the fields msticpy's entities use) is shown beside them.
The readers run in ``--maxminddb-python`` (default: this interpreter), which needs
``pip install maxminddb maxminddb-rust``; a missing one is reported, not fatal.

Usage::

    PYTHONPATH=python python benchmarks/bench_geoip.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = ROOT / "tests" / "data" / "geoip" / "GeoIP2-City-Test.mmdb"
REF_PYTHON = Path.home() / ".cache" / "msticpy-ref" / "v302" / "bin" / "python"
# Networks the City test database answers for; addresses are drawn unique from them
# (msticpy's merge multiplies repeated addresses, which would measure pandas only).
NETS = [
    "2001:218::/32",
    "2a02:cf40::/29",
    "2001:480:10::/48",
    "2a02:d300::/29",
    "214.78.120.0/22",
    "67.43.156.0/24",
    "202.196.224.0/20",
    "175.16.199.0/24",
    "89.160.20.128/25",
    "81.2.69.160/27",
]

_DF_WORKER = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
t0 = time.process_time()
import pandas as pd
from msticpy.context.geoip import GeoLiteLookup
args = json.load(open(sys.argv[1]))
frame = pd.DataFrame({"ip": args["addresses"]})
t1 = time.process_time()
lookup = GeoLiteLookup(db_folder=args["folder"], auto_update=False)
out = lookup.df_lookup_ip(frame, "ip")
first = time.process_time() - t1
warm = []
for _ in range(args["repeats"]):
    t = time.process_time()
    out = lookup.df_lookup_ip(frame, "ip")
    warm.append(time.process_time() - t)
names = ["ip", "CountryCode", "CountryOrRegionName", "State", "City", "Longitude", "Latitude"]
cols = [c for c in names if c in out]
# Text as plain str/None, so pandas 2 (reference) and 3 (ours) digest alike.
plain = [[None if pd.isna(v) else v for v in row] for row in out[cols].itertuples(index=False)]
digest = json.dumps(plain)
import hashlib
print(json.dumps({"first": first, "warm": min(warm), "rows": len(out), "import": t1 - t0,
                  "digest": hashlib.sha256(digest.encode()).hexdigest()}))
"""

_RAW_OURS = r"""
import json, sys, time
args = json.load(open(sys.argv[1]))
t = time.process_time()
from msticpy import _native
db = _native.GeoIpDb(args["db"])
recs, idx, _e = db.lookup_raw(args["addresses"])
first = time.process_time() - t
best_f = best_r = 1e9
for _ in range(3):
    t = time.process_time()
    rows, cols, _e = db.lookup_batch(args["addresses"])
    best_f = min(best_f, time.process_time() - t)
    t = time.process_time()
    recs, idx, _e = db.lookup_raw(args["addresses"])
    best_r = min(best_r, time.process_time() - t)
found = sum(r >= 0 for r in rows)
assert found == len(recs)
print(json.dumps({"fields": best_f, "records": best_r, "first": first, "found": found,
                  "source": db.source}))
"""

_RAW_C = r"""
import json, sys, time
args = json.load(open(sys.argv[1]))
t = time.process_time()
import maxminddb
reader = maxminddb.open_database(args["db"], maxminddb.MODE_MMAP_EXT)
out = [reader.get(ip) for ip in args["addresses"]]
first = time.process_time() - t
best = 1e9
for _ in range(3):
    t = time.process_time()
    out = [reader.get(ip) for ip in args["addresses"]]
    best = min(best, time.process_time() - t)
found = sum(o is not None for o in out)
print(json.dumps({"records": best, "first": first, "found": found,
                  "version": maxminddb.__version__}))
"""

_RAW_RS = r"""
import json, sys, time
from importlib.metadata import version
args = json.load(open(sys.argv[1]))
t = time.process_time()
import maxminddb_rust
reader = maxminddb_rust.open_database(args["db"], maxminddb_rust.MODE_MMAP)
out = [reader.get(ip) for ip in args["addresses"]]
first = time.process_time() - t
best = best_many = 1e9
for _ in range(3):
    t = time.process_time()
    out = [reader.get(ip) for ip in args["addresses"]]
    best = min(best, time.process_time() - t)
    t = time.process_time()
    many = reader.get_many(args["addresses"])
    best_many = min(best_many, time.process_time() - t)
found = sum(o is not None for o in out)
assert found == sum(o is not None for o in many)
print(json.dumps({"records": best, "many": best_many, "first": first, "found": found,
                  "version": version("maxminddb-rust")}))
"""


def _addresses(rows: int) -> list[str]:
    rng = random.Random(7)
    nets = [ipaddress.ip_network(n) for n in NETS]
    seen: set[str] = set()
    while len(seen) < rows:
        pick = rng.random()
        if pick < 0.85:
            net = rng.choice(nets)
            seen.add(str(net.network_address + rng.randrange(net.num_addresses)))
        elif pick < 0.95:
            seen.add(str(ipaddress.IPv4Address(rng.getrandbits(32))))
        else:
            seen.add(f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}")
    out = sorted(seen)
    rng.shuffle(out)
    return out


def _run(python: str, code: str, args_file: str, env: dict[str, str]) -> dict | str:
    if not Path(python).exists():
        return "not installed"
    proc = subprocess.run(
        [python, "-c", code, args_file], capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode:
        return "failed: " + proc.stderr.strip().splitlines()[-1]
    return json.loads(proc.stdout)


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--ref-python", default=os.environ.get("MSTICPY_REF_PYTHON", str(REF_PYTHON))
    )
    parser.add_argument("--maxminddb-python", default=sys.executable)
    opts = parser.parse_args()
    addresses = _addresses(opts.rows)
    ours_env = dict(os.environ)
    ref_env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MSTICPYCONFIG"}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "geodb"
        folder.mkdir()
        shutil.copy(DB, folder / "GeoLite2-City.mmdb")
        args_file = str(Path(tmp) / "args.json")
        Path(args_file).write_text(
            json.dumps(
                {
                    "addresses": addresses,
                    "folder": str(folder),
                    "repeats": opts.repeats,
                    "db": str(folder / "GeoLite2-City.mmdb"),
                }
            )
        )
        ours = _run(sys.executable, _DF_WORKER, args_file, ours_env)
        ref = _run(opts.ref_python, _DF_WORKER, args_file, ref_env)
        raw_ours = _run(sys.executable, _RAW_OURS, args_file, ours_env)
        raw_c = _run(opts.maxminddb_python, _RAW_C, args_file, ref_env)
        raw_rs = _run(opts.maxminddb_python, _RAW_RS, args_file, ref_env)
    print(f"GeoIP benchmark: {len(addresses):,} unique addresses, GeoIP2-City-Test.mmdb")
    print(f"{'case':<34}{'ours':>12}{'reference':>12}{'ratio':>9}  check")
    if isinstance(ours, dict) and isinstance(ref, dict):
        same = "same rows" if ours["digest"] == ref["digest"] else "DIFFERENT"
        for key in ("first", "warm"):
            print(
                f"df_lookup_ip ({key} call){'':<13}{ours[key]:>11.3f}s{ref[key]:>11.3f}s"
                f"{ref[key] / ours[key]:>8.1f}x  {same} ({ours['rows']:,} rows)"
            )
    else:
        print(f"df_lookup_ip: ours={ours} reference={ref}")
    _print_raw(raw_ours, raw_c, raw_rs)


def _print_raw(ours: dict | str, c_ext: dict | str, rust: dict | str) -> None:
    """Raw look-up rows: ours (first, warm, fields) against each other reader."""
    if not isinstance(ours, dict):
        print(f"raw: ours={ours}")
        return
    others: list[tuple[str, str, dict]] = []
    if isinstance(c_ext, dict):
        others.append((f"maxminddb {c_ext['version']} C, get loop", "records", c_ext))
    else:
        print(f"raw: maxminddb C extension {c_ext}")
    if isinstance(rust, dict):
        others.append((f"maxminddb-rust {rust['version']}, get loop", "records", rust))
        others.append((f"maxminddb-rust {rust['version']}, get_many", "many", rust))
    else:
        print(f"raw: maxminddb-rust {rust}")
    print(f"raw whole records ({ours['source']}), found {ours['found']:,}:")
    for label, key, other in others:
        found = f"found {other['found']:,}"
        if key == "records":  # first calls are measured with the get loop
            print(
                f"  first call vs {label:<34}{ours['first']:>8.3f}s{other['first']:>8.3f}s"
                f"{other['first'] / ours['first']:>7.1f}x  {found}"
            )
        print(
            f"  warm       vs {label:<34}{ours['records']:>8.3f}s{other[key]:>8.3f}s"
            f"{other[key] / ours['records']:>7.1f}x  {found}"
        )
    if others:
        label, key, other = min(others, key=lambda o: o[2][o[1]])
        print(
            f"  fields only (lookup_batch) vs the fastest ({label}): "
            f"{ours['fields']:.3f}s vs {other[key]:.3f}s, {other[key] / ours['fields']:.1f}x"
        )


if __name__ == "__main__":
    main()
