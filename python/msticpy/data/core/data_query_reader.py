"""
Reading query definition files (msticpy's ``data_query_reader``), parsed in Rust.

Files are read, parsed (YAML), validated and macro-expanded by
``mstic_core::query::definition`` on several threads without the GIL; errors name
the file, the query and the key.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import Any

from ...common.exceptions import QueryDefinitionError

__all__ = ["find_yaml_files", "load_query_files", "read_query_def_file", "validate_query_defs"]

#: Problems that make msticpy skip a file with a warning (rather than fail).
FILE_LEVEL_KEYS = frozenset(
    {"(document)", "sources", "metadata", "metadata.data_environments", "metadata.data_families"}
)


def find_yaml_files(source_path: str, recursive: bool = True) -> Iterable[Path]:
    """
    Yield the ``*.yaml`` and ``*.yml`` files under ``source_path``.

    Parameters
    ----------
    source_path : str
        Folder to search.
    recursive : bool, optional
        Search sub-folders too (default True).

    """
    prefix = "**/" if recursive else ""
    root = Path(source_path)
    for path in chain(root.glob(f"{prefix}*.yaml"), root.glob(f"{prefix}*.yml")):
        if path.is_file():
            yield path


def _problem_error(problem: tuple[str, str | None, str, str]) -> QueryDefinitionError:
    file, query, key, reason = problem
    where = f"query '{query}': " if query else ""
    error = QueryDefinitionError(f"{file}: {where}key '{key}': {reason}")
    error.file, error.query, error.key, error.reason = file, query, key, reason  # type: ignore[attr-defined]
    return error


#: Parsed query files of this process: path -> ((mtime_ns, size), JSON text). A file is
#: parsed again when its modification time or size changes; the JSON text (not the
#: parsed dict) is kept so every caller gets fresh objects it may change.
_PARSED: dict[str, tuple[tuple[int, int], str]] = {}
_PARSED_LOCK = threading.Lock()


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def load_query_files(
    paths: list[str],
) -> list[tuple[str, dict[str, Any] | None, QueryDefinitionError | None]]:
    """
    Load many query files in parallel.

    A file already loaded in this process and unchanged since (same modification time
    and size) is not parsed again: a second ``QueryProvider`` costs little.

    Returns
    -------
    list
        ``(path, document, error)`` per file: the parsed document, or the error
        (``error.key`` in ``FILE_LEVEL_KEYS`` for files msticpy skips).

    """
    from ... import _native

    stamps = {path: _stamp(path) for path in paths}
    with _PARSED_LOCK:
        known = {
            path: _PARSED[path][1]
            for path, stamp in stamps.items()
            if stamp is not None and path in _PARSED and _PARSED[path][0] == stamp
        }
    to_parse = [path for path in paths if path not in known]
    parsed = dict(zip(to_parse, _native.query_load_files(to_parse))) if to_parse else {}
    results: list[tuple[str, dict[str, Any] | None, QueryDefinitionError | None]] = []
    for path in paths:
        if path in known:
            results.append((path, json.loads(known[path]), None))
            continue
        text, problem = parsed[path]
        if problem is not None:
            results.append((path, None, _problem_error(problem)))
            continue
        stamp = stamps[path]
        if stamp is not None and stamp == _stamp(path):  # unchanged while it was read
            with _PARSED_LOCK:
                _PARSED[path] = (stamp, text or "{}")
        results.append((path, json.loads(text or "{}"), None))
    return results


def read_query_def_file(query_file: str) -> tuple[dict, dict, dict]:
    """
    Read one query definition file.

    Returns
    -------
    tuple[dict, dict, dict]
        ``sources``, ``defaults`` and ``metadata``.

    Raises
    ------
    QueryDefinitionError
        (a ``ValueError``) naming the file, query and key of the problem.

    """
    ((_, document, error),) = load_query_files([str(query_file)])
    if error is not None:
        raise error
    document = document or {}
    return document.get("sources", {}), document.get("defaults", {}), document.get("metadata", {})


def validate_query_defs(query_def_dict: dict[str, Any]) -> bool:
    """
    Check a parsed definition's structure (msticpy's file-level checks).

    Raises
    ------
    ValueError
        Saying what is missing.

    """
    if not query_def_dict:
        raise ValueError("Imported file is empty")
    if not query_def_dict.get("sources"):
        raise ValueError("Imported file has no sources defined")
    metadata = query_def_dict.get("metadata")
    if not metadata:
        raise ValueError("Imported file has no metadata defined")
    if not metadata.get("data_environments"):
        raise ValueError("Imported file has no data_environments defined")
    if not metadata.get("data_families"):
        raise ValueError("Imported file has no data families defined")
    return True
