"""Fixtures for the settings tests: an isolated home, working folder and config file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from msticpy.common import pkg_config

WS_ID = "8ecf8077-cf51-4820-aadd-14040956f35d"
TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty home and working folder, no MSTICPYCONFIG; settings reloaded after."""
    home = tmp_path / "home"
    work = tmp_path / "work" / "here"
    home.mkdir()
    work.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("MSTICPYCONFIG", raising=False)
    monkeypatch.chdir(work)
    yield tmp_path
    monkeypatch.undo()
    pkg_config.refresh_config()


@pytest.fixture
def use_config(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write a config file, point MSTICPYCONFIG at it and reload the settings."""

    def write(text: str, name: str = "msticpyconfig.yaml") -> Path:
        path = isolated / name
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("MSTICPYCONFIG", str(path))
        pkg_config.refresh_config()
        return path

    return write


SAMPLE = f"""
AzureSentinel:
  Workspaces:
    Default:
      WorkspaceId: {WS_ID}
      TenantId: {TENANT_ID}
    Prod:
      WorkspaceId: 0c4f6fa4-7b0b-4c36-9d2a-6f6c1e8d2f11
      TenantId: {TENANT_ID}
      WorkspaceName: prod-ws
TIProviders:
  OTX:
    Args:
      AuthKey:
        EnvironmentVar: MP_TEST_OTX_KEY
    Primary: True
    Provider: OTX
  XForce:
    Args:
      ApiID: some-id
      AuthKey: inline-key
    Primary: false
    Provider: XForce
  AzureSentinel:
    Args:
      WorkspaceID: {WS_ID}
      TenantID: {TENANT_ID}
    Provider: AzSTI
msticpy:
  http_timeout: 12
"""


def child_env() -> dict[str, str]:
    """The test environment for a child Python that must import this msticpy."""
    import msticpy

    env = {k: v for k, v in os.environ.items() if k not in {"MSTICPYCONFIG", "HOME"}}
    env["PYTHONPATH"] = str(Path(msticpy.__file__).resolve().parents[1])
    return env
