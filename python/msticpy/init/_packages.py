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


def _satisfied(requirement: str) -> bool:
    """Return True if an installed distribution satisfies ``requirement``."""
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:
        # Without packaging only a bare name can be checked; anything else goes to pip.
        name = requirement.strip()
        if re.search(r"[^A-Za-z0-9._-]", name):
            return False
        return _installed_version(name) is not None
    try:
        parsed = Requirement(requirement)
    except InvalidRequirement as err:
        raise MsticpyUserError(f"Invalid package requirement {requirement!r}: {err}") from err
    installed = _installed_version(parsed.name)
    return installed is not None and parsed.specifier.contains(installed, prereleases=True)


def _installed_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


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
    return [requirement for requirement in requirements if not _satisfied(requirement)]


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
