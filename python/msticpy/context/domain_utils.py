"""
Domain and URL utilities (msticpy's ``msticpy.context.domain_utils``).

``DomainValidator`` checks a name's public suffix (the Public Suffix List snapshot shipped
in the package), whether it resolves, and whether its TLS certificate is on abuse.ch's
SSL blacklist (read from a local copy when one is configured). ``dns_resolve``,
``ip_rev_resolve`` and the batch ``dns_resolve_many`` query DNS through the Rust core
(hickory-resolver) with a deadline per name; ``configure_resolver`` chooses the name
servers. ``dns_components`` and ``url_components`` split names and URLs;
``screenshot`` asks Browshot through ``msticpy.common.http_transport``. Differences from
msticpy are listed in ``docs/ip_domain_utils.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import ssl
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._version import VERSION
from ..common.exceptions import MsticpyConnectionError, MsticpyUserConfigError
from ..common.utility import export
from .url_parse import parse_url_parts

if TYPE_CHECKING:
    import pandas as pd

    from ..common.http_transport import HttpReply

__version__ = VERSION

#: Where the SSL blacklist is downloaded from when no local copy is configured.
SSL_ABUSE_LIST_URL = "https://sslbl.abuse.ch/blacklist/sslblacklist.csv"
#: Environment variable naming a local copy of the SSL blacklist CSV.
SSL_ABUSE_LIST_ENV = "MSTICPY_SSL_ABUSE_LIST"
#: Browshot API base URL.
BROWSHOT_URL = "https://api.browshot.com/api/v1"
_ABUSE_COLUMNS = ["Listingdate", "SHA1", "Listingreason"]

_RESOLVER: dict[str, Any] = {"nameservers": [], "timeout": 5.0, "concurrency": 32}


def configure_resolver(
    nameservers: list[str] | None = None,
    *,
    timeout: float | None = None,
    concurrency: int | None = None,
) -> dict[str, Any]:
    """
    Choose the name servers, deadline and concurrency of DNS look-ups (addition).

    Parameters
    ----------
    nameservers : list[str], optional
        ``"IP"``, ``"IP:port"`` or ``"[IPv6]:port"`` entries; an empty list means the
        system configuration (``/etc/resolv.conf``). None keeps the current value.
    timeout : float, optional
        Seconds allowed per name (default 5).
    concurrency : int, optional
        Queries in flight at once in a batch (default 32).

    Returns
    -------
    dict[str, Any]
        The settings now in force.

    Raises
    ------
    ValueError
        If `timeout` is not positive or `concurrency` is below 1.

    """
    if nameservers is not None:
        _RESOLVER["nameservers"] = [str(server) for server in nameservers]
    if timeout is not None:
        if not float(timeout) > 0:
            raise ValueError("timeout must be a positive number of seconds")
        _RESOLVER["timeout"] = float(timeout)
    if concurrency is not None:
        if int(concurrency) < 1:
            raise ValueError("concurrency must be at least 1")
        _RESOLVER["concurrency"] = int(concurrency)
    return dict(_RESOLVER)


def _resolve(names: list[str], rec_type: str) -> list[tuple[Any, ...]]:
    from .. import _native

    try:
        return _native.dns_resolve_many(
            names,
            rec_type,
            _RESOLVER["nameservers"],
            _RESOLVER["timeout"],
            _RESOLVER["concurrency"],
        )
    except ValueError:
        raise
    except Exception as err:  # a runtime that cannot start, an unreadable resolv.conf
        raise MsticpyConnectionError(str(err), title="DNS look-up failed") from err


def _answer_dict(answer: tuple[Any, ...]) -> dict[str, Any]:
    """One core answer as msticpy's dictionary (its keys, its error shape)."""
    (qname, rdtype, rdclass, records, canonical, ttl, message, server, port, outcome, error) = (
        answer
    )
    if outcome != "answered":
        return {"qname": qname, "rdtype": rdtype, "response": error}
    result: dict[str, Any] = {
        "qname": qname,
        "rdtype": rdtype,
        "rdclass": rdclass,
        "response": message,
        "nameserver": server,
        "port": port,
        "canonical_name": canonical,
        "expiration": dt.datetime.now(tz=dt.timezone.utc) + dt.timedelta(seconds=ttl),
    }
    if records:
        result["rrset"] = list(records)
    return result


