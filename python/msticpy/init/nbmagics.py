"""
IPython magics: ``%%ioc`` and ``%%b64`` (msticpy's ``IoCExtractMagic``, ``Base64Magic``).

Registered when an IPython shell is running and ``msticpy.sectools`` or this module is
imported; importing never imports IPython itself.
"""

from __future__ import annotations

import sys
from typing import Any


def ioc_magic(line: str = "", cell: str | None = None, shell: Any = None) -> list:
    """
    Run IoC extraction on a cell (or line) of text.

    ``%%ioc [--out VAR] [--ioc_types a,b]``: returns ``[(ioc_type, [observables])]``
    and, with ``--out``, stores it in the user namespace as ``VAR``.
    """
    import argparse
    import shlex

    from ..transform.iocextract import IoCExtract

    parser = argparse.ArgumentParser(prog="%%ioc", add_help=False)
    parser.add_argument("--out", "-o")
    parser.add_argument("--ioc_types", "-i")
    args, rest = parser.parse_known_args(shlex.split(line or ""))
    ioc_types = [t.strip() for t in args.ioc_types.split(",")] if args.ioc_types else None
    text = cell if cell is not None else " ".join(rest)
    results = IoCExtract().extract(src=text, ioc_types=ioc_types) if text.strip() else {}
    iocs = [(ioc_type, list(found)) for ioc_type, found in results.items()]
    if args.out and shell is not None:
        shell.user_ns[args.out] = iocs
    return iocs


_STRIP_TAGS = r"</?decoded[^>]*>"


def b64_magic(line: str = "", cell: str | None = None, shell: Any = None) -> str:
    """
    Decode base64 in a cell (or line) of text: ``%%b64 [--out VAR] [--clean] [--utf16]``.

    Returns the decoded text with msticpy's ``<decoded ...>`` markup (``--clean`` strips
    it); ``--out VAR`` stores ``(text, records_frame)`` in the user namespace.
    ``--pretty`` is accepted and returns the text unchanged (msticpy needs BeautifulSoup).
    """
    import argparse
    import re
    import shlex

    from ..transform.base64unpack import unpack

    if cell is None:
        return unpack(line)[0]
    parser = argparse.ArgumentParser(prog="%%b64", add_help=False)
    parser.add_argument("--out", "-o")
    parser.add_argument("--pretty", "-p", action="store_true")
    parser.add_argument("--clean", "-c", action="store_true")
    parser.add_argument("--utf16", "-u", action="store_true")
    args, _ = parser.parse_known_args(shlex.split(line or ""))
    results, frame = unpack(cell, utf16=args.utf16)
    if args.clean:
        results = re.sub(_STRIP_TAGS, "", results)
    if args.out and shell is not None:
        shell.user_ns[args.out] = (results, frame)
    return results


def register_magics_if_ipython() -> bool:
    """Register ``%%ioc`` if an IPython shell is active; return True if registered."""
    if "IPython" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False

    def ioc(line: str = "", cell: str | None = None) -> list:
        return ioc_magic(line, cell, shell)

    def b64(line: str = "", cell: str | None = None) -> str:
        return b64_magic(line, cell, shell)

    ioc.__doc__ = ioc_magic.__doc__
    b64.__doc__ = b64_magic.__doc__
    shell.register_magic_function(ioc, magic_kind="line_cell", magic_name="ioc")
    shell.register_magic_function(b64, magic_kind="line_cell", magic_name="b64")
    return True


register_magics_if_ipython()
