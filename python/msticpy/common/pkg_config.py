"""
Package configuration: msticpy's settings from ``msticpyconfig.yaml``.

The file is found the way msticpy 3.0.2 finds it: the path in the ``MSTICPYCONFIG``
environment variable (when it names a file), else ``msticpyconfig.yaml`` in the current
folder, else ``~/.msticpy/msticpyconfig.yaml``. Its settings are merged over the package
defaults (``resources/mpconfig_schema.yaml``), key by key, and Sentinel workspaces are
copied into ``DataProviders`` as ``AzureSentinel_<name>`` entries.

Loading is lazy (a deliberate difference from msticpy, which reads the file when this
module is imported): the file is read on first use of ``settings``, ``get_config``,
``get_settings`` and friends, so importing msticpy never fails because of a bad file and
stays cheap. A file that cannot be read raises ``ConfigFileError`` (a
``MsticpyUserConfigError`` and ``ValueError``) naming the file, line and key: at that first
use (and each later one while no settings have been read), and from ``refresh_config``,
which then leaves the settings read before in place.

YAML is parsed by the Rust core with budgets (size, depth, aliases): see
docs/configuration.md.
"""

from __future__ import annotations

import contextlib
import copy
import json
import numbers
import os
from collections import UserDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from .._version import VERSION
from .exceptions import ConfigFileError, MsticpyImportExtraError, MsticpyUserConfigError

__version__ = VERSION

__all__ = [
    "SettingsDict",
    "current_config_path",
    "get_config",
    "get_http_timeout",
    "get_settings",
    "has_config",
    "refresh_config",
    "set_config",
    "settings",
    "validate_config",
]

_CONFIG_FILE = "msticpyconfig.yaml"
_CONFIG_ENV_VAR = "MSTICPYCONFIG"
_DP_KEY = "DataProviders"
_AZ_SENTINEL = "AzureSentinel"
_MS_SENTINEL = "MSSentinel"
_AZ_CLI = "AzureCLI"
_HOME_PATH = "~/.msticpy/"
_SCHEMA_FILE = Path(__file__).resolve().parent.parent / "resources" / "mpconfig_schema.yaml"
# The core refuses larger files; checking the size first avoids reading a huge file.
_MAX_CONFIG_BYTES = 10 * 1024 * 1024


class SettingsDict(UserDict):
    """Settings mapping in which ``AzureSentinel`` is another name for ``MSSentinel``."""

    _ALIASES = {_AZ_SENTINEL: _MS_SENTINEL}

    def __getitem__(self, key: Any) -> Any:
        """Return the item, following the alias."""
        return super().__getitem__(self._ALIASES.get(key, key))

    def __setitem__(self, key: Any, value: Any) -> None:
        """Set the item, following the alias."""
        super().__setitem__(self._ALIASES.get(key, key), value)

    def __delitem__(self, key: Any) -> None:
        """Delete the item, following the alias."""
        super().__delitem__(self._ALIASES.get(key, key))

    def __contains__(self, key: object) -> bool:
        """Return True if the key (or its alias) is present."""
        return self._ALIASES.get(key, key) in self.data  # type: ignore[call-overload]

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the item or ``default``, following the alias."""
        return self.data.get(self._ALIASES.get(key, key), default)


# Module state. `settings`, `_settings`, `_default_settings` and `_custom_settings` are
# created by the first load (module __getattr__ below) and replaced by each refresh.
settings: SettingsDict
_settings: SettingsDict
_default_settings: SettingsDict
_custom_settings: SettingsDict
_loaded = False
_current_path: str | None = None

_LAZY_NAMES = ("settings", "_settings", "_default_settings", "_custom_settings")


def __getattr__(name: str) -> Any:
    """Load the settings on first access to the module's settings objects."""
    if name in _LAZY_NAMES:
        _ensure_loaded()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _ensure_loaded() -> SettingsDict:
    # Settings assigned from outside before the first load (tests patching
    # `pkg_config._settings`, as msticpy's own tests do) are used as they are.
    if not _loaded and "_settings" not in globals():
        refresh_config()
    return globals()["_settings"]


def current_config_path() -> str | None:
    """
    Return the path of the configuration file in use, if any.

    Returns
    -------
    str or None
        The resolved path of the msticpyconfig.yaml found by the search, or None.

    Notes
    -----
    Never raises: when the file cannot be read, the path found is still returned (so a
    caller can say which file is broken).

    """
    if not _loaded:
        with contextlib.suppress(MsticpyUserConfigError):
            _ensure_loaded()
        if not _loaded:
            return _find_config_file()
    return _current_path


def get_settings() -> SettingsDict:
    """Return the current settings (loading them on first use)."""
    return _ensure_loaded()


