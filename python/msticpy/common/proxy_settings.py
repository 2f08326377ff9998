"""
HTTP proxy settings from ``msticpy.Proxies`` in msticpyconfig.yaml.

Each protocol entry (``http``, ``https``) has ``Url`` and optional ``UserName`` and
``Password``; the credentials may be indirected like provider arguments
(``EnvironmentVar: NAME``).
"""

from __future__ import annotations

from .pkg_config import get_config
from .provider_settings import get_protected_setting


def get_http_proxies() -> dict[str, str] | None:
    """
    Return proxy URLs by protocol, with credentials, or None when none are configured.

    Notes
    -----
    msticpy 3.0.2 looks the credentials up under a path that does not exist (a missing
    f-string), so it never finds them; here they are read from ``msticpy.Proxies.<protocol>``.

    """
    proxy_config = get_config("msticpy.Proxies", None)
    if not proxy_config or not hasattr(proxy_config, "items"):
        return None
    proxies = {}
    for protocol, proxy in proxy_config.items():
        if not isinstance(proxy, dict) or "Url" not in proxy:
            continue
        url = str(proxy["Url"])
        scheme, host = url.split("//", maxsplit=1) if "//" in url else (protocol, url)
        path = f"msticpy.Proxies.{protocol}"
        user = get_protected_setting(path, "UserName") if "UserName" in proxy else None
        password = get_protected_setting(path, "Password") if "Password" in proxy else None
        auth = f"{user}:{password}@" if user else ""
        proxies[str(protocol).casefold()] = f"{scheme}//{auth}{host}"
    return proxies
