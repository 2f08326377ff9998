"""
Time and memory budgets of IoC extraction with user patterns (issue 16).

A pattern added with ``add_ioc_type`` can make match iteration quadratic on the
linear-time engine (every match re-scans to the end of the text); the per-cell
``Limits.ioc_scan_deadline_s`` stops it with the truncation warning naming that field.
A long cell with many observables must not be copied once per output row.
Each case runs in a fresh interpreter (time and peak memory are its own).
"""

from __future__ import annotations

import pytest

from peak_memory import budget_runner, run_budget_case

RUNNER = budget_runner(
    """
    import pandas as pd
    from msticpy.common.limits import set_default_limits
    from msticpy.transform.iocextract import IoCExtract
    """
)


def run_case(code: str, timeout: float = 300) -> dict:
    """Run ``code`` (which sets ``result``, a dict) in a fresh interpreter."""
    return run_budget_case(RUNNER, code, timeout)


QUADRATIC = r".*[^A-Z]|[A-Z]"


@pytest.mark.parametrize("how", ["extract", "extract_df"])
def test_quadratic_user_pattern_stops_at_the_deadline(how: str) -> None:
    # Unbounded, this runs past 60 s: each of the 10**6 matches re-scans the text.
    call = (
        "found = x.extract(text, ioc_types=['quad'])\nn = len(found.get('quad', []))\n"
        if how == "extract"
        else "n = len(x.extract_df(pd.DataFrame({'c': [text]}), ['c'], ioc_types=['quad']))\n"
    )
    code = (
        "set_default_limits(ioc_scan_deadline_s=1.0)\n"
        f"x = IoCExtract()\nx.add_ioc_type('quad', {QUADRATIC!r})\n"
        "text = 'A' * 10**6\n" + call + "result = {'found': n}\n"
    )
    out = run_case(code)
    assert out["seconds"] < 10, out
    assert out["found"] > 0  # what was found before the deadline is kept
    assert any("'ioc_scan_deadline_s'" in w for w in out["warnings"]), out["warnings"]


def test_ten_megabytes_through_the_default_deadline() -> None:
    code = (
        f"x = IoCExtract()\nx.add_ioc_type('quad', {QUADRATIC!r})\n"
        "text = 'A' * 10 * 2**20\n"
        "found = x.extract(text, ioc_types=['quad'])\n"
        "result = {'found': len(found.get('quad', []))}\n"
    )
    out = run_case(code)
    # The default deadline is 5 s per cell; setup and reporting take the rest.
    assert out["seconds"] < 15, out
    assert any("ioc_scan_deadline_s" in w for w in out["warnings"]), out["warnings"]


def test_linear_user_pattern_is_not_cut_by_the_deadline() -> None:
    code = (
        "x = IoCExtract()\nx.add_ioc_type('word', r'[a-z]{3}\\d')\n"
        "text = ' '.join('abc%d' % (i % 10) for i in range(5 * 10**5))\n"
        "found = x.extract(text, ioc_types=['word'])\n"
        "result = {'found': sorted(found['word'])}\n"
    )
    out = run_case(code)
    assert out["found"] == [f"abc{i}" for i in range(10)]
    assert out["warnings"] == []


def test_many_observables_of_a_long_cell_share_its_text() -> None:
    # 20M characters, 20,000 raw matches kept: the Input column must not hold 20,000
    # copies of the cell (400 GB).
    code = (
        "import os\n"
        "set_default_limits(ioc_max_matches_per_cell=20000)\n"
        "x = IoCExtract()\nx.add_ioc_type('short', r'.{1,3}')\n"
        "text = os.urandom(10 * 10**6).hex()\n"
        "frame = x.extract_df(pd.DataFrame({'c': [text]}), ['c'], ioc_types=['short'])\n"
        "result = {'rows': len(frame), 'same': bool((frame['Input'] == text).all())}\n"
    )
    out = run_case(code)
    assert 4000 < out["rows"] <= 4096  # the distinct 3-hex-digit strings of 20,000 matches
    assert out["same"]
    assert out["rss_mb"] < 400, out
    assert any("ioc_max_matches_per_cell" in w for w in out["warnings"]), out["warnings"]
