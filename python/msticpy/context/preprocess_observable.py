"""
Observable checks before a look-up (msticpy 3.x ``context.preprocess_observable``).

Each observable type has a chain of checks: the value must match its IoC type's pattern
(``IoCExtract.validate``), then type-specific rules reject values a TI service cannot
usefully answer (private/loopback addresses, unqualified names, low-entropy "hashes",
``file://`` URLs). The result is a ``SanitizedObservable``: the cleaned value and "ok",
or ``None`` and the reason.

Deliberate difference: msticpy splits URLs with ``urllib3.util.parse_url``; this module
has its own small authority parser (no urllib3 dependency). Scheme and host come out the
same for the URLs that pass the pattern check; see docs/threat_intel.md.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections import Counter
from collections.abc import Callable
from functools import cache, partial
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Any, ClassVar
from urllib.parse import quote_plus

from .._version import VERSION
from ..common.utility.format import refang_ioc
from .lookup_result import SanitizedObservable

__version__ = VERSION

#: Minimum Shannon entropy (bits per character) of a plausible hash.
MINIMAL_ENTROPY: float = 3.0

CheckerType = Callable[..., SanitizedObservable]

# Used when the whole URL does not parse: keep scheme, userinfo, host, port and path, drop
# the query and fragment (the usual source of junk glued to a URL found in free text).
_URL_PARTS = re.compile(
    r"""
    (?P<protocol>(?:https?|ftp|telnet|ldap|file)://)
    (?P<userinfo>(?:[a-z0-9\-._~!$&*+,;=:]|%[0-9A-F]{2})*@)?
    (?P<host>(?:[a-z0-9\-._~!$&*+,;=]|%[0-9A-F]{2})*)
    (?::(?P<port>\d*))?
    (?:/(?P<path>(?:[^?\#|\s]|%[0-9A-F]{2})*))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+\-.]*)://")
# Characters that make an authority unusable (and make urllib3 refuse the URL).
_BAD_AUTHORITY = re.compile(r"[\s<>\"{}|\\^`]")


class _UrlParseError(ValueError):
    """The URL's authority (host and port) cannot be parsed."""


def _split_url(url: str) -> tuple[str | None, str | None]:
    """Return (scheme, host) of ``url``; raise ``_UrlParseError`` if the authority is bad."""
    match = _SCHEME.match(url)
    if match is None:
        # No "scheme://": the text up to the first "/" would be the host, but with no
        # scheme the URL is rejected by the caller anyway.
        return None, None
    scheme = match.group(1).lower()
    rest = url[match.end() :]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if _BAD_AUTHORITY.search(authority):
        raise _UrlParseError(url)
    host_port = authority.rpartition("@")[2]
    if host_port.startswith("["):
        # An IPv6 literal keeps its brackets, so the private/loopback test does not
        # apply to it (as with urllib3, which returns the host bracketed).
        end = host_port.find("]")
        if end < 0:
            raise _UrlParseError(url)
        host, port = host_port[: end + 1], host_port[end + 1 :]
        if port and not port.startswith(":"):
            raise _UrlParseError(url)
        port = port[1:]
    else:
        host, _, port = host_port.partition(":")
    if port and (not port.isdigit() or int(port) > 65535):
        raise _UrlParseError(url)
    return scheme, (host.lower() or None)


def get_schema_and_host(
    url: str, *, require_url_encoding: bool = False
) -> tuple[str | None, str | None, str | None]:
    """
    Return the usable form of ``url``, its scheme and its host.

    Parameters
    ----------
    url : str
        The URL.
    require_url_encoding : bool, optional
        Percent-encode the returned URL (for providers that put it in a path).

    Returns
    -------
    tuple[str | None, str | None, str | None]
        (URL, scheme, host); members are None where the URL could not be read.

    """
    clean_url: str | None = None
    scheme: str | None = None
    host: str | None = None
    try:
        scheme, host = _split_url(url)
        clean_url = url
    except _UrlParseError:
        cleaned = _clean_url(url)
        if cleaned is not None:
            with contextlib.suppress(_UrlParseError):
                scheme, host = _split_url(cleaned)
                clean_url = cleaned
    if require_url_encoding and clean_url:
        clean_url = quote_plus(clean_url)
    return clean_url, scheme, host


def _clean_url(url: str) -> str | None:
    """Return ``url`` without query, fragment and trailing junk, or None if not a URL."""
    match = _URL_PARTS.search(url)
    if match is None or match["host"] is None:
        return None
    parts = [match["protocol"], match["userinfo"] or "", match["host"]]
    if match["port"]:
        parts.append(":" + match["port"])
    if match["path"]:
        parts.append("/" + match["path"])
    return "".join(parts)


def _preprocess_url(url: str, *, require_url_encoding: bool = False) -> SanitizedObservable:
    """Accept a URL whose host is a public, qualified name or address."""
    url = refang_ioc(ioc=url, ioc_type="url")
    clean_url, scheme, host = get_schema_and_host(url, require_url_encoding=require_url_encoding)
    if scheme is None or host is None:
        return SanitizedObservable(None, f"Could not obtain scheme or host from {url}")
    with contextlib.suppress(ValueError):
        addr = ip_address(host)
        if addr.is_private:
            return SanitizedObservable(None, "Host part of URL is a private IP address")
        if addr.is_loopback:
            return SanitizedObservable(None, "Host part of URL is a loopback IP address")
    if "." not in host:
        return SanitizedObservable(None, "Host is unqualified domain name")
    if scheme == "file":
        return SanitizedObservable(None, f"{scheme} URL scheme is not supported")
    return SanitizedObservable(clean_url, "ok")


def _preprocess_ip(ipaddress: str, version: int = 4) -> SanitizedObservable:
    """Accept a global IP address of the given version."""
    ipaddress = refang_ioc(ioc=ipaddress, ioc_type="ipv4")
    try:
        addr: IPv4Address | IPv6Address = ip_address(ipaddress)
    except ValueError:
        return SanitizedObservable(None, "IP address is invalid format")
    if addr.version != version:
        # msticpy names the version the address *has*; kept for identical Details.
        return SanitizedObservable(None, f"Not an IPv{addr.version} address")
    if addr.is_global:
        return SanitizedObservable(ipaddress, "ok")
    return SanitizedObservable(None, "IP address is not global")


def _preprocess_dns(domain: str) -> SanitizedObservable:
    """Accept a qualified domain name that is not an IP address."""
    domain = refang_ioc(ioc=domain, ioc_type="dns")
    if "." not in domain:
        return SanitizedObservable(None, "Domain is unqualified domain name")
    with contextlib.suppress(ValueError):
        ip_address(domain)
        return SanitizedObservable(None, "Domain is an IP address")
    return SanitizedObservable(domain, "ok")


def _preprocess_hash(hash_str: str) -> SanitizedObservable:
    """Reject strings too regular to be a hash (e.g. all zeros)."""
    if _entropy(hash_str) < MINIMAL_ENTROPY:
        return SanitizedObservable(None, "String has too low an entropy to be a hash")
    return SanitizedObservable(hash_str, "ok")


def _validate_ioc_type(observable: str | None, ioc_type: str) -> SanitizedObservable:
    """Accept ``observable`` only if it matches the pattern of ``ioc_type``."""
    try:
        valid = bool(observable) and _ioc_extract().validate(observable or "", ioc_type)
    except KeyError:
        valid = False
    if not valid:
        return SanitizedObservable(
            None, f"Observable does not match expected pattern for {ioc_type}"
        )
    return SanitizedObservable(observable, "ok")


@cache
def _ioc_extract() -> Any:
    """Return the shared ``IoCExtract`` (imported on first use: it loads the extension)."""
    from ..transform.iocextract import IoCExtract

    return IoCExtract()


def _entropy(input_str: str) -> float:
    """Return the Shannon entropy of ``input_str`` in bits per character."""
    length = float(len(input_str))
    if not length:
        return 0.0
    return -sum((n / length) * math.log2(n / length) for n in Counter(input_str).values())


class PreProcessor:
    """The check chains, by observable type."""

    _TYPE_CHECK: ClassVar[str] = "type_check"
    _DEF_PROCESSORS: ClassVar[list[tuple[set[str], list[str | CheckerType]]]] = [
        ({"url"}, [_TYPE_CHECK, _preprocess_url]),
        ({"ipv4"}, [_TYPE_CHECK, _preprocess_ip]),
        ({"ipv6"}, [_TYPE_CHECK, partial(_preprocess_ip, version=6)]),
        ({"dns", "hostname"}, [_TYPE_CHECK, _preprocess_dns]),
        ({"md5_hash", "sha1_hash", "sha256_hash", "file_hash"}, [_TYPE_CHECK, _preprocess_hash]),
    ]

    def __init__(self) -> None:
        """Copy the default chains (so ``add_check`` changes only this instance)."""
        self._processors: dict[str, list[str | CheckerType]] = {
            obs_type: list(chain) for types, chain in self._DEF_PROCESSORS for obs_type in types
        }

    @property
    def processors(self) -> dict[str, list[str | CheckerType]]:
        """Return the check chains by observable type."""
        return self._processors

    def check(
        self, value: str, value_type: str, *, require_url_encoding: bool = False
    ) -> SanitizedObservable:
        """
        Run the checks for ``value_type`` on ``value``.

        Parameters
        ----------
        value : str
            The observable.
        value_type : str
            Its IoC type name (types with no checks pass unchanged, stripped).
        require_url_encoding : bool, optional
            Percent-encode URLs (URL type only), by default False.

        Returns
        -------
        SanitizedObservable
            The cleaned value and "ok", or None and the reason it was rejected.

        Raises
        ------
        TypeError
            If ``value`` is not a string.

        """
        if not isinstance(value, str):
            raise TypeError(f"observable must be a str, not {type(value).__name__}")
        proc_value: str | None = value.strip()
        result = SanitizedObservable(proc_value, "ok")
        for processor in self._processors.get(value_type, []):
            if processor == self._TYPE_CHECK:
                result = _validate_ioc_type(proc_value, value_type)
            elif isinstance(processor, str):
                continue
            else:
                func = processor.func if isinstance(processor, partial) else processor
                if func is _preprocess_url:
                    result = processor(proc_value, require_url_encoding=require_url_encoding)
                else:
                    result = processor(proc_value)
            proc_value = result.observable
            if proc_value is None:
                break
        return result

    def add_check(self, value_type: str, checker: CheckerType) -> None:
        """Append ``checker`` to the chain of ``value_type``."""
        self._processors.setdefault(value_type, []).append(checker)


def preprocess_observable(
    observable: str, ioc_type: str, *, require_url_encoding: bool = False
) -> SanitizedObservable:
    """
    Check ``observable`` against its declared IoC type and clean it.

    Parameters
    ----------
    observable : str
        The value.
    ioc_type : str
        Its IoC type (``ipv4``, ``ipv6``, ``dns``, ``hostname``, ``url``, ``md5_hash``,
        ``sha1_hash``, ``sha256_hash``, ``file_hash``; other types pass unchanged).
    require_url_encoding : bool, optional
        Percent-encode URLs, by default False.

    Returns
    -------
    SanitizedObservable
        ``(value, "ok")`` or ``(None, reason)``.

    """
    return PreProcessor().check(observable, ioc_type, require_url_encoding=require_url_encoding)