@export
def screenshot(
    url: str,
    api_key: str | None = None,
    *,
    sleep: float = 0.05,
    max_progress: int = 100,
) -> HttpReply:
    """
    Take a screenshot of a URL with the Browshot service.

    Parameters
    ----------
    url : str
        The page to capture.
    api_key : str, optional
        Browshot API key; by default ``DataProviders.Browshot.Args.AuthKey`` (or
        ``Browshot.Args.AuthKey``) from msticpyconfig.yaml.
    sleep : float, optional
        Seconds between status checks, by default 0.05.
    max_progress : int, optional
        The most status checks made, by default 100.

    Returns
    -------
    HttpReply
        The thumbnail reply (``status``, ``body`` with the image bytes).

    Raises
    ------
    MsticpyUserConfigError
        If no API key is given or configured.
    MsticpyConnectionError
        If Browshot cannot be reached or its reply cannot be read.

    """
    from urllib.parse import quote

    from ..common.http_transport import HttpRequest, fetch

    key = api_key if api_key is not None else _browshot_key()
    if not key:
        raise MsticpyUserConfigError(
            "No configuration found for Browshot",
            "Please add a section to msticpyconfig.yaml:",
            "DataProviders:\n  Browshot:\n    Args:\n      AuthKey: {your_auth_key}",
            title="Browshot configuration not found",
        )
    secrets = [key]
    enc_key = quote(key, safe="")

    def get_json(path: str) -> dict[str, Any]:
        reply = fetch(HttpRequest(f"{BROWSHOT_URL}/{path}", group="Browshot"), secrets=secrets)
        data = reply.json()
        if not isinstance(data, dict):
            raise MsticpyConnectionError(
                f"Browshot reply could not be read (status {reply.status}"
                f"{', ' + reply.error if reply.error else ''})",
                title="Browshot request failed",
            )
        return data

    created = get_json(
        f"screenshot/create?url={quote(url, safe='')}/&instance_id=26&size=screen"
        f"&cache=0&key={enc_key}"
    )
    shot_id = quote(str(created.get("id", "")), safe="")
    for _ in range(max(int(max_progress), 0)):
        if get_json(f"screenshot/info?id={shot_id}&key={enc_key}").get("status") == "finished":
            break
        time.sleep(sleep)
    return fetch(
        HttpRequest(
            f"{BROWSHOT_URL}/screenshot/thumbnail?id={shot_id}&zoom=50&key={enc_key}",
            group="Browshot",
        ),
        secrets=secrets,
    )


def _browshot_key() -> str | None:
    from ..common.pkg_config import get_config

    for path in ("DataProviders.Browshot", "Browshot"):
        conf = get_config(path, {}) or {}
        if isinstance(conf, dict):
            key = (conf.get("Args") or {}).get("AuthKey")
            if key:
                return str(key)
    return None


