"""WorkspaceConfig: msticpyconfig workspaces, config.json, connection strings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from msticpy.common.wsconfig import WorkspaceConfig

from .conftest import SAMPLE, TENANT_ID, WS_ID

PROD_ID = "0c4f6fa4-7b0b-4c36-9d2a-6f6c1e8d2f11"


def test_default_and_named_workspaces(use_config) -> None:
    use_config(SAMPLE)
    default = WorkspaceConfig()
    assert default.config_loaded
    assert default.workspace_id == WS_ID and default["TenantId"] == TENANT_ID
    assert default.settings_path == "AzureSentinel.Workspaces.Default"
    assert default.settings == {"WorkspaceId": WS_ID, "TenantId": TENANT_ID}
    assert default.code_connect_str == (
        f"loganalytics://code().tenant('{TENANT_ID}').workspace('{WS_ID}')"
    )
    for key in ("Prod", "prod", PROD_ID, "PROD-WS"):
        assert WorkspaceConfig(workspace=key).settings_key == "Prod"
    assert WorkspaceConfig.list_workspaces() == {
        "Default": {"WorkspaceId": WS_ID, "TenantId": TENANT_ID},
        "Prod": {"WorkspaceId": PROD_ID, "TenantId": TENANT_ID},
    }
    assert "workspace_id" in default and "Type" in default
    assert default.get("nothing", 3) == 3
    with pytest.raises(AttributeError):
        _ = default.nothing


def test_config_json_fallback(isolated: Path) -> None:
    Path("config.json").write_text(
        json.dumps({"tenant_id": TENANT_ID, "workspace_id": WS_ID, "other": 1})
    )
    config = WorkspaceConfig()
    assert config.config_loaded
    assert config.mp_settings["WorkspaceId"] == WS_ID
    assert config.settings_path is None


def test_config_json_explicit_and_bad(isolated: Path) -> None:
    good = isolated / "ws.json"
    good.write_text(json.dumps({"tenant_id": TENANT_ID, "workspace_id": WS_ID}))
    assert WorkspaceConfig(config_file=str(good)).tenant_id == TENANT_ID
    bad = isolated / "bad.json"
    bad.write_text("{not json")
    assert not WorkspaceConfig(config_file=str(bad)).config_loaded


def test_nothing_found(isolated: Path, capsys) -> None:
    config = WorkspaceConfig()
    assert not config.config_loaded
    assert "No Microsoft Sentinel workspace settings were found" in capsys.readouterr().out
    with pytest.raises(KeyError):
        _ = config.code_connect_str
    WorkspaceConfig(interactive=False)
    assert capsys.readouterr().out == ""


def test_from_connection_string_and_settings() -> None:
    conn = f"loganalytics://code().tenant('{TENANT_ID}').workspace('{WS_ID}').alias('MyWs')"
    config = WorkspaceConfig.from_connection_string(conn)
    assert (config.tenant_id, config.workspace_id, config.workspace_name) == (
        TENANT_ID,
        WS_ID,
        "MyWs",
    )
    with pytest.raises(ValueError):
        WorkspaceConfig.from_connection_string("tenant('x')")
    built = WorkspaceConfig.from_settings({"WorkspaceId": WS_ID, "TenantId": TENANT_ID})
    assert built.config_loaded


def test_repr_masks_workspace_secrets() -> None:
    config = WorkspaceConfig(
        config={"WorkspaceId": WS_ID, "Args": {"ClientSecret": "s3cr3t", "ClientId": "c"}}
    )
    assert "s3cr3t" not in repr(config)
    assert "'ClientId': 'c'" in repr(config)


def test_prompt_for_ws_builds_widgets(isolated: Path, capsys) -> None:
    pytest.importorskip("ipywidgets")
    from msticpy.common import wsconfig

    assert wsconfig.WIDGET_DEFAULTS["style"] == {"description_width": "150px"}
    config = WorkspaceConfig(interactive=False)
    config.prompt_for_ws()
    assert "VBox" in capsys.readouterr().out


def test_config_json_found_below(isolated: Path, capsys) -> None:
    sub = Path("nested")
    sub.mkdir()
    (sub / "config.json").write_text(json.dumps({"tenant_id": TENANT_ID, "workspace_id": WS_ID}))
    config = WorkspaceConfig()
    assert config.workspace_id == WS_ID
    assert "Could not find Microsoft Sentinel settings" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text",
    [
        "AzureSentinel: text\n",
        "AzureSentinel:\n  Workspaces: [a, b]\n",
        "AzureSentinel:\n  Workspaces:\n    Default: text\n    Other: [1]\n",
    ],
)
def test_non_mapping_workspaces_count_as_none(use_config, text: str) -> None:
    # Found by the fuzz_config corpus replay: these raised AttributeError (as in msticpy).
    use_config(text)
    for name in (None, "Other", "missing"):
        assert not WorkspaceConfig(workspace=name, interactive=False).config_loaded
    listed = WorkspaceConfig.list_workspaces()
    assert all(entry == {"WorkspaceId": None, "TenantId": None} for entry in listed.values())
