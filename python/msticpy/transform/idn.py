"""
Internationalised and look-alike domain names (beyond msticpy).

``IoCExtract(extended=True)`` reports whole internationalised domain names (IDNs) as
``idn_domain`` (Unicode form), ``idn_punycode`` (ASCII form) and ``idn_confusable``
(the names flagged below). :func:`idn_info` describes one name: its two forms, the
scripts of its labels, whether a label mixes scripts, its Unicode TS #39 confusable
skeleton and the brand (from :func:`idn_brands`) whose skeleton one of its labels
shares. See ``docs/ioc_extraction.md`` ("Internationalised and look-alike domains").
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["IdnInfo", "idn_brands", "idn_info"]


class IdnInfo(NamedTuple):
    """What is known about one internationalised domain name."""

    #: Unicode form (UTS #46 mapped: lower case, NFC), e.g. ``bücher.de``.
    unicode: str
    #: ASCII form with ``xn--`` labels, e.g. ``xn--bcher-kva.de``.
    punycode: str
    #: Scripts of the labels below the public suffix (``Latin``, ``Cyrillic``, ...).
    scripts: tuple[str, ...]
    #: True when one label mixes scripts (UTS #39 resolved script set is empty).
    mixed_script: bool
    #: True for a mixed-script name, a name imitating a brand, or a non-ASCII label
    #: whose skeleton is plain ASCII (it reads as an ASCII name it is not).
    confusable: bool
    #: UTS #39 skeleton of the Unicode form.
    skeleton: str
    #: The brand one label imitates (same skeleton, different text), or None.
    imitates: str | None


def idn_info(name: str) -> IdnInfo | None:
    """
    Describe an internationalised domain name.

    Parameters
    ----------
    name : str
        A domain in Unicode (``bücher.de``), punycode (``xn--bcher-kva.de``) or
        defanged (``bücher[.]de``) form.

    Returns
    -------
    IdnInfo or None
        None when ``name`` is not a valid internationalised name: invalid punycode or
        characters IDNA disallows, plain ASCII after UTS #46 mapping (``example.com``,
        ``example.com`` in fullwidth letters), or no public suffix.

    Raises
    ------
    TypeError
        If ``name`` is not a ``str``.

    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    from .. import _native

    found = _native.idn_info(name)
    if found is None:
        return None
    unicode, punycode, scripts, mixed, confusable, skeleton, imitates = found
    return IdnInfo(unicode, punycode, tuple(scripts), mixed, confusable, skeleton, imitates)


def idn_brands() -> list[str]:
    """Return the brand names that :func:`idn_info` compares labels with."""
    from .. import _native

    return list(_native.idn_brands())