@export
class DomainValidator:
    """Assess a domain's validity."""

    _ssl_abuse_list: pd.DataFrame | None = None
    #: A local copy of the SSL blacklist CSV; None means the environment variable
    #: ``MSTICPY_SSL_ABUSE_LIST``, then a download.
    ssl_abuse_list_path: str | Path | None = None

    @classmethod
    def _check_and_load_abuselist(cls) -> None:
        if cls._ssl_abuse_list is None or cls._ssl_abuse_list.empty:
            cls._ssl_abuse_list = cls._get_ssl_abuselist()

    @property
    def ssl_abuse_list(self) -> pd.DataFrame:
        """
        Return the SSL blacklist (columns ``Listingdate``, ``SHA1``, ``Listingreason``).

        Returns
        -------
        pd.DataFrame
            The list; empty if it could not be read.

        """
        self._check_and_load_abuselist()
        return self._ssl_abuse_list  # type: ignore[return-value]

    @staticmethod
    def validate_tld(url_domain: str) -> bool:
        """
        Return True if a domain (or URL) ends in a public suffix.

        Parameters
        ----------
        url_domain : str
            The URL or domain to validate.

        Returns
        -------
        bool
            True if its suffix is on the Public Suffix List (ICANN section).

        """
        from .. import _native

        return bool(_native.validate_tld(url_domain))

    @staticmethod
    def is_resolvable(url_domain: str) -> bool:
        """
        Return True if a domain has an A record.

        Parameters
        ----------
        url_domain : str
            The domain to resolve.

        Returns
        -------
        bool
            True if the name resolves to an address before the deadline.

        """
        return _resolve([url_domain], "A")[0][9] == "answered"

    def in_abuse_list(self, url_domain: str) -> tuple[bool, Any]:
        """
        Check whether a host's TLS certificate is on the SSL blacklist.

        Parameters
        ----------
        url_domain : str
            The host to connect to (port 443).

        Returns
        -------
        tuple[bool, Any]
            Whether the certificate's SHA-1 is listed, and the certificate (a
            ``cryptography`` ``Certificate`` when that package is installed, else its
            DER bytes); ``(False, None)`` when no certificate could be read.

        """
        try:
            pem = ssl.get_server_certificate((url_domain, 443), timeout=_RESOLVER["timeout"])
        except (OSError, ValueError):
            return False, None
        der = ssl.PEM_cert_to_DER_cert(pem)
        sha1 = hashlib.sha1(der, usedforsecurity=False).hexdigest()
        listed = bool(self.ssl_abuse_list["SHA1"].astype(str).str.lower().eq(sha1).any())
        try:
            from cryptography import x509

            return listed, x509.load_der_x509_certificate(der)
        except ImportError:
            return listed, der

    @classmethod
    def _get_ssl_abuselist(cls) -> pd.DataFrame:
        """Read the blacklist from the configured file, else download it."""
        import pandas as pd

        path = cls.ssl_abuse_list_path or os.environ.get(SSL_ABUSE_LIST_ENV)
        if path:
            try:
                text = Path(path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                return pd.DataFrame({"SHA1": []})
        else:
            from ..common.http_transport import HttpRequest, fetch

            reply = fetch(HttpRequest(SSL_ABUSE_LIST_URL, group="abuse.ch"))
            if reply.status != 200 or reply.error:
                return pd.DataFrame({"SHA1": []})
            text = reply.body.decode("utf-8", errors="replace")
        rows = [
            line.split(",", 2)
            for line in text.splitlines()
            if line.strip() and not line.startswith("#")
        ]
        rows = [row + [""] * (3 - len(row)) for row in rows]
        return pd.DataFrame(rows, columns=_ABUSE_COLUMNS)


def dns_components(domain: str) -> dict[str, Any]:
    """
    Split a domain (or URL) into sub-domain, domain and public suffix.

    Parameters
    ----------
    domain : str
        The name to split.

    Returns
    -------
    dict[str, Any]
        ``subdomain``, ``domain``, ``suffix``, ``is_private`` (always False: private
        suffixes are not used) and ``registry_suffix``, as tldextract returns them.

    """
    from .. import _native

    sub, dom, suffix = _native.dns_split_domain(domain)
    return {
        "subdomain": sub,
        "domain": dom,
        "suffix": suffix,
        "is_private": False,
        "registry_suffix": suffix,
    }


def url_components(url: str) -> dict[str, Any]:
    """
    Return the parsed parts of a URL.

    Parameters
    ----------
    url : str
        The URL.

    Returns
    -------
    dict[str, Any]
        ``scheme``, ``auth``, ``host``, ``port``, ``path``, ``query``, ``fragment``
        (None where absent), or an empty dict if the URL cannot be parsed.

    """
    return parse_url_parts(url) or {}


@export
def dns_resolve(url_domain: str, rec_type: str = "A") -> dict[str, Any]:
    """
    Resolve the host of a domain or URL.

    Parameters
    ----------
    url_domain : str
        The URL or domain.
    rec_type : str
        The record type, by default "A".

    Returns
    -------
    dict[str, Any]
        ``qname``, ``rdtype``, ``rdclass``, ``response`` (the reply in dnspython's text
        layout), ``nameserver``, ``port``, ``canonical_name``, ``expiration`` and
        ``rrset``; on failure ``qname``, ``rdtype`` and ``response`` (the reason).

    Raises
    ------
    ValueError
        If no host can be parsed from `url_domain`, or `rec_type` is unknown.

    """
    parts = parse_url_parts(url_domain)
    domain = parts.get("host") if parts else None
    if not domain:
        raise ValueError(f"Failed to parse url: {url_domain}")
    return _answer_dict(_resolve([domain], rec_type)[0])


def dns_resolve_many(names: list[str], rec_type: str = "A") -> list[dict[str, Any]]:
    """
    Resolve many names at once (addition: concurrent, one deadline per name).

    Parameters
    ----------
    names : list[str]
        Domains (not URLs).
    rec_type : str
        The record type, by default "A".

    Returns
    -------
    list[dict[str, Any]]
        One ``dns_resolve`` dictionary per name, in order.

    """
    return [_answer_dict(answer) for answer in _resolve([str(n) for n in names], rec_type)]


@export
def dns_resolve_df(url_domain: str, rec_type: str = "A") -> pd.DataFrame:
    """
    Resolve a domain or URL, one row per record.

    Parameters
    ----------
    url_domain : str
        The URL or domain.
    rec_type : str
        The record type, by default "A".

    Returns
    -------
    pd.DataFrame
        ``dns_resolve``'s dictionary with ``rrset`` exploded to rows.

    """
    return _exploded(dns_resolve(url_domain, rec_type))


@export
def ip_rev_resolve(ip_address: str) -> dict[str, Any]:
    """
    Reverse look-up (PTR) of an IP address.

    Parameters
    ----------
    ip_address : str
        The address.

    Returns
    -------
    dict[str, Any]
        As ``dns_resolve``; on failure ``qname``, ``rdtype`` ("PTR") and ``response``.

    """
    from .. import _native

    name = _native.dns_reverse_name(str(ip_address))
    if name is None:
        return {
            "qname": ip_address,
            "rdtype": "PTR",
            "response": f"{ip_address} is not an IP address",
        }
    return _answer_dict(_resolve([name], "PTR")[0])


@export
def ip_rev_resolve_df(ip_address: str) -> pd.DataFrame:
    """
    Reverse look-up of an IP address, one row per name.

    Parameters
    ----------
    ip_address : str
        The address.

    Returns
    -------
    pd.DataFrame
        ``ip_rev_resolve``'s dictionary with ``rrset`` exploded to rows.

    """
    return _exploded(ip_rev_resolve(ip_address))


def _exploded(result: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame([result])
    if "rrset" in frame.columns:
        return frame.explode(column="rrset")
    return frame
