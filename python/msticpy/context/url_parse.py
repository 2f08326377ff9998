"""
URL splitting for ``domain_utils.url_components`` and ``dns_resolve``.

msticpy uses urllib3's ``parse_url``; this module follows the same rules for the
common cases without needing urllib3: the RFC 3986 (appendix B) split, a scheme-less
string read as an authority, lower-cased scheme and host, the port as an int (0-65535),
``.``/``..`` path segments removed and characters outside RFC 3986's sets
percent-encoded for http(s) and scheme-less URLs, a non-ASCII host IDNA-encoded. A host
with characters no host may hold, or a bad port, makes the URL unparsable (None).
"""

from __future__ import annotations

import re
from typing import Any

_SCHEME_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+-]*:|/)")
_SPLIT_RE = re.compile(
    r"^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?://([^\\/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$",
    re.DOTALL,
)
_PORT_RE = re.compile(r"^(.*?)(?::0*?(|0|[1-9][0-9]{0,4}))?$", re.DOTALL)
_HOST_BAD_RE = re.compile(r"[\x00-\x20\[\]%:/?#\\]")
_PCT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~")
_USERINFO = _UNRESERVED | set("!$&'()*+,;=") | {":"}
_PATH = _USERINFO | {"@", "/"}
_QUERY = _PATH | {"?"}
_NORMALISED = {"http", "https", None}
_MAX_PORT = 65535


def _encode(text: str, allowed: set[str]) -> str:
    """Percent-encode characters outside `allowed`.

    Valid ``%XX`` escapes are kept (upper-cased) only when every ``%`` starts one;
    otherwise each ``%`` is itself encoded, as urllib3 does.
    """
    text = _PCT_RE.sub(lambda match: match.group(0).upper(), text)
    keep_escapes = len(_PCT_RE.findall(text)) == text.count("%")
    out: list[str] = []
    for char in text:
        if char in allowed or (char == "%" and keep_escapes):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(out)


def _remove_dots(path: str) -> str:
    """RFC 3986 section 5.2.4 dot-segment removal."""
    segments = path.split("/")
    out: list[str] = []
    for seg in segments:
        if seg == ".":
            continue
        if seg == "..":
            if len(out) > 1 or (out and out[0] != ""):
                out.pop()
            continue
        out.append(seg)
    if path.startswith("/") and (not out or out[0]):
        out.insert(0, "")
    if path.endswith(("/.", "/..")):
        out.append("")
    return "/".join(out)


def _host(raw: str, scheme: str | None) -> str | None:
    if raw.startswith("["):
        inner = raw[1:-1] if raw.endswith("]") else None
        if inner is None or not re.fullmatch(r"[0-9A-Fa-f:.]+(%25[\w.~-]+|%[\w.~-]+)?", inner):
            return None
        addr, pct, zone = inner.partition("%")
        if zone.startswith("25"):
            zone = zone[2:]
        return f"[{addr.lower()}{pct}{zone}]"
    if _HOST_BAD_RE.search(raw):
        return None
    if scheme not in _NORMALISED:
        return raw
    if raw.isascii():
        return raw.lower()
    try:
        return ".".join(
            label.encode("idna").decode("ascii") if label else "" for label in raw.split(".")
        ).lower()
    except UnicodeError:
        return None


def parse_url_parts(url: str) -> dict[str, Any] | None:
    """
    Split `url` into ``scheme``, ``auth``, ``host``, ``port``, ``path``, ``query`` and
    ``fragment`` (None where absent), or return None if it cannot be parsed.

    Parameters
    ----------
    url : str
        The URL or bare host.

    Returns
    -------
    dict[str, Any] | None
        The parts, or None.

    """
    keys = ("scheme", "auth", "host", "port", "path", "query", "fragment")
    if not url:
        return dict.fromkeys(keys)
    if not _SCHEME_RE.search(url):
        url = "//" + url
    match = _SPLIT_RE.match(url)
    if match is None:
        return None
    scheme, authority, path, query, fragment = match.groups()
    scheme = scheme.lower() if scheme else None
    normalise = scheme in _NORMALISED
    auth = host = None
    port: int | None = None
    if authority:
        auth_part, _, host_port = authority.rpartition("@")
        auth = (_encode(auth_part, _USERINFO) if normalise else auth_part) or None
        port_match = _PORT_RE.fullmatch(host_port)
        if port_match is None:
            return None
        host_text, port_text = port_match.groups()
        if ":" in host_text and not host_text.startswith("["):
            return None
        if port_text:
            port = int(port_text)
            if port > _MAX_PORT:
                return None
        host = _host(host_text, scheme) if host_text else ""
        if host_text and host is None:
            return None
    if normalise and path:
        path = _encode(_remove_dots(path), _PATH)
    if normalise and query:
        query = _encode(query, _QUERY)
    if normalise and fragment:
        fragment = _encode(fragment, _QUERY)
    if not path:
        path = "" if (query is not None or fragment is not None) else None
    elif not path.startswith("/"):
        path = "/" + path
    return dict(zip(keys, (scheme, auth, host, port, path, query, fragment)))
