"""
Headless Chromium for the browser tests: one driver set-up, one artefact folder.

``open_browser`` starts the system Chromium through the system ``chromedriver`` (Selenium,
with selenium-manager kept offline) and resolves no host name unless told otherwise;
``artifacts`` is the folder that keeps the pages and screenshots the tests produce
(``$MSTICPY_TEST_ARTIFACTS/browser/``, default ``test-artifacts/browser/``). A missing
Chromium, chromedriver or Selenium skips the calling test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Every host name fails to resolve: the pages under test must not fetch anything.
NO_RESOLVING = "MAP * ~NOTFOUND"


def binary(names: tuple[str, ...], what: str) -> str:
    """The first of ``names`` on PATH; skip the test when none is installed."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(
        f"no {what}: apt-get install chromium chromium-driver (.ci/run does) to run tests/browser"
    )


def artifacts() -> Path:
    """The folder kept for pages and screenshots (created if missing)."""
    base = Path(os.environ.get("MSTICPY_TEST_ARTIFACTS", ROOT / "test-artifacts"))
    path = base / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def open_browser(
    profile: Path,
    window: tuple[int, int],
    resolver_rules: str = NO_RESOLVING,
    extra_args: Iterable[str] = (),
) -> Iterator[Any]:
    """
    Headless Chromium driven by Selenium through the system chromedriver.

    Parameters
    ----------
    profile : Path
        The browser's user-data folder (a fresh one per test or module).
    window : tuple[int, int]
        Window width and height in pixels.
    resolver_rules : str
        Chromium's ``--host-resolver-rules`` (default: nothing resolves).
    extra_args : Iterable[str]
        Further command-line switches.

    Yields
    ------
    Any
        The ``selenium.webdriver.Chrome`` driver, quit on exit.
    """
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium missing: pip install -e '.[test]'"
    )
    from selenium.webdriver.chrome.service import Service

    chromium = binary(("chromium", "chromium-browser", "google-chrome"), "Chromium binary")
    driver_path = binary(("chromedriver",), "chromedriver")
    # selenium-manager must not look for (or download) drivers or report statistics.
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        f"--window-size={window[0]},{window[1]}",
        f"--user-data-dir={profile}",
        f"--host-resolver-rules={resolver_rules}",
        *extra_args,
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
