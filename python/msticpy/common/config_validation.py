"""Glue between ``pkg_config.validate_config`` and the core's validator."""

from __future__ import annotations

import json
import os
from collections import UserDict
from collections.abc import Mapping
from importlib.util import find_spec
from typing import Any


def _plain(value: Any) -> Any:
    """JSON fallback: UserDicts become dicts, anything else its text form."""
    if isinstance(value, UserDict):
        return dict(value)
    return str(value)


def run_validation(
    mp_config: Mapping[str, Any], schema_document: Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """
    Return ``(errors, warnings)`` for ``mp_config`` under the schema document.

    Environment variables are passed to the core only as "set and non-empty" flags, so
    no value (secret) crosses into it; needed Python packages are checked here.
    """
    from .. import _native

    settings_json = json.dumps(dict(mp_config), default=_plain)
    schema_json = json.dumps(dict(schema_document))
    env = {name: bool(value) for name, value in os.environ.items()}
    report = json.loads(_native.config_validate(settings_json, schema_json, env))
    errors: list[str] = list(report["errors"])
    for path, package in report["packages"]:
        if find_spec(package) is None:
            errors.append(f"{path}: needs the Python package '{package}', which is not installed")
    return errors, list(report["warnings"])
