"""pkg_config: search order, lazy loading, defaults merge, get/set/has, validation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from msticpy.common import pkg_config
from msticpy.common.exceptions import ConfigFileError, MsticpyUserConfigError

from .conftest import SAMPLE, TENANT_ID, WS_ID, child_env


def test_env_var_path_wins(use_config, isolated: Path) -> None:
    (Path.cwd() / "msticpyconfig.yaml").write_text("msticpy:\n  http_timeout: 1\n")
    path = use_config(SAMPLE, name="elsewhere.yaml")
    assert pkg_config.current_config_path() == str(path.resolve())
    assert pkg_config.get_config("msticpy.http_timeout") == 12


def test_current_folder_then_home(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home_file = isolated / "home" / ".msticpy" / "msticpyconfig.yaml"
    home_file.parent.mkdir()
    home_file.write_text("msticpy:\n  http_timeout: 3\n")
    pkg_config.refresh_config()
    assert pkg_config.current_config_path() == str(home_file.resolve())
    assert pkg_config.get_config("msticpy.http_timeout") == 3
    Path("msticpyconfig.yaml").write_text("msticpy:\n  http_timeout: 4\n")
    pkg_config.refresh_config()
    assert pkg_config.get_config("msticpy.http_timeout") == 4
    # A MSTICPYCONFIG naming a missing file is ignored, as in msticpy.
    monkeypatch.setenv("MSTICPYCONFIG", str(isolated / "missing.yaml"))
    pkg_config.refresh_config()
    assert pkg_config.get_config("msticpy.http_timeout") == 4


def test_no_file_gives_defaults(isolated: Path) -> None:
    pkg_config.refresh_config()
    assert pkg_config.current_config_path() is None
    assert dict(pkg_config.settings) == {
        "msticpy": {"FriendlyExceptions": True},
        "QueryDefinitions": {"Default": ["queries"]},
        "DataProviders": {},
    }


def test_defaults_merge_and_data_providers(use_config) -> None:
    use_config(SAMPLE + "msticpy:\n  FriendlyExceptions: false\n")
    settings = pkg_config.get_settings()
    assert settings["msticpy"] == {"FriendlyExceptions": False}
    assert settings["QueryDefinitions"] == {"Default": ["queries"]}
    assert settings["DataProviders"]["AzureSentinel_Prod"]["Args"]["WorkspaceName"] == "prod-ws"
    # AzureSentinel is stored under its new name and reachable by both.
    assert "MSSentinel" in settings.data
    assert settings["AzureSentinel"] is settings["MSSentinel"]
    assert pkg_config.settings is settings is pkg_config._settings


def test_get_set_has_config(use_config) -> None:
    use_config(SAMPLE)
    assert pkg_config.get_config("AzureSentinel.Workspaces.Default.TenantId") == TENANT_ID
    assert pkg_config.get_config("No.Such", default=None) is None
    with pytest.raises(KeyError):
        pkg_config.get_config("TIProviders.Nope")
    # A path through a non-mapping value is missing, not an AttributeError.
    with pytest.raises(KeyError):
        pkg_config.get_config("msticpy.http_timeout.deeper")
    assert pkg_config.has_config("TIProviders.OTX.Primary")
    assert not pkg_config.has_config("TIProviders.OTX.Nope")
    assert pkg_config.set_config("TIProviders.OTX.Primary", False) is False
    assert pkg_config.get_config("TIProviders.OTX.Primary") is False
    with pytest.raises(KeyError):
        pkg_config.set_config("New.Section.Value", 1)
    assert pkg_config.set_config("New.Section.Value", 1, create_path=True) == 1
    assert pkg_config._del_config("New.Section.Value", pkg_config.get_settings()) == 1


def test_broken_file_raises_on_use_not_import(use_config, isolated: Path) -> None:
    bad = isolated / "bad.yaml"
    bad.write_text("TIProviders:\n  OTX:\n    Args: [unclosed\n")
    env = {"MSTICPYCONFIG": str(bad), "HOME": str(isolated / "home")}
    code = (
        "import msticpy, msticpy.common.pkg_config as p, msticpy.common.settings\n"
        "print(p.current_config_path())\n"
        "try:\n    p.get_config('TIProviders')\n"
        "except Exception as e:\n    print(type(e).__name__, e)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**child_env(), **env},
        cwd=isolated,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    path_line, error_line = proc.stdout.strip().splitlines()
    assert path_line == str(bad.resolve())
    assert error_line.startswith(
        f"ConfigFileError {bad.resolve()}: line 3: key 'TIProviders.OTX.Args'"
    )


def test_refresh_raises_config_error(use_config, isolated: Path) -> None:
    with pytest.raises(ConfigFileError) as info:
        use_config("a:\n  b: 1\n c: 2\n")
    assert isinstance(info.value, MsticpyUserConfigError)
    assert isinstance(info.value, ValueError)
    assert "line 3" in str(info.value)


def test_validate_config_reports(use_config, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MP_TEST_OTX_KEY", "x")
    use_config(SAMPLE + "TIProvider: {}\n")
    errors, warnings = pkg_config.validate_config()
    assert errors == []
    assert any("did you mean 'TIProviders'" in w for w in warnings)
    assert "No errors found." in capsys.readouterr().out
    monkeypatch.delenv("MP_TEST_OTX_KEY")
    errors, _ = pkg_config.validate_config()
    assert errors == [
        "TIProviders.OTX.Args.AuthKey: environment variable MP_TEST_OTX_KEY is not set"
    ]


def test_validate_config_file_and_dict(isolated: Path) -> None:
    path = isolated / "other.yaml"
    path.write_text(f"AzureSentinel:\n  Workspaces:\n    Default:\n      WorkspaceId: {WS_ID}\n")
    errors, _warnings = pkg_config.validate_config(config_file=str(path))
    assert errors == ["AzureSentinel.Workspaces.Default: TenantId is missing or not a valid GUID"]
    errors, _ = pkg_config.validate_config({"TIProviders": {"RiskIQ": {"Args": {"x": 1}}}})
    assert any("needs the Python package 'passivetotal'" in e for e in errors)
    with pytest.raises(TypeError):
        pkg_config.validate_config(mp_config=["not", "a", "mapping"])


def test_http_timeout(use_config) -> None:
    use_config(SAMPLE)
    try:
        import httpx
    except ImportError:
        from msticpy.common.exceptions import MsticpyImportExtraError

        with pytest.raises(MsticpyImportExtraError):
            pkg_config.get_http_timeout()
        return
    assert pkg_config.get_http_timeout() == httpx.Timeout(12.0)
    assert pkg_config.get_http_timeout(timeout=[5, 2]) == httpx.Timeout(5.0, connect=2.0)


def test_msticpy_package_aliases() -> None:
    import msticpy

    assert msticpy.settings is pkg_config
    assert msticpy.get_config is pkg_config.get_config
    assert msticpy.refresh_config is pkg_config.refresh_config


def test_patched_settings_are_used(isolated: Path) -> None:
    code = (
        "import msticpy.common.pkg_config as p\n"
        "p._settings = p.SettingsDict({'TIProviders': {'X': {'Provider': 'Y'}}})\n"
        "print(p.get_config('TIProviders.X.Provider'))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**child_env(), "HOME": str(isolated / "home")},
        cwd=isolated,
        timeout=120,
        check=True,
    )
    assert proc.stdout.strip() == "Y"
