"""
The cleaned view ``msticpy triage`` reports (the library's extraction stays msticpy's).

IoC extraction follows msticpy's patterns exactly, which leaves debris an analyst would
otherwise filter by eye. The report, and only the report, cleans each observable:

- URLs lose trailing punctuation that closes the surrounding text rather than the URL
  (``http://host/a.ps1')`` and ``...');`` end at ``a.ps1``); a closing bracket stays
  when the URL opened it (``.../Foo_(bar)``).
- A ``key=`` field prefix glued to an e-mail address is split off
  (``FROM=billing@example.com`` is ``billing@example.com``).
- A domain that is the tail of a percent-escape (``%2Fportal.example.com`` matched as
  ``2Fportal.example.com``) loses the escape's two hex digits.
- Host names that are really file names (``x.sh``, ``a.ps1`` matched as ``a.ps``,
  ``invoice.zip``) are listed as file names, not as domains.
- With ``--include-paths``, the ``//host/path`` tail of a URL (msticpy's path pattern
  matches it) is not reported as a path, and paths lose trailing quotes and semicolons.
- An IPv4 address that is the base of a CIDR range (``45.133.1.0`` of
  ``45.133.1.0/24``) is reported once, as the range.
- IP addresses carry their scope, so private, loopback and documentation addresses
  are listed apart from public ones.
"""

from __future__ import annotations

import ipaddress
import re

#: Characters that end a sentence, a quote or a call around a URL, never the URL itself.
_URL_TAIL = "'\",;.:!?>}"
_CLOSERS = {")": "(", "]": "["}
#: Quotes and separators that end a quoted path argument, never the path.
_PATH_TAIL = "'\";,"
#: ``key=`` glued to the front of an e-mail address (a log field name).
_KEY_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*=(?=[^=@]+@)")
#: File extensions that are also (or look like) top-level domains. ``com``, ``pl`` and
#: ``so`` are left out: those files are rarer in logs than domains under those TLDs.
FILE_EXTENSIONS = frozenset(
    "sh ps ps1 psm1 psd1 bat cmd vbs vbe js jse wsf hta exe dll scr sys cpl msi lnk iso img "
    "zip rar 7z gz tgz bz2 xz tar cab jar apk bin dat tmp log txt ini cfg conf json xml csv "
    "doc docx docm xls xlsx xlsm ppt pptx pdf rtf one py pyc rb php asp aspx jsp elf "
    "png jpg jpeg gif svg html htm mov mp4 dmg pkg deb rpm".split()
)
#: Documentation and example networks (RFC 5737, RFC 3849, RFC 9637).
_DOCUMENTATION = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20")
)
_CIDR_SUFFIX = re.compile(r"/(?:3[0-2]|[12]?[0-9])(?![0-9])")
#: Private-use networks: RFC 1918, shared address space (RFC 6598), unique local (RFC 4193).
_PRIVATE = tuple(
    ipaddress.ip_network(net)
    for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
)
SCOPES = ("public", "private", "loopback", "link-local", "documentation", "reserved")


def trim_url(url: str) -> str:
    """
    ``url`` without the trailing punctuation of the text around it.

    Parameters
    ----------
    url : str
        A URL as matched.

    Returns
    -------
    str
        The URL, trimmed of trailing quotes, semicolons, commas, full stops and closing
        brackets the URL did not open.

    """
    while url:
        last = url[-1]
        if last in _URL_TAIL:
            url = url[:-1]
        elif last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last]):
            url = url[:-1]
        else:
            break
    return url


def split_key_prefix(email: str) -> str:
    """``email`` without a glued-on ``key=`` field name (``FROM=a@b.c`` is ``a@b.c``)."""
    return _KEY_PREFIX.sub("", email, count=1)


def strip_escape_tail(value: str, before: str) -> str:
    """
    ``value`` without the two hex digits of a percent-escape it was matched after.

    Parameters
    ----------
    value : str
        A domain or URL as matched.
    before : str
        The character of the input just before the match ("" at the start).

    Returns
    -------
    str
        ``value[2:]`` when the match starts inside ``%XX`` and what remains still
        contains a dot; otherwise ``value``.

    """
    if before == "%" and re.match(r"[0-9A-Fa-f]{2}", value) and "." in value[2:]:
        return value[2:]
    return value


def file_like_host(value: str, after: str) -> bool:
    """
    Whether the host name ``value`` reads as a file name.

    Parameters
    ----------
    value : str
        A host name as matched.
    after : str
        The input text just after the match (letters and digits glued on, such as the
        ``1`` of ``a.ps1``, belong to the name).

    Returns
    -------
    bool
        True when the name has two labels and its last label, with what follows it,
        is a common file extension.

    """
    labels = value.split(".")
    if len(labels) != 2 or not labels[0]:
        return False
    glued = re.match(r"[A-Za-z0-9]*", after)
    extension = (labels[1] + (glued.group(0) if glued else "")).lower()
    return extension in FILE_EXTENSIONS


def address_scope(value: str) -> str:
    """
    Scope of an IP address: public, private, loopback, link-local, documentation, reserved.

    Parameters
    ----------
    value : str
        An IPv4 or IPv6 address.

    Returns
    -------
    str
        One of :data:`SCOPES`; "public" when the text is not an address.

    """
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return "public"
    if _within(address, _DOCUMENTATION):
        return "documentation"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if _within(address, _PRIVATE):
        return "private"
    if address.is_global and not address.is_multicast:
        return "public"
    return "reserved"


def _within(address: ipaddress.IPv4Address | ipaddress.IPv6Address, nets: tuple) -> bool:
    return any(address in net for net in nets if net.version == address.version)


def clean_observable(
    kind: str, value: str, text: str, start: int, end: int
) -> tuple[str, str] | None:
    """
    The cleaned ``(kind, value)`` of one match in ``text[start:end]``, or None to drop it.

    Parameters
    ----------
    kind : str
        IoC type as extracted.
    value : str
        Observable as extracted (re-fanged).
    text : str
        The input cell the match came from.
    start, end : int
        Character offsets of the match in ``text``.

    Returns
    -------
    tuple[str, str] or None
        The kind (``file_name`` for a file-name-like host) and the cleaned value; None
        for an IPv4 address that is the base of a CIDR range matched as ``ipv4_cidr``
        and for the path tail of a URL.

    """
    if kind == "url":
        return kind, trim_url(value)
    if kind == "email":
        return kind, split_key_prefix(value)
    # Cheap tests first: most addresses and host names need no change (large inputs hold
    # hundreds of thousands of them).
    if kind == "ipv4":
        if text[end : end + 1] != "/" or not _CIDR_SUFFIX.match(text, end):
            return kind, value
        return None if not text.endswith("://", 0, start) else (kind, value)
    if kind in ("linux_path", "windows_path"):
        # msticpy's path pattern also matches the "//host/path" tail of every URL.
        if value.startswith("//") and text.endswith(":", 0, start):
            return None
        return kind, value.rstrip(_PATH_TAIL) or value
    if kind == "dns":
        if 0 < start <= len(text) and text[start - 1] == "%":
            value = strip_escape_tail(value, "%")
        if value.count(".") != 1:
            return kind, value
        after = text[end : end + 16]
        # The host of a URL is a host even when its last label is also a file extension.
        if not text.endswith("://", 0, start) and file_like_host(value, after):
            glued = re.match(r"[A-Za-z0-9]*", after)
            return "file_name", value + (glued.group(0) if glued else "")
    return kind, value
