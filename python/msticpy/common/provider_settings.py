"""
Provider settings (``TIProviders``, ``OtherProviders``, ``DataProviders``) with secrets.

A provider argument is either a value or a mapping saying where to read it:
``EnvironmentVar: NAME`` is read from the environment when the settings are built;
``KeyVault: ...`` needs msticpy's Azure Key Vault client, which this package does not
ship, so it raises ``MsticpyImportExtraError`` naming the ``keyvault`` extra (importing
this module never does). Argument values never appear in reprs: `ProviderArgs` masks
the values of secret-looking names and of every value read through indirection.
"""

from __future__ import annotations

import os
import re
import warnings
from collections import UserDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .._version import VERSION
from .exceptions import MsticpyImportExtraError
from .pkg_config import get_config, refresh_config

__version__ = VERSION

# No Key Vault / keyring client ships with this package (see docs/configuration.md).
_SECRETS_ENABLED = False
_SECRETS_CLIENT: Any = None

# Argument names whose values are treated as secrets in reprs.
_SECRET_NAME = re.compile(
    r"key|secret|passw|pwd|token|cookie|credential|connection_?str|auth|sas", re.IGNORECASE
)
_MASK = "********"


class ProviderArgs(UserDict):
    """Provider arguments; the repr masks secret values."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the mapping (as ``dict``)."""
        self._indirect: set[str] = set()
        super().__init__(*args, **kwargs)

    def __getitem__(self, key: Any) -> Any:
        """Return the argument value."""
        if key not in self.data:
            raise KeyError(key)
        return self.data[key]

    def _mark_indirect(self, key: str) -> None:
        self._indirect.add(key)

    def _masked(self) -> dict[str, Any]:
        return {
            key: (
                _MASK
                if value is not None
                and (key in self._indirect or _SECRET_NAME.search(str(key)) is not None)
                else value
            )
            for key, value in self.data.items()
        }

    def __repr__(self) -> str:
        """Return the arguments with secret values masked."""
        return repr(self._masked())

    __str__ = __repr__


@dataclass
class ProviderSettings:
    """Settings of one provider."""

    name: str
    description: str | None
    provider: str | None = field(default=None)
    args: ProviderArgs = field(default_factory=ProviderArgs)
    primary: bool = field(default=False)


def get_secrets_client_func() -> Callable[..., Any]:
    """
    Return msticpy's get-or-create function for the Key Vault secrets client.

    Key Vault is not supported by this package, so, as in msticpy without its Key Vault
    extra, the function always returns None.
    """

    def _return_secrets_client(secrets_client: Any = None, **kwargs: Any) -> Any:
        del secrets_client, kwargs
        return None

    return _return_secrets_client


_SET_SECRETS_CLIENT = get_secrets_client_func()


def get_provider_settings(config_section: str = "TIProviders") -> dict[str, ProviderSettings]:
    """
    Return the providers of a settings section, with argument indirection resolved.

    Parameters
    ----------
    config_section : str, optional
        The section, by default "TIProviders".

    Returns
    -------
    dict[str, ProviderSettings]
        Settings by provider name (empty when the section is missing or empty).

    Raises
    ------
    MsticpyImportExtraError
        If an argument is read from Key Vault (not supported without msticpy's
        ``keyvault`` extra).

    """
    section_settings = get_config(config_section, None)
    if not section_settings or not hasattr(section_settings, "items"):
        return {}
    result = {}
    for provider, item_settings in section_settings.items():
        item = item_settings if isinstance(item_settings, dict | UserDict) else {}
        prov_args = item.get("Args")
        result[provider] = ProviderSettings(
            name=provider,
            description=item.get("Description"),
            args=_get_setting_args(
                config_path=config_section,
                provider_name=provider,
                prov_args=prov_args if isinstance(prov_args, dict | UserDict) else None,
            ),
            primary=item.get("Primary", False),
            provider=item.get("Provider", provider),
        )
    return result


def reload_settings() -> None:
    """Re-read the settings from the configuration file."""
    refresh_config()


def refresh_keyring() -> None:
    """Refresh the local keyring cache of Key Vault secrets (nothing to do without Key Vault)."""


def clear_keyring() -> None:
    """Delete the local keyring cache of Key Vault secrets (nothing to do without Key Vault)."""


def auth_secrets_client(
    tenant_id: str | None = None,
    auth_methods: list[str] | None = None,
    credential: Any = None,
    **kwargs: Any,
) -> None:
    """
    Authenticate the Key Vault secrets client.

    Key Vault is not supported by this package, so, as msticpy does when its Key Vault
    extra is missing, this does nothing.
    """
    del tenant_id, auth_methods, credential, kwargs


def get_protected_setting(config_path: str, setting_name: str) -> Any:
    """
    Return one setting from ``config_path``, reading it from the environment if indirected.

    Raises
    ------
    KeyError
        If ``config_path`` does not exist.

    """
    config_settings = get_config(config_path)
    return _get_protected_settings(config_path, config_settings).get(setting_name)


def _get_setting_args(config_path: str, provider_name: str, prov_args: Any) -> ProviderArgs:
    if not prov_args:
        return ProviderArgs()
    name_map = {
        "workspaceid": "workspace_id",
        "tenantid": "tenant_id",
        "subscriptionid": "subscription_id",
    }
    return _get_protected_settings(
        f"{config_path}.{provider_name}.Args", prov_args, name_map=name_map
    )


def _get_protected_settings(
    setting_path: str, section_settings: Any, name_map: dict[str, str] | None = None
) -> ProviderArgs:
    """
    Resolve every value of ``section_settings`` (text, environment variable or Key Vault).

    As in msticpy, the original names keep their raw values and names in ``name_map``
    (case-insensitive) get the resolved value under the mapped name too.
    """
    if not section_settings or not hasattr(section_settings, "items"):
        return ProviderArgs()
    resolved = ProviderArgs(dict(section_settings))
    for arg_name, arg_value in section_settings.items():
        target = (name_map or {}).get(str(arg_name).casefold(), arg_name)
        if isinstance(arg_value, dict | UserDict):
            resolved._mark_indirect(arg_name)
            resolved._mark_indirect(target)
        try:
            resolved[target] = _fetch_secret_setting(f"{setting_path}.{arg_name}", arg_value)
        except NotImplementedError as err:
            warnings.warn(str(err), stacklevel=2)
    return resolved


def _fetch_secret_setting(setting_path: str, config_setting: Any) -> Any:
    """Return the value of a setting that may be indirected (never logs the value)."""
    if isinstance(config_setting, str | int | float):
        return str(config_setting)
    if not isinstance(config_setting, dict | UserDict):
        raise NotImplementedError(
            f"Setting '{setting_path}' should be text or a mapping with an "
            "'EnvironmentVar' or 'KeyVault' entry."
        )
    if "EnvironmentVar" in config_setting:
        env_name = config_setting["EnvironmentVar"]
        env_value = os.environ.get(str(env_name)) if env_name else None
        if not env_value:
            warnings.warn(
                f"Environment variable {env_name} ({setting_path}) value not found.",
                stacklevel=2,
            )
        return env_value
    if "KeyVault" in config_setting:
        raise MsticpyImportExtraError(
            f"'{setting_path}' is read from Azure Key Vault, which this package does not "
            "support: put the value in an environment variable "
            "(EnvironmentVar: NAME) instead.",
            title="Key Vault settings need msticpy's 'keyvault' extra",
            extra="keyvault",
        )
    raise NotImplementedError(
        f"Setting '{setting_path}' should be text or a mapping with an "
        "'EnvironmentVar' or 'KeyVault' entry."
    )
