"""Settings functions in one place (msticpy's ``common.settings`` facade module)."""

from __future__ import annotations

from .pkg_config import (
    current_config_path,
    get_config,
    get_http_timeout,
    get_settings,
    refresh_config,
    set_config,
    validate_config,
)
from .provider_settings import (
    clear_keyring,
    get_protected_setting,
    get_provider_settings,
    refresh_keyring,
    reload_settings,
)
from .proxy_settings import get_http_proxies

__all__ = [
    "clear_keyring",
    "current_config_path",
    "get_config",
    "get_http_proxies",
    "get_http_timeout",
    "get_protected_setting",
    "get_provider_settings",
    "get_settings",
    "refresh_config",
    "refresh_keyring",
    "reload_settings",
    "set_config",
    "validate_config",
]
