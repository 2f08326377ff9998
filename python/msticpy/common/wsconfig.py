"""
Microsoft Sentinel workspace settings (msticpy's ``WorkspaceConfig``).

Settings come, in order, from ``AzureSentinel.Workspaces`` in msticpyconfig.yaml (the
named workspace, else ``Default``, else the only one), from a ``config.json`` (written by
Sentinel's notebook launcher) in the current folder or found below the current or parent
folder, and finally from a msticpyconfig.yaml found there. ipywidgets and IPython are
imported only by `WorkspaceConfig.prompt_for_ws` and the "nothing found" display.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

from .._version import VERSION
from .pkg_config import get_config, refresh_config
from .utility import export, is_valid_uuid, md, md_warn
from .utility.package import glob_paths

__version__ = VERSION

_HELP_PAGES = (
    "https://msticpy.readthedocs.io/en/latest/getting_started/msticpyconfig.html",
    "https://msticpy.readthedocs.io/en/latest/data_acquisition/DataProviders.html",
)

_NOT_FOUND = (
    "No Microsoft Sentinel workspace settings were found: there is no msticpyconfig.yaml "
    "with an AzureSentinel.Workspaces section and no config.json in the current folder, "
    "below it or below its parent. Copy the config.json written by Sentinel's notebook "
    "launcher here, or add your workspace and tenant IDs to msticpyconfig.yaml and point "
    "the MSTICPYCONFIG environment variable at it."
)

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_TENANT_RE = re.compile(rf"tenant\s?[=\(]\s?['\"]\{{?(?P<id>{_GUID})\}}?['\"]", re.IGNORECASE)
_WORKSPACE_RE = re.compile(rf"workspace\s?[=\(]\s?['\"]\{{?(?P<id>{_GUID})\}}?['\"]", re.IGNORECASE)
_ALIAS_RE = re.compile(r"alias\s?[=\(]\s?['\"]\{?(?P<name>\w+)['\"]", re.IGNORECASE)


def _mapping(value: Any) -> Any:
    """Return ``value`` when it is a mapping, else an empty dict (entries may be any YAML)."""
    return value if hasattr(value, "items") else {}


def _configured_workspaces() -> Any:
    """
    Return ``AzureSentinel.Workspaces`` when it is a non-empty mapping, else None.

    A section or entry that is not a mapping (``AzureSentinel: text``) counts as no
    workspace; msticpy raises AttributeError (found by the fuzz_config corpus replay).
    """
    workspaces = _mapping(get_config("AzureSentinel", {})).get("Workspaces")
    return workspaces if workspaces and hasattr(workspaces, "items") else None


def _widget_defaults() -> dict[str, Any]:
    import ipywidgets as widgets

    return {"layout": widgets.Layout(width="95%"), "style": {"description_width": "150px"}}


def __getattr__(name: str) -> Any:
    """Build ``WIDGET_DEFAULTS`` (msticpy's module constant) only when it is used."""
    if name == "WIDGET_DEFAULTS":
        return _widget_defaults()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@export
class WorkspaceConfig:
    """Workspace configuration: IDs and names of one Microsoft Sentinel workspace."""

    # Template placeholders kept for msticpy compatibility.
    TENANT_ID = "{{cookiecutter.tenant_id}}"
    SUBSCRIPTION_ID = "{{cookiecutter.subscription_id}}"
    RESOURCE_GROUP = "{{cookiecutter.resource_group}}"
    WORKSPACE_ID = "{{cookiecutter.workspace_id}}"
    WORKSPACE_NAME = "{{cookiecutter.workspace_name}}"

    CONF_TENANT_ID = "TenantId"
    CONF_WS_ID = "WorkspaceId"
    CONF_SUB_ID = "SubscriptionId"
    CONF_RES_GROUP = "ResourceGroup"
    CONF_WS_NAME = "WorkspaceName"
    CONF_ARGS = "Args"

    PKG_CONF_TENANT_KEY = "TenantId"
    PKG_CONF_WS_KEY = "WorkspaceId"
    PKG_CONF_SUB_KEY = "SubscriptionId"
    PKG_CONF_RES_GROUP_KEY = "ResourceGroup"
    PKG_CONF_NAME_KEY = "WorkspaceName"
    PKG_CONF_ARGS_KEY = "Args"

    CONF_WS_ID_KEY = "workspace_id"
    CONF_TENANT_ID_KEY = "tenant_id"
    CONF_SUB_ID_KEY = "subscription_id"
    CONF_RES_GROUP_KEY = "resource_group"
    CONF_WS_NAME_KEY = "workspace_name"
    CONF_ARGS_KEY = "args"

    _SETTINGS_TO_CONFIG_NAME_MAP = {
        CONF_TENANT_ID: CONF_TENANT_ID_KEY,
        CONF_WS_ID: CONF_WS_ID_KEY,
        CONF_SUB_ID: CONF_SUB_ID_KEY,
        CONF_RES_GROUP: CONF_RES_GROUP_KEY,
        CONF_WS_NAME: CONF_WS_NAME_KEY,
        CONF_ARGS: CONF_ARGS_KEY,
    }
    _CONFIG_TO_SETTINGS_NAME_MAP = {val: key for key, val in _SETTINGS_TO_CONFIG_NAME_MAP.items()}

    def __init__(
        self,
        workspace: str | None = None,
        config_file: str | None = None,
        interactive: bool = True,
        config: dict[str, str] | None = None,
    ):
        """
        Load the settings of one workspace.

        Parameters
        ----------
        workspace : str, optional
            Workspace entry name, workspace ID or workspace name in
            ``AzureSentinel.Workspaces``; by default ``Default``.
        config_file : str, optional
            A config.json to read instead of searching.
        interactive : bool, optional
            When True (default) and nothing is found, say so (no exception either way).
        config : dict[str, str], optional
            Settings given directly (msticpy names: WorkspaceId, TenantId...).

        """
        self._config: dict[str, Any] = {}
        self._interactive = interactive
        self._config_file = config_file
        self.workspace_key = workspace or "Default"
        self.settings_key: str | None = None
        if config:
            self._config.update(config)
        elif config_file:
            self._config.update(self._read_config_values(config_file))
        else:
            self._determine_config_source(workspace)

    def __getattr__(self, attribute: str) -> Any:
        """Return a setting by either of its names (``workspace_id`` or ``WorkspaceId``)."""
        if attribute.startswith("__") or attribute == "_config":
            raise AttributeError(attribute)
        with contextlib.suppress(KeyError):
            return self[attribute]
        raise AttributeError(f"{self.__class__.__name__} has no attribute '{attribute}'")

    def __getitem__(self, key: str) -> Any:
        """Return a setting by either of its names."""
        if key in self._SETTINGS_TO_CONFIG_NAME_MAP:
            return self._config.get(key)
        if key in self._CONFIG_TO_SETTINGS_NAME_MAP:
            return self._config.get(self._CONFIG_TO_SETTINGS_NAME_MAP[key])
        raise KeyError(f"{self.__class__.__name__} has no attribute '{key}'")

    def __setitem__(self, key: str, value: Any) -> None:
        """Set a setting (stored under the name given)."""
        self._config[key] = value

    def __contains__(self, key: str) -> bool:
        """Return True if the setting is present (either name)."""
        return (
            key == "Type"
            or key in self._config
            or self._CONFIG_TO_SETTINGS_NAME_MAP.get(key) in self._config
            or key in self.__dict__
        )

    def __repr__(self) -> str:
        """Return the settings; secret-looking values in ``Args`` are masked."""
        from .provider_settings import ProviderArgs

        shown = dict(self._config)
        if isinstance(shown.get(self.CONF_ARGS), dict):
            shown[self.CONF_ARGS] = ProviderArgs(shown[self.CONF_ARGS])
        return repr(shown)

    def get(self, key: str, default: Any = None) -> Any:
        """Return a setting or ``default``."""
        try:
            return self[key]
        except KeyError:
            return default

    @property
    def config_loaded(self) -> bool:
        """Return True if the workspace and tenant IDs are valid GUIDs."""
        return is_valid_uuid(self._config.get(self.CONF_WS_ID)) and is_valid_uuid(
            self._config.get(self.CONF_TENANT_ID)
        )

    @property
    def code_connect_str(self) -> str:
        """
        Return the Log Analytics connection string for device-code authentication.

        Raises
        ------
        KeyError
            If the tenant or workspace ID is missing.

        """
        tenant_id = self[self.CONF_TENANT_ID]
        workspace_id = self[self.CONF_WS_ID]
        if not tenant_id:
            raise KeyError(f"Configuration setting for {self.CONF_TENANT_ID} could not be found.")
        if not workspace_id:
            raise KeyError(f"Configuration setting for {self.CONF_WS_ID} could not be found.")
        return f"loganalytics://code().tenant('{tenant_id}').workspace('{workspace_id}')"

    @property
    def mp_settings(self) -> dict[str, Any]:
        """Return the settings under msticpy's names."""
        return {
            name: self._config.get(name)
            for name in (
                self.CONF_WS_NAME,
                self.CONF_SUB_ID,
                self.CONF_WS_ID,
                self.CONF_TENANT_ID,
                self.CONF_RES_GROUP,
                self.CONF_ARGS,
            )
        }

    @property
    def args(self) -> dict[str, str]:
        """Return the workspace's additional arguments."""
        return self._config.get(self.CONF_ARGS, {})

    @property
    def settings_path(self) -> str | None:
        """Return the dotted settings path of this workspace, if it came from the settings."""
        return f"AzureSentinel.Workspaces.{self.settings_key}" if self.settings_key else None

    @property
    def settings(self) -> dict[str, Any]:
        """Return this workspace's entry in the settings (empty if none)."""
        if not self.settings_path:
            return {}
        return get_config(self.settings_path, {})

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> WorkspaceConfig:
        """Create a WorkspaceConfig from a msticpyconfig workspace entry."""
        return cls(
            config={
                name: settings.get(name)  # type: ignore[misc]
                for name in (
                    cls.CONF_WS_NAME,
                    cls.CONF_SUB_ID,
                    cls.CONF_WS_ID,
                    cls.CONF_TENANT_ID,
                    cls.CONF_RES_GROUP,
                )
            }
        )

    @classmethod
    def from_connection_string(cls, connection_str: str) -> WorkspaceConfig:
        """
        Create a WorkspaceConfig from a Kqlmagic-style connection string.

        Raises
        ------
        ValueError
            If the tenant or workspace ID is missing.

        """
        tenant = _TENANT_RE.search(connection_str)
        if not tenant:
            raise ValueError("Could not find tenant ID in connection string.")
        workspace = _WORKSPACE_RE.search(connection_str)
        if not workspace:
            raise ValueError("Could not find workspace ID in connection string.")
        alias = _ALIAS_RE.search(connection_str)
        return cls(
            config={
                cls.CONF_WS_ID: workspace.group("id"),
                cls.CONF_TENANT_ID: tenant.group("id"),
                cls.CONF_WS_NAME: alias.group("name") if alias else None,  # type: ignore[dict-item]
            }
        )

    @classmethod
    def _read_config_values(cls, file_path: str) -> dict[str, Any]:
        """Read a config.json: its known keys, under msticpy's names ({} if unreadable)."""
        if not file_path:
            return {}
        try:
            with open(file_path, encoding="utf-8") as handle:
                content = json.load(handle)
        except (OSError, ValueError):
            return {}
        if not isinstance(content, dict):
            return {}
        return {
            cls._CONFIG_TO_SETTINGS_NAME_MAP[key]: value
            for key, value in content.items()
            if key in cls._CONFIG_TO_SETTINGS_NAME_MAP
        }

    @classmethod
    def list_workspaces(cls) -> dict:
        """Return the configured workspaces: name -> WorkspaceId and TenantId."""
        workspaces = _configured_workspaces()
        if not workspaces:
            return {}
        return {
            name: {
                cls.CONF_WS_ID: _mapping(ws).get(cls.CONF_WS_ID),
                cls.CONF_TENANT_ID: _mapping(ws).get(cls.CONF_TENANT_ID),
            }
            for name, ws in workspaces.items()
        }

    def prompt_for_ws(self) -> None:
        """Show text boxes for the workspace and tenant IDs (in a notebook)."""
        import ipywidgets as widgets
        from IPython.display import display

        md_warn("No Microsoft Sentinel configuration found.")
        md("Enter the workspace ID and tenant ID of the Microsoft Sentinel workspace.")
        ws_id = widgets.Text(description="Workspace Id:", **_widget_defaults())
        tenant_id = widgets.Text(description="Tenant Id:", **_widget_defaults())

        def update_ws(change: dict) -> None:
            self["workspace_id"] = change.get("new")

        def update_tenant(change: dict) -> None:
            self["tenant_id"] = change.get("new")

        ws_id.observe(update_ws, names="value")
        tenant_id.observe(update_tenant, names="value")
        display(widgets.VBox([ws_id, tenant_id]))
        md(
            "To skip this prompt next time, see <a href='"
            f"{_HELP_PAGES[1]}' target='_blank' rel='noopener noreferrer'>"
            "Connecting to a Microsoft Sentinel workspace</a>."
        )

    def _determine_config_source(self, workspace: str | None) -> None:
        self._read_pkg_config_values(workspace_name=workspace)
        if self.config_loaded:
            return
        if Path("./config.json").exists():
            self._config_file = "./config.json"
        else:
            self._config_file = self._search_for_file("**/config.json")
        if self._config_file:
            self._config.update(self._read_config_values(self._config_file))
            return
        self._config_file = self._search_for_file("**/msticpyconfig.yaml")
        if self._config_file:
            os.environ["MSTICPYCONFIG"] = self._config_file
            refresh_config()
            self._read_pkg_config_values(workspace_name=workspace)
            return
        if self._interactive:
            print(_NOT_FOUND, "\nSee:", *_HELP_PAGES, sep="\n")

    def _read_pkg_config_values(self, workspace_name: str | None = None) -> None:
        workspaces = _configured_workspaces()
        if not workspaces:
            return
        selected: dict[str, Any] = {}
        if workspace_name:
            selected, self.settings_key = self._lookup_ws_name_and_id(workspace_name, workspaces)
        elif "Default" in workspaces:
            selected, self.settings_key = workspaces["Default"], "Default"
        elif len(workspaces) == 1:
            self.settings_key, selected = next(iter(workspaces.items()))
        if selected:
            self._config = dict(_mapping(selected))

    def _lookup_ws_name_and_id(self, ws_name: str, ws_configs: dict) -> tuple[dict, str | None]:
        wanted = ws_name.casefold()
        for name, ws_config in ws_configs.items():
            ws_config = _mapping(ws_config)
            candidates = (
                name,
                str(ws_config.get(self.CONF_WS_ID) or ""),
                str(ws_config.get(self.CONF_WS_NAME) or ""),
            )
            if any(candidate.casefold() == wanted for candidate in candidates):
                return ws_config, name
        return {}, None

    def _search_for_file(self, pattern: str) -> str | None:
        found_file = None
        for start in (".", ".."):
            for candidate in glob_paths(start, pattern):
                if candidate.name == "msticpyconfig.yaml":
                    found_file = str(candidate)
                    break
                # msticpy tests for "workspace_id" in the renamed keys, so it never
                # accepts a config.json found here; the settings name is checked instead.
                if self.CONF_WS_ID in self._read_config_values(str(candidate)):
                    found_file = str(candidate)
                    break
            if found_file:
                break
        if found_file:
            # The first sentence is msticpy's, which scripts and tests look for.
            print(
                "Warning\nCould not find Microsoft Sentinel settings in msticpyconfig.yaml "
                f"or a config.json in the current folder: using '{found_file}'. Set the "
                "MSTICPYCONFIG environment variable to choose a msticpyconfig.yaml "
                f"explicitly (see {_HELP_PAGES[0]})."
            )
        return found_file
