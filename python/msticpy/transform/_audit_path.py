"""
Argument checks for ``auditdextract.read_from_file``: the path's type and existence.

msticpy hands the path to ``pandas.read_csv``: a missing file gives a
``FileNotFoundError`` naming the path and a non-path argument a ``ValueError``. Here a
non-path argument is a ``TypeError`` (Python's convention for a wrong argument type; the
native reader would otherwise report "No such file or directory" for ``123``), and every
``OSError`` names the path, as ``open()`` does.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["checked_path", "os_errors_name"]

_OS_ERROR_CODE = re.compile(r"\(os error (\d+)\)")


def checked_path(filepath: Any) -> str:
    """
    Return `filepath` as text after checking it names an existing file.

    Raises
    ------
    TypeError
        If `filepath` is not a ``str`` or ``os.PathLike`` of ``str``.
    FileNotFoundError, IsADirectoryError, PermissionError
        If the path cannot be a readable file; the exception names the path.

    """
    if not isinstance(filepath, (str, os.PathLike)):
        raise TypeError(
            "read_from_file: filepath must be a path (str or os.PathLike), "
            f"not {type(filepath).__name__}"
        )
    path = os.fspath(filepath)
    if not isinstance(path, str):
        raise TypeError(f"read_from_file: filepath must be a text path, not {type(path).__name__}")
    os.stat(path)  # FileNotFoundError / PermissionError with errno and the path
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    return path


@contextmanager
def os_errors_name(path: str) -> Iterator[None]:
    """Re-raise an ``OSError`` that lacks a file name (the native reader's) naming `path`."""
    try:
        yield
    except OSError as err:
        if err.filename is not None:
            raise
        found = _OS_ERROR_CODE.search(str(err))
        if found is None:
            raise
        code = int(found.group(1))
        error_class: Callable[..., OSError] = type(err)
        raise error_class(code, os.strerror(code), path) from None
