"""
Hostile inputs for IoC extraction (``reference/reliability.md`` section 5).

Each case runs through the public Python API in a subprocess, so a panic, abort,
segfault or hang fails the test without taking pytest down. Only documented
exceptions are caught inside the subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from peak_memory import PEAK_RSS_SOURCE

RUNNER = PEAK_RSS_SOURCE + textwrap.dedent(
    """
    import json, re, sys, time, warnings
    warnings.simplefilter("ignore")
    from msticpy.transform.iocextract import IoCExtract
    from msticpy.common.exceptions import InvalidPatternError, LimitExceededError
    case = json.loads(sys.argv[1])
    started = time.perf_counter()
    outcome = "ok"
    try:
        exec(case["code"])
    except (InvalidPatternError, LimitExceededError, ValueError, TypeError, KeyError) as err:
        outcome = type(err).__name__
    rss_mb = peak_rss_mb()
    print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started,
                      "rss_mb": rss_mb, "result": globals().get("result")}))
    """
)


def run_case(code: str, timeout: float = 120) -> dict:
    """Run ``code`` in a fresh interpreter; it may set ``result`` to something JSON-able."""
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps({"code": code})],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, f"crashed (rc={proc.returncode}): {proc.stderr[-2000:]}"
    assert "PanicException" not in proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "builder",
    [
        '"a." * 2**20 + "1"',
        '"1." * 2**20',
        '"a-" * 2**20 + ".com"',
        '("a" * 70 + ".") * 20000 + "com"',
        '":" * 2**21',
        '"%" * 2**20 + "http://x.com/" + "%41" * 2**18',
        '"[.]" * 2**19',
        '"http://" * 2**18',
        '"@" * 2**20 + "a@b.com"',
    ],
)
def test_pathological_strings_are_linear(builder: str) -> None:
    out = run_case(f"text = {builder}\nresult = len(IoCExtract().extract(src=text))")
    assert out["outcome"] == "ok"
    assert out["seconds"] < 20


def test_single_long_line_in_bounded_memory() -> None:
    # 24 MiB on one line of realistic content (100 MB runs under -m slow).
    code = (
        "line = ' '.join('10.%d.%d.%d evil%d.example.com' % (i % 250, i % 7, i % 11, i % 900)"
        " for i in range(200000))\n"
        "text = (line + ' ') * (24 * 2**20 // len(line))\n"
        "found = IoCExtract().extract(src=text)\n"
        "result = {k: len(v) for k, v in found.items()}"
    )
    out = run_case(code, timeout=300)
    assert out["outcome"] == "ok"
    assert out["result"]["dns"] == 900
    assert out["rss_mb"] < 1500


@pytest.mark.slow
def test_100_mb_single_line() -> None:
    code = (
        "unit = 'GET http://evil.example.com/a?x=1 from 10.1.2.3 hash '"
        " + 'd41d8cd98f00b204e9800998ecf8427e '\n"
        "text = unit * (100 * 2**20 // len(unit))\n"
        "result = {k: len(v) for k, v in IoCExtract().extract(src=text).items()}"
    )
    out = run_case(code, timeout=900)
    assert out["outcome"] == "ok"
    assert out["rss_mb"] < 2500


def test_many_distinct_matches_are_truncated_not_exhausting_memory() -> None:
    code = (
        "from msticpy.common.limits import Limits\n"
        "e = IoCExtract(); e.limits = Limits(ioc_max_matches_per_cell=50000)\n"
        "text = ' '.join('%d.%d.%d.%d' % (i >> 24, (i >> 16) & 255, (i >> 8) & 255, i & 255)"
        " for i in range(400000))\n"
        "result = len(e.extract(src=text)['ipv4'])"
    )
    out = run_case(code)
    assert out["outcome"] == "ok"
    assert out["result"] == 50000


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ('"(unclosed"', "InvalidPatternError"),
        ('"a{1000}{1000}"', "InvalidPatternError"),
        (r'"\\w{1000}{100}"', "InvalidPatternError"),
        ('"(" * 300 + "a" + ")" * 300', "InvalidPatternError"),
        ('"a" * (2**20)', "InvalidPatternError"),
        ('"(?<=x)abc"', "InvalidPatternError"),
        (r'"(a|aa)*\\1"', "InvalidPatternError"),
    ],
)
def test_hostile_user_patterns_fail_fast(pattern: str, expected: str) -> None:
    out = run_case(f"IoCExtract().add_ioc_type('bad', {pattern})")
    assert out["outcome"] == expected
    assert out["seconds"] < 10


def test_quadratic_find_iter_pattern_is_bounded() -> None:
    code = (
        "e = IoCExtract(); e.add_ioc_type('q', r'.*[^A-Z]|[A-Z]')\n"
        "result = len(e.extract(src='A' * 200000, ioc_types=['q'])['q'])"
    )
    out = run_case(code, timeout=300)
    assert out["outcome"] == "ok"


@pytest.mark.parametrize(
    "value",
    ["None", "b'1.2.3.4'", "12345", "'\\udcff1.2.3.4\\udcfe'", "'\\x00' * 1000 + '8.8.8.8'"],
)
def test_odd_src_values(value: str) -> None:
    out = run_case(f"result = str(IoCExtract().extract(src={value}))")
    assert out["outcome"] in {"ok", "ValueError", "TypeError"}


def test_mixed_dataframe_cells_never_fail_the_frame() -> None:
    code = (
        "import pandas as pd, numpy as np\n"
        "cells = ['8.8.8.8', None, np.nan, pd.NA, 3, 2.5, b'bytes', ['list'], {'d': 1},"
        " '\\udcff evil.com', '']\n"
        "idx = [f'r{i}' for i in range(len(cells))]\n"
        "frame = pd.DataFrame({'t': pd.Series(cells, dtype=object, index=idx), "
        "'c': pd.Categorical(['x.com'] * len(cells))}, index=idx)\n"
        "out = IoCExtract().extract_df(frame, ['t', 'c'])\n"
        "result = sorted(out['Observable'])"
    )
    out = run_case(code)
    assert out["outcome"] == "ok"
    assert "8.8.8.8" in out["result"]
    assert "evil.com" in out["result"]


def test_shared_extractor_from_many_threads() -> None:
    code = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "e = IoCExtract()\n"
        "texts = ['host%d.example.com 10.0.0.%d' % (i, i % 250) for i in range(2000)]\n"
        "with ThreadPoolExecutor(8) as pool:\n"
        "    outs = list(pool.map(lambda t: e.extract(src=t), texts))\n"
        "result = sum(len(o['dns']) for o in outs)"
    )
    out = run_case(code)
    assert out["outcome"] == "ok"
    assert out["result"] == 2000
