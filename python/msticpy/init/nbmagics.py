"""
IPython magics ``%%ioc`` and ``%%b64`` (msticpy 3.0.2's ``IoCExtractMagic`` and ``Base64Magic``).

The behaviour follows msticpy 3.0.2 option for option:

* ``%%ioc [--out/-o VAR] [--ioc_types/-i a,b]`` runs ``IoCExtract().extract`` on the cell and
  returns ``[(ioc_type, [observables, ...]), ...]``; ``--out VAR`` stores the *dict* that
  ``extract`` returned (``{ioc_type: set(observables)}``), so ``VAR.items()`` works.
  As a line magic (``%ioc ...``) the whole line is both the options and the text, exactly as
  in msticpy: options are parsed and the full line is scanned.
* ``%%b64 [--out/-o VAR] [--pretty/-p] [--clean/-c] [--utf16/-u]`` runs ``base64unpack.unpack``
  on the cell and returns the decoded text (``<decoded ...>`` markup unless ``--clean``);
  ``--out VAR`` stores ``(text, frame)``. As a line magic (``%b64 text``) the line is decoded
  with no option parsing. ``--pretty`` wraps the text in a ``decoded_string`` element and
  indents it as XML when BeautifulSoup is installed, and leaves it unchanged otherwise.

Unknown options raise IPython's ``UsageError``, as in msticpy. Importing this module never
imports IPython: the magics are registered on an active shell by
:func:`register_magics_if_ipython` (called on import, by ``msticpy.sectools`` and by
``init_notebook``). ``Base64Magic`` and ``IoCExtractMagic`` (IPython ``Magics`` classes) are
built on first access.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import MutableMapping
from typing import Any

__all__ = ["b64_magic", "ioc_magic", "register_magics_if_ipython"]

_STRIP_TAGS = r"</?decoded[^>]*>"

# Options of each magic: (long, short, help, is_flag). Both magics take only these.
_IOC_OPTIONS = (
    ("--out", "-o", "The variable to return the results in", False),
    ("--ioc_types", "-i", "The types of IoC to search for (comma-separated string)", False),
)
_B64_OPTIONS = (
    ("--out", "-o", "The variable to return the results in", False),
    ("--pretty", "-p", "Print formatted version of output", True),
    ("--clean", "-c", "Print decoded string with no formatting", True),
    ("--utf16", "-u", "Decode to UTF-16.", True),
)


def _parse(prog: str, options: tuple[tuple[str, str, str, bool], ...], line: str) -> Any:
    """
    Parse magic options the way IPython's ``magic_arguments`` does.

    Raises
    ------
    UsageError
        (IPython's) for an unknown option or a missing option value, when IPython is
        installed; ``ValueError`` otherwise.

    """
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> Any:  # argparse would call sys.exit
            try:
                from IPython.core.error import UsageError
            except ImportError:
                raise ValueError(f"{prog}: {message}") from None
            raise UsageError(message)

    parser = _Parser(prog=prog, add_help=False)
    for long_name, short_name, help_text, is_flag in options:
        if is_flag:
            parser.add_argument(long_name, short_name, help=help_text, action="store_true")
        else:
            parser.add_argument(long_name, short_name, help=help_text)
    return parser.parse_args(_split(line or ""))


def _split(line: str) -> list[str]:
    """Split a magic line as IPython's ``magic_arguments`` does (quotes are kept)."""
    try:
        from IPython.utils.process import arg_split
    except ImportError:
        lexer = shlex.shlex(line, posix=False)
        lexer.whitespace_split = True
        return list(lexer)
    return list(arg_split(line))


def ioc_magic(
    line: str = "",
    cell: str | None = None,
    shell: Any = None,
    user_ns: MutableMapping[str, Any] | None = None,
) -> list[tuple[str, list[str]]]:
    """
    Extract IoCs from a cell (or a line) of text: the body of ``%%ioc``.

    Parameters
    ----------
    line : str, optional
        The magic's line: ``[--out VAR] [--ioc_types a,b]``, by default "".
    cell : str, optional
        The cell text; None for the line magic, whose line is also the text to scan.
    shell : Any, optional
        The IPython shell whose ``user_ns`` receives ``--out``.
    user_ns : MutableMapping[str, Any], optional
        Namespace for ``--out`` when there is no shell.

    Returns
    -------
    list[tuple[str, list[str]]]
        ``(ioc_type, observables)`` for each type found, in ``extract``'s order.

    """
    from ..transform.iocextract import IoCExtract

    args = _parse("%%ioc", _IOC_OPTIONS, line)
    ioc_types = None
    if args.ioc_types:
        ioc_types = [ioc_type.strip() for ioc_type in args.ioc_types.split(",")]
    text = line if cell is None else cell
    results = IoCExtract().extract(src=text, ioc_types=ioc_types)
    if args.out is not None:
        _store(shell, user_ns, args.out, results)
    return [(str(ioc_type), list(found)) for ioc_type, found in results.items()]


def b64_magic(
    line: str = "",
    cell: str | None = None,
    shell: Any = None,
    user_ns: MutableMapping[str, Any] | None = None,
) -> str:
    """
    Decode base64 (and archives) in a cell (or a line) of text: the body of ``%%b64``.

    Parameters
    ----------
    line : str, optional
        The magic's line: ``[--out VAR] [--pretty] [--clean] [--utf16]``, by default "".
        For the line magic (``cell`` None) the line is the text, with no options.
    cell : str, optional
        The cell text.
    shell : Any, optional
        The IPython shell whose ``user_ns`` receives ``--out``.
    user_ns : MutableMapping[str, Any], optional
        Namespace for ``--out`` when there is no shell.

    Returns
    -------
    str
        The decoded text.

    """
    from ..transform.base64unpack import unpack

    if cell is None:
        return unpack(line)[0]
    args = _parse("%%b64", _B64_OPTIONS, line)
    results, frame = unpack(cell, utf16=args.utf16)
    if args.clean:
        results = re.sub(_STRIP_TAGS, "", results)
    elif args.pretty:
        results = _pretty_xml(results)
    if args.out is not None:
        _store(shell, user_ns, args.out, (results, frame))
    return results


def _pretty_xml(text: str) -> str:
    """Indent the decoded text as XML with BeautifulSoup (if installed), as msticpy does."""
    try:
        from bs4 import BeautifulSoup
    except ImportError:
        return text
    return str(BeautifulSoup(f"<decoded_string>{text}</decoded_string>", "xml").prettify())


def _store(shell: Any, user_ns: MutableMapping[str, Any] | None, name: str, value: Any) -> None:
    """Put an ``--out`` value in the shell's (or the given) user namespace."""
    namespace = shell.user_ns if shell is not None else user_ns
    if namespace is not None:
        namespace[name] = value


def _magic_classes() -> dict[str, type]:
    """Build the IPython ``Magics`` classes (imports IPython; called on demand)."""
    from IPython.core.magic import Magics, line_cell_magic, magics_class

    @magics_class
    class Base64Magic(Magics):
        """The ``%%b64`` magic: decode base64 in the cell."""

        @line_cell_magic
        def b64(self, line: str = "", cell: str | None = None) -> str:
            """Decode base64: ``%%b64 [--out VAR] [--pretty] [--clean] [--utf16]``."""
            return b64_magic(line, cell, self.shell)

    @magics_class
    class IoCExtractMagic(Magics):
        """The ``%%ioc`` magic: extract IoCs from the cell."""

        @line_cell_magic
        def ioc(self, line: str = "", cell: str | None = None) -> list[tuple[str, list[str]]]:
            """Extract IoCs: ``%%ioc [--out VAR] [--ioc_types a,b]``."""
            return ioc_magic(line, cell, self.shell)

    return {"Base64Magic": Base64Magic, "IoCExtractMagic": IoCExtractMagic}


_CLASSES: dict[str, type] = {}


def __getattr__(name: str) -> Any:
    if name in ("Base64Magic", "IoCExtractMagic"):
        if not _CLASSES:
            _CLASSES.update(_magic_classes())
        return _CLASSES[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register_magics_if_ipython() -> bool:
    """
    Register ``%%ioc`` and ``%%b64`` on the running IPython shell, if there is one.

    Returns
    -------
    bool
        True if a shell was found and the magics are registered on it.

    """
    if "IPython" not in sys.modules:
        # No IPython loaded means no shell: importing it here would only cost time.
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    # Registering again replaces the previous instances: re-running is harmless.
    shell.register_magics(__getattr__("Base64Magic"))
    shell.register_magics(__getattr__("IoCExtractMagic"))
    return True


register_magics_if_ipython()