def refresh_config() -> None:
    """
    Re-read the configuration file and rebuild the settings.

    Raises
    ------
    ConfigFileError
        If the file found cannot be read (it names the file, line and key).

    """
    global _loaded, _current_path, _settings, _default_settings, _custom_settings, settings
    default = _get_default_config()
    path = _find_config_file()
    _current_path = path
    custom = _read_config_file(path) if path else SettingsDict()
    custom = _create_data_providers(custom)
    merged = _consolidate_configs(copy.deepcopy(default), custom)
    _default_settings, _custom_settings = default, custom
    _settings = settings = merged
    _loaded = True


def has_config(setting_path: str) -> bool:
    """Return True if ``setting_path`` (dotted) exists in the settings."""
    try:
        _get_config(setting_path, _ensure_loaded())
    except KeyError:
        return False
    return True


_DEFAULT_SENTINEL = "@@@NO-DEFAULT-VALUE@@@"


def get_config(setting_path: str | None = None, default: Any = _DEFAULT_SENTINEL) -> Any:
    """
    Return the setting at ``setting_path``.

    Parameters
    ----------
    setting_path : str, optional
        Dotted path, e.g. ``"TIProviders.OTX.Args"``; None returns all settings.
    default : Any, optional
        Returned when the path does not exist (without it, ``KeyError`` is raised).

    Returns
    -------
    Any
        The value at the path.

    Raises
    ------
    KeyError
        If the path does not exist and no default is given.

    """
    current = _ensure_loaded()
    if setting_path is None:
        return current
    try:
        return _get_config(setting_path, current)
    except KeyError:
        if default != _DEFAULT_SENTINEL:
            return default
        raise


def _get_config(setting_path: str, settings_dict: Any) -> Any:
    node = settings_dict
    for elem in setting_path.split("."):
        node = node.get(elem) if isinstance(node, dict | UserDict) else None
        if node is None:
            raise KeyError(f"{elem} value of {setting_path} is not a valid path")
    return node


def set_config(setting_path: str, value: Any, create_path: bool = False) -> Any:
    """
    Set the setting at ``setting_path`` to ``value``.

    Parameters
    ----------
    setting_path : str
        Dotted path to the setting.
    value : Any
        The value.
    create_path : bool, optional
        Create missing intermediate mappings (default False: ``KeyError``).

    Returns
    -------
    Any
        The value set.

    """
    return _set_config(setting_path, _ensure_loaded(), value, create_path)


def _set_config(setting_path: str, settings_dict: Any, value: Any, create_path: bool) -> Any:
    *parents, leaf = setting_path.split(".")
    node = settings_dict
    for elem in parents:
        child = node.get(elem)
        if child is None:
            if not create_path:
                raise KeyError(f"{elem} value of {setting_path} is not a valid path")
            child = node[elem] = {}
        if not isinstance(child, dict | UserDict):
            raise KeyError(f"{elem} value of {setting_path} is not a mapping")
        node = child
    node[leaf] = value
    return node[leaf]


def _del_config(setting_path: str, settings_dict: Any) -> Any:
    *parents, leaf = setting_path.split(".")
    node = _get_config(".".join(parents), settings_dict) if parents else settings_dict
    value = node[leaf]
    del node[leaf]
    return value


def _read_config_file(config_file: str | Path) -> SettingsDict:
    """Read a msticpyconfig.yaml file (an empty SettingsDict when it does not exist)."""
    from .. import _native

    path = Path(config_file)
    if not path.is_file():
        return SettingsDict()
    try:
        with open(path, "rb") as handle:
            # One byte past the limit is enough for the core to report the file as too big.
            data = handle.read(_MAX_CONFIG_BYTES + 1)
    except OSError as err:
        raise ConfigFileError(
            f"{config_file}: key '(file)': cannot be read ({err.strerror})"
        ) from None
    return SettingsDict(json.loads(_native.config_parse(str(config_file), data)))


def _consolidate_configs(def_config: Any, cust_config: Any) -> SettingsDict:
    merged = SettingsDict()
    merged.update(def_config)
    _override_config(merged, cust_config)
    return merged


def _override_config(base_config: Any, new_config: Any) -> None:
    # Iterative, so nesting depth never becomes Python recursion depth.
    pending = [(base_config, new_config)]
    while pending:
        base, new = pending.pop()
        for key, item in new.items():
            if item is None:
                continue
            if isinstance(base.get(key), dict | UserDict) and isinstance(item, dict | UserDict):
                pending.append((base[key], item))
            else:
                base[key] = item


@lru_cache(maxsize=1)
def _schema_document() -> dict[str, Any]:
    """The package's schema-and-defaults file, parsed once."""
    from .. import _native

    return json.loads(_native.config_parse(str(_SCHEMA_FILE), _SCHEMA_FILE.read_bytes()))


