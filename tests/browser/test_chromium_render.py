"""
Real-browser rendering: process-tree and timeline pages drawn by headless Chromium.

Each plot is saved as standalone HTML (BokehJS inlined from the installed package, so no
network is needed), opened in headless Chromium (Debian ``chromium``), and screenshotted.
The screenshot must show the glyphs (many coloured pixels in the plot area, not a blank
canvas; dark label text for the tree) and the browser console must report no JavaScript
error. Screenshots are kept under ``test-artifacts/browser/`` (gitignored; override with
``$MSTICPY_TEST_ARTIFACTS``). Skipped when no Chromium binary is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("bokeh")
Image = pytest.importorskip("PIL.Image")

from msticpy.vis._bokeh_output import save_html  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "parity"))
from proctree_generate import generate_events  # noqa: E402

WINDOW = (1100, 900)
CONSOLE = re.compile(r":(INFO|WARNING|ERROR):CONSOLE[^\]]*\] (.*)")


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium binary (install Debian 'chromium'; .ci/run does)")


def _artifacts() -> Path:
    base = Path(os.environ.get("MSTICPY_TEST_ARTIFACTS", ROOT / "test-artifacts"))
    path = base / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _render(page: Path, shot: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """Screenshot ``page``; return the console messages as (level, text)."""
    proc = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            "--virtual-time-budget=15000",
            "--enable-logging=stderr",
            "--v=0",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert shot.is_file(), proc.stderr[-3000:]
    return [(m.group(1), m.group(2)) for m in map(CONSOLE.search, proc.stderr.splitlines()) if m]


def _js_errors(console: list[tuple[str, str]]) -> list[str]:
    return [text for level, text in console if level == "ERROR" or "Uncaught" in text]


def _pixels(shot: Path, box: tuple[int, int, int, int]) -> tuple[int, int]:
    """(coloured, dark) pixel counts inside ``box`` (left, top, right, bottom)."""
    rgb = np.asarray(Image.open(shot).convert("RGB").crop(box), dtype=np.int16)
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    coloured = int((spread > 40).sum())
    dark = int(((spread <= 40) & (rgb.max(axis=2) < 90)).sum())
    return coloured, dark


def test_the_console_check_sees_javascript_errors(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>throw new Error('boom')</script></body></html>")
    console = _render(page, tmp_path / "broken.png", tmp_path)
    assert any("boom" in text for text in _js_errors(console)), console


def test_timeline_draws_its_glyphs(tmp_path: Path) -> None:
    from msticpy.vis.timeline import display_timeline

    events = pd.DataFrame(generate_events(400, seed=31, os_family="windows"))
    events["TimeGenerated"] = pd.to_datetime(events["TimeGenerated"])
    layout = display_timeline(
        events, group_by="Computer", hide=True, ref_time=events.iloc[99]["TimeGenerated"]
    )
    page = save_html(layout, _artifacts() / "timeline.html", title="timeline")
    assert "cdn.bokeh.org" not in page.read_text(encoding="utf-8")
    shot = _artifacts() / "timeline.png"
    console = _render(page, shot, tmp_path)
    assert not _js_errors(console), console
    assert any("document idle" in text for _, text in console), console
    coloured, _ = _pixels(shot, (60, 30, 860, 250))
    assert coloured > 3000, coloured

    from bokeh.plotting import figure

    blank = save_html(figure(width=900, height=300), tmp_path / "blank.html")
    _render(blank, tmp_path / "blank.png", tmp_path)
    assert _pixels(tmp_path / "blank.png", (60, 30, 860, 250))[0] < 500


def test_process_tree_draws_boxes_and_labels(tmp_path: Path) -> None:
    from msticpy.vis.process_tree import build_and_show_process_tree

    events = pd.DataFrame(generate_events(300, seed=32, os_family="windows"))
    events["TimeGenerated"] = pd.to_datetime(events["TimeGenerated"])
    _, layout = build_and_show_process_tree(events, legend_col="SubjectUserName", hide=True)
    page = save_html(layout, _artifacts() / "process_tree.html", title="process tree")
    shot = _artifacts() / "process_tree.png"
    console = _render(page, shot, tmp_path)
    assert not _js_errors(console), console
    coloured, dark = _pixels(shot, (10, 40, 780, 700))
    assert coloured > 20_000, coloured
    assert dark > 2_000, dark
