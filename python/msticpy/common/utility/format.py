"""String checks and formatting: GUIDs, Python names, empty strings, IoC (de)fanging."""

from __future__ import annotations

import builtins
import re
import uuid
from typing import Any

from .types import export

__all__: list[str] = []


@export
def is_valid_uuid(uuid_str: Any) -> bool:
    """
    Return True if ``uuid_str`` is a GUID/UUID (any form ``uuid.UUID`` accepts).

    Parameters
    ----------
    uuid_str : str
        The text to test.

    Returns
    -------
    bool
        True for a valid GUID; False for anything else, including None.

    """
    if not uuid_str:
        return False
    try:
        uuid.UUID(uuid_str)
    except (ValueError, TypeError, AttributeError):
        return False
    return True


#: ``dir(builtins)`` once: building it per call was a third of QueryProvider start-up.
_BUILTIN_NAMES = frozenset(dir(builtins))


@export
def valid_pyname(identifier: str) -> str:
    """
    Return ``identifier`` as a legal Python name that does not shadow a builtin.

    Builtin names get ``_bi`` appended, other characters become ``_``, and a leading
    digit gets ``n_`` in front (msticpy's rules).
    """
    if identifier in _BUILTIN_NAMES:
        identifier = f"{identifier}_bi"
    identifier = re.sub("[^a-zA-Z0-9_]", "_", identifier)
    if identifier[:1].isdigit():
        identifier = f"n_{identifier}"
    return identifier


@export
def string_empty(string: str | None) -> bool:
    """Return True if ``string`` is None, empty or only whitespace."""
    return not (isinstance(string, str) and string.strip())


@export
def is_not_empty(test_object: Any) -> bool:
    """Return True if ``test_object`` is truthy (for strings: not only whitespace)."""
    if isinstance(test_object, str):
        return bool(test_object.strip())
    return bool(test_object)


@export
def escape_windows_path(str_path: str) -> str:
    """Double each backslash in ``str_path``."""
    return str_path.replace("\\", "\\\\") if is_not_empty(str_path) else str_path


@export
def unescape_windows_path(str_path: str) -> str:
    """Turn doubled backslashes in ``str_path`` back into single ones."""
    return str_path.replace("\\\\", "\\") if is_not_empty(str_path) else str_path


@export
def defang_ioc(ioc: str, ioc_type: str | None = None) -> str:
    """
    Return ``ioc`` made safe to display: dots become ``[.]``.

    Emails also get ``@`` -> ``[AT]``; URLs get ``http`` -> ``hXXp`` and ``ftp`` -> ``fXp``.
    """
    if ioc_type == "email":
        ioc = ioc.replace("@", "[AT]")
    elif ioc_type == "url":
        ioc = ioc.replace("http", "hXXp").replace("ftp", "fXp")
    return ioc.replace(".", "[.]")


@export
def refang_ioc(ioc: str, ioc_type: str | None = None) -> str:
    """Undo `defang_ioc`."""
    if ioc_type == "email":
        ioc = ioc.replace("[AT]", "@")
    elif ioc_type == "url":
        ioc = ioc.replace("hXXp", "http").replace("fXp", "ftp")
    return ioc.replace("[.]", ".")