def _get_default_config() -> SettingsDict:
    """Return a fresh copy of the package defaults."""
    return SettingsDict(copy.deepcopy(_schema_document().get("defaults") or {}))


def _find_config_file() -> str | None:
    """Return the user's config file by msticpy's search order, or None."""
    env_path = os.environ.get(_CONFIG_ENV_VAR)
    if env_path and Path(env_path).is_file():
        return str(Path(env_path).resolve())
    if Path(_CONFIG_FILE).is_file():
        return str(Path(".").joinpath(_CONFIG_FILE).resolve())
    home_config = Path(_HOME_PATH, _CONFIG_FILE).expanduser().resolve()
    if home_config.is_file():
        return str(home_config)
    return None


def _create_data_providers(mp_config: Any) -> Any:
    """Copy Sentinel workspaces (and the old AzureCLI section) into DataProviders."""
    if mp_config.get(_DP_KEY) is None:
        mp_config[_DP_KEY] = {}
    data_providers = mp_config[_DP_KEY]
    if not isinstance(data_providers, dict | UserDict):
        return mp_config
    sentinel = mp_config.get(_AZ_SENTINEL)
    workspaces = sentinel.get("Workspaces") if isinstance(sentinel, dict) else None
    if isinstance(workspaces, dict):
        for name, ws_settings in workspaces.items():
            data_providers.setdefault(f"{_AZ_SENTINEL}_{name}", {"Args": ws_settings})
    az_cli = mp_config.get(_AZ_CLI)
    if az_cli and _AZ_CLI not in data_providers:
        data_providers[_AZ_CLI] = az_cli
    return mp_config


#############################
# Specialized settings


def get_http_timeout(
    *,
    timeout: Any = None,
    def_timeout: Any = None,
    **kwargs: Any,
) -> Any:
    """
    Return an ``httpx.Timeout`` from ``timeout``, ``def_timeout`` or the settings.

    The settings value is ``msticpy.http_timeout`` (or top-level ``http_timeout``): a
    number, a ``[timeout, connect]`` list or a mapping of ``httpx.Timeout`` arguments.

    Raises
    ------
    MsticpyImportExtraError
        If httpx is not installed.

    """
    del kwargs
    try:
        import httpx
    except ImportError as err:
        raise MsticpyImportExtraError(
            "get_http_timeout returns an httpx.Timeout: install httpx to use it.",
            title="httpx is not installed",
            extra="http",
        ) from err
    config_timeout = get_config("msticpy.http_timeout", get_config("http_timeout", None))
    params = timeout or def_timeout or config_timeout
    if isinstance(params, dict):
        return httpx.Timeout(**{name: _valid_timeout(val) for name, val in params.items()})
    if isinstance(params, httpx.Timeout):
        return params
    if isinstance(params, numbers.Real):
        return httpx.Timeout(_valid_timeout(params))
    if isinstance(params, list | tuple):
        values = [_valid_timeout(val) for val in params]
        if len(values) >= 2:
            return httpx.Timeout(timeout=values[0], connect=values[1])
        if values:
            return httpx.Timeout(values[0])
    return httpx.Timeout(None)


def _valid_timeout(timeout_val: Any) -> float | None:
    """Return the timeout as a float when it is a non-negative number, else None."""
    if isinstance(timeout_val, numbers.Real) and float(timeout_val) >= 0.0:
        return float(timeout_val)
    return None


# End specialized settings
############################


def validate_config(mp_config: Any = None, config_file: str | None = None) -> Any:
    """
    Check msticpy settings and print a report.

    Parameters
    ----------
    mp_config : SettingsDict or dict, optional
        Settings to check; by default the current settings.
    config_file : str, optional
        Path of a msticpyconfig.yaml to check instead (read on its own, without the
        package defaults, as msticpy does).

    Returns
    -------
    tuple[list[str], list[str]]
        The errors and the warnings (two empty lists when there is nothing to report).

    Raises
    ------
    TypeError
        If ``mp_config`` is not a mapping.
    ConfigFileError
        If ``config_file`` cannot be read.

    """
    from .config_validation import run_validation

    if config_file:
        mp_config = _read_config_file(config_file)
    if not mp_config and not config_file:
        mp_config = _ensure_loaded()
    if not isinstance(mp_config, dict | UserDict):
        raise TypeError("Unknown format for configuration settings.")
    errors, warnings = run_validation(mp_config, _schema_document())
    _print_validation_report(errors, warnings)
    return (errors, warnings) if errors or warnings else ([], [])


def _print_validation_report(errors: list[str], warnings: list[str]) -> None:
    for title, items, none_text in (
        ("The following configuration errors were found:", errors, "No errors found."),
        ("The following configuration warnings were found:", warnings, "No warnings found."),
    ):
        if not items:
            print(none_text)
            continue
        print("\n" + title, "\n", "-" * len(title))
        for item in items:
            print(item)
