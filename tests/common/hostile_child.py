"""
Child process for the hostile-configuration tests: loads one file and reports.

Usage: ``python hostile_child.py PATH``. Points MSTICPYCONFIG at PATH, reloads the
settings and prints one JSON line: the exception class and message (or "loaded"), the
peak resident memory in MiB and the seconds taken. Exit code 0 unless something other
than a documented exception escaped.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

# One definition of the peak-memory reading for every test child (``tests/peak_memory.py``).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from peak_memory import PEAK_RSS_SOURCE

exec(PEAK_RSS_SOURCE)


def main() -> int:
    os.environ["MSTICPYCONFIG"] = sys.argv[1]
    from msticpy.common import pkg_config
    from msticpy.common.exceptions import MsticpyUserConfigError

    started = time.perf_counter()
    try:
        pkg_config.refresh_config()
        outcome = {"result": "loaded", "settings": sorted(pkg_config.get_settings())}
        pkg_config.validate_config()
    except MsticpyUserConfigError as err:
        outcome = {"result": type(err).__name__, "message": str(err)}
    outcome["seconds"] = time.perf_counter() - started
    outcome["peak_mib"] = peak_rss_mb()  # type: ignore[name-defined]  # noqa: F821
    print(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
