"""
Install missing packages on request (``init_notebook(additional_packages=...)``).

Nothing is installed unless the caller names the packages: each requirement is checked
against the installed distributions first, and only the missing or too-old ones are passed
to ``python -m pip install`` in a subprocess (``--user`` when asked).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version

from ..common.exceptions import MsticpyUserError

__all__ = ["check_and_install_missing_packages", "missing_packages"]


def _parse(requirement: str) -> tuple[str, object | None]:
    """Split a requirement into its distribution name and specifier set (None: any)."""
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:
        # Without packaging only bare names can be checked; a constraint is re-checked by pip.
        name = re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0]
        return name, None if name == requirement.strip() else "unchecked"
    try:
        parsed = Requirement(requirement)
    except InvalidRequirement as err:
        raise MsticpyUserError(f"Invalid package requirement {requirement!r}: {err}") from err
    return parsed.name, parsed.specifier


def missing_packages(requirements: Iterable[str]) -> list[str]:
    """
    Return the requirements that the installed distributions do not satisfy.

    Parameters
    ----------
    requirements : Iterable[str]
        Requirement strings such as ``"networkx"`` or ``"pandas>=2.2"``.

    Returns
    -------
    list[str]
        The unsatisfied requirements, in the given order.

    Raises
    ------
    MsticpyUserError
        If a requirement string is not valid.

    """
    missing = []
    for requirement in requirements:
        name, specifier = _parse(requirement)
        try:
            installed = version(name)
        except PackageNotFoundError:
            missing.append(requirement)
            continue
        if specifier == "unchecked":
            missing.append(requirement)
        elif specifier is not None and installed not in specifier:  # type: ignore[operator]
            missing.append(requirement)
    return missing


def check_and_install_missing_packages(
    required_packages: list[str] | str, user: bool = False, upgrade: bool = False
) -> bool:
    """
    Install (with pip) the required packages that are not installed.

    Parameters
    ----------
    required_packages : list[str] | str
        Requirements; a string may hold several, comma-separated.
    user : bool, optional
        Pass ``--user`` to pip, by default False.
    upgrade : bool, optional
        Pass ``--upgrade`` to pip, by default False.

    Returns
    -------
    bool
        True if everything was already installed or pip succeeded for every package.

    Raises
    ------
    MsticpyUserError
        If a requirement string is not valid.

    """
    if isinstance(required_packages, str):
        required_packages = [req.strip() for req in required_packages.split(",") if req.strip()]
    missing = missing_packages(required_packages)
    if not missing:
        print("All packages are already installed")
        return True
    print("Missing packages to be installed:", *missing)
    options = (["--user"] if user else []) + (["--upgrade"] if upgrade else [])
    success = True
    for requirement in missing:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "install", *options, requirement],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(f"An error occurred installing {requirement}:", proc.stderr[-2000:])
            success = False
    return success
