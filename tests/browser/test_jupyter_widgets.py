"""
Real Jupyter rendering: a ``QueryTime`` widget served by Voilà and drawn by headless Chromium.

A notebook that creates and displays ``QueryTime`` is served by Voilà on 127.0.0.1 (a free
port, a random token, no browser). Voilà runs the notebook in a kernel the server starts
(the same interpreter and ``msticpy`` as this test) and the page renders the widget
output with the ipywidgets 8 front end shipped in the Python packages, so nothing is
fetched from the network (the browser resolves no host other than 127.0.0.1). Selenium
drives the system Chromium through the system ``chromedriver`` (selenium-manager is kept
offline). The test checks the DOM (slider, labels, start/end text), changes the unit
drop-down and waits for the kernel's recomputed start/end to come back, and checks the
screenshot for widget pixels. The screenshot is kept under ``test-artifacts/browser/``
(override with ``$MSTICPY_TEST_ARTIFACTS``). Skipped when Chromium, chromedriver, Voilà,
ipykernel or selenium are missing.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("ipykernel")
pytest.importorskip("voila")
pytest.importorskip("selenium.webdriver")
Image = pytest.importorskip("PIL.Image")
np = pytest.importorskip("numpy")

from chromium_session import artifacts, open_browser  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

import msticpy  # noqa: E402

WINDOW = (1200, 900)
SERVER_START_S = 90
RENDER_S = 90

NOTEBOOK_SOURCE = """\
from datetime import datetime, timezone
from msticpy.nbwidgets import QueryTime

origin = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
query_times = QueryTime(origin_time=origin, units="hour", before=6, after=2)
query_times.display()
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_notebook(path: Path) -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": NOTEBOOK_SOURCE,
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Voilà exited early:\n{log.read_text(errors='replace')[-3000:]}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.25)
    pytest.fail(f"Voilà did not listen within {SERVER_START_S}s")


@pytest.fixture()
def voila_page(tmp_path: Path) -> Iterator[str]:
    """Serve the QueryTime notebook with Voilà; yield its URL (with the token)."""
    notebook = tmp_path / "query_time.ipynb"
    _write_notebook(notebook)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    # The kernel must import the msticpy under test; Jupyter's user dirs are isolated so
    # a user-level "python3" kernelspec cannot point the kernel at another interpreter.
    package_root = str(Path(msticpy.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    for name, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ):
        env[name] = str(tmp_path / sub)
    log = tmp_path / "voila.log"
    with log.open("wb") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voila",
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                f"--token={token}",
                "--show_tracebacks=True",
                str(notebook),
            ],
            cwd=tmp_path,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(port, proc, log)
        yield f"http://127.0.0.1:{port}/?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
    assert token not in log.read_text(errors="replace"), "the token leaked into the log"


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium through the system chromedriver."""
    # Offline: only the local server resolves (Voilà's page links a CDN font sheet).
    rules = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    with open_browser(tmp_path / "profile", WINDOW, resolver_rules=rules) as driver:
        yield driver


def _input_values(driver: Any) -> list[str]:
    return [
        str(element.get_attribute("value"))
        for element in driver.find_elements(By.CSS_SELECTOR, ".widget-inline-hbox input")
    ]


def _pixels(shot: Path, box: tuple[int, int, int, int]) -> tuple[int, int]:
    """(coloured, dark) pixel counts inside ``box`` (left, top, right, bottom)."""
    rgb = np.asarray(Image.open(shot).convert("RGB").crop(box), dtype=np.int16)
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    coloured = int((spread > 60).sum())
    dark = int(((spread <= 40) & (rgb.max(axis=2) < 110)).sum())
    return coloured, dark


def test_query_time_renders_and_talks_to_its_kernel(voila_page: str, browser: Any) -> None:
    browser.get(voila_page)
    wait = WebDriverWait(browser, RENDER_S)
    try:
        wait.until(lambda drv: drv.find_elements(By.CSS_SELECTOR, ".widget-slider"))
        wait.until(lambda drv: "2024-05-01 06:00:00" in _input_values(drv))
    except TimeoutException:
        pytest.fail(f"QueryTime did not render:\n{browser.page_source[-3000:]}")
    labels = [el.text for el in browser.find_elements(By.CSS_SELECTOR, ".widget-label")]
    for expected in ("Origin Date", "Time (24hr)", "Time Range", "Query start time (UTC):"):
        assert expected in labels, labels
    readout = browser.find_element(By.CSS_SELECTOR, ".widget-readout").text
    assert readout.replace("\u2212", "-").split() == ["-6", "\u2013", "2"], readout
    values = _input_values(browser)
    assert {"2024-05-01", "12:00:00", "2024-05-01 14:00:00"} <= set(values), values
    assert not browser.find_elements(
        By.CSS_SELECTOR, "[data-mime-type='application/vnd.jupyter.stderr']"
    ), "the notebook cell wrote an error"

    heading = browser.find_element(By.XPATH, "//h4[contains(., 'Set query time boundaries')]")
    widget = heading.find_element(By.XPATH, "./ancestor::div[contains(@class,'widget-vbox')][1]")
    rect = widget.rect
    shot = artifacts() / "jupyter_query_time.png"
    assert browser.save_screenshot(str(shot))
    box = (
        int(rect["x"]),
        int(rect["y"]),
        int(rect["x"] + rect["width"]),
        int(rect["y"] + rect["height"]),
    )
    assert rect["height"] > 100 and rect["width"] > 400, rect
    coloured, dark = _pixels(shot, box)
    assert dark > 1_500, dark  # label, heading and input text
    assert coloured > 40, coloured  # the blue selected range of the slider
    below = (box[0], box[3] + 20, box[2], min(box[3] + 200, WINDOW[1] - 100))
    assert sum(_pixels(shot, below)) < 50, "page below the widget is not blank"

    # A front-end change must reach the kernel's QueryTime and come back recomputed.
    Select(browser.find_element(By.CSS_SELECTOR, ".widget-dropdown select")).select_by_visible_text(
        "Day"
    )
    try:
        wait.until(lambda drv: "2024-04-30 12:00:00" in _input_values(drv))
    except TimeoutException:
        pytest.fail(f"the kernel did not update the times: {_input_values(browser)}")
    assert "2024-05-02 12:00:00" in _input_values(browser)
    readout = browser.find_element(By.CSS_SELECTOR, ".widget-readout").text
    assert readout.replace("\u2212", "-").split() == ["-1", "\u2013", "1"], readout
    assert browser.save_screenshot(str(artifacts() / "jupyter_query_time_day.png"))

    errors = [
        entry
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" and entry.get("source") != "network"
    ]
    assert not errors, errors
