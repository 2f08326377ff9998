"""Package helpers: paths inside msticpy, Python version, packages, user agent, tests."""

from __future__ import annotations

import glob
import importlib
import os
import re
import subprocess  # nosec - runs pip with fixed arguments
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from platform import python_version
from typing import Any

from ..._version import VERSION
from .ipython import is_ipython
from .types import export

__all__: list[str] = []

_PKG_ROOT = Path(__file__).resolve().parents[2]


@export
def resolve_pkg_path(part_path: str) -> str | None:
    """
    Return ``part_path`` resolved inside the msticpy package.

    Absolute paths are returned unchanged; a relative path is tried under the package
    folder, then searched for anywhere below it (a unique match is returned).

    Returns
    -------
    str or None
        The path, or None (with a warning) when it is missing or ambiguous.

    """
    if Path(part_path).is_absolute():
        return part_path
    direct = _PKG_ROOT.joinpath(part_path)
    if direct.exists():
        return str(direct)
    found = {
        str(path)
        for path in _PKG_ROOT.glob(str(Path("**").joinpath(part_path)))
        if ".mypy_cache" not in str(path)
    }
    if len(found) != 1:
        warnings.warn(f"No path or ambiguous match for {part_path}", stacklevel=2)
        return None
    return found.pop()


@export
def check_py_version(min_ver: tuple | float | str = (3, 6)) -> None:
    """
    Exit with a message if Python is older than ``min_ver``.

    Parameters
    ----------
    min_ver : tuple, float or str, optional
        Minimum version, e.g. ``(3, 8)``, ``3.8`` or ``"3.8"`` (default 3.6).

    Raises
    ------
    SystemExit
        If the running Python is older.

    """
    if isinstance(min_ver, float | str):
        major, minor = str(min_ver).split(".")[:2]
        min_ver = (int(major), int(minor))
    if sys.version_info < tuple(min_ver):
        print("Select a kernel with a newer Python (Kernel -> Change Kernel).")
        raise SystemExit(f"Python {min_ver[0]}.{min_ver[1]} or later is required.\n")


def _missing(requirement: str) -> bool:
    """True when ``requirement`` ("name" or "name>=1.2") is not satisfied."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        from packaging.requirements import Requirement
    except ImportError:
        name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
        try:
            version(name)
        except PackageNotFoundError:
            return True
        return False
    req = Requirement(requirement)
    try:
        installed = version(req.name)
    except PackageNotFoundError:
        return True
    return installed not in req.specifier


@export
def check_and_install_missing_packages(
    required_packages: list[str] | str,
    force_notebook: bool = False,
    user: bool = False,
    upgrade: bool = False,
) -> bool:
    """
    Install the packages in ``required_packages`` that are missing (with pip).

    Parameters
    ----------
    required_packages : list[str] or str
        Requirements such as ``"pandas>=2.2"`` (a string may be comma-separated).
    force_notebook : bool, optional
        Kept for msticpy compatibility (progress is printed per package).
    user : bool, optional
        Pass ``--user`` to pip.
    upgrade : bool, optional
        Pass ``--upgrade`` to pip.

    Returns
    -------
    bool
        True if everything was installed (or already present).

    """
    del force_notebook
    if isinstance(required_packages, str):
        required_packages = [p.strip() for p in required_packages.split(",") if p.strip()]
    missing = [req for req in required_packages if _missing(req)]
    if not missing:
        print("All packages are already installed")
        return True
    print("Missing packages to be installed:", *missing)
    command = [sys.executable, "-m", "pip", "install"]
    if user:
        command.append("--user")
    if upgrade:
        command.append("--upgrade")
    success = True
    for package in missing:
        result = subprocess.run([*command, package], capture_output=True, check=False)  # nosec
        if result.returncode:
            print(f"An error occurred while installing {package}.")
            print(result.stderr.decode(errors="replace"))
            success = False
        else:
            print(f"{package} installed.")
    return success


def _user_agent() -> str:
    return f"MSTICPy{VERSION}-Python{python_version()}-{sys.platform}"


MSTICPY_USER_AGENT = _user_agent()


@export
def mp_ua_header() -> dict[str, str]:
    """Return the HTTP header dict carrying msticpy's user agent."""
    return {"UserAgent": _user_agent()}


@export
def search_for_file(pattern: str, paths: Iterable[str | Path] | None = None) -> str | None:
    """
    Return the first file matching glob ``pattern`` under ``paths`` (default ``.``, ``..``).

    Returns
    -------
    str or None
        The first match, or None.

    """
    for start in paths or (".", ".."):
        if not start:
            continue
        for found in glob_paths(start, pattern):
            return str(found)
    return None


def glob_paths(start: str | Path, pattern: str) -> Iterator[Path]:
    """
    Yield the paths under ``start`` that match glob ``pattern``, as ``Path.glob`` names them.

    Folders that cannot be read, or that vanish during the walk, are skipped: ``Path.glob``
    raises on them (a temporary folder removed by another process beside the notebook
    was enough to break a ``**/config.json`` search of the parent folder).
    """
    options: dict[str, Any] = {"include_hidden": True} if sys.version_info >= (3, 11) else {}
    for name in glob.iglob(pattern, root_dir=start, recursive=True, **options):
        yield Path(start, name)


@export
def search_module(pattern: str) -> dict[str, str]:
    """
    Return msticpy modules whose path matches ``pattern`` (substring or regex).

    Returns
    -------
    dict[str, str]
        Module name -> its msticpy documentation page.

    """
    template = "https://msticpy.readthedocs.io/en/latest/api/{}.html"
    modules = set()
    for path in _PKG_ROOT.rglob("*.py"):
        if path.name == "__init__.py" or not re.search(pattern, str(path)):
            continue
        relative = path.relative_to(_PKG_ROOT.parent).with_suffix("")
        modules.add(".".join(relative.parts))
    return {module: template.format(module) for module in sorted(modules)}


@export
def search_name(pattern: str) -> None:
    """Print (or, in a notebook, display as a table) the modules `search_module` finds."""
    found = search_module(pattern)
    if not is_ipython(notebook=True):
        print("\n".join(f"{mod}:\t{uri}" for mod, uri in found.items()))
        return
    from html import escape

    from IPython.display import HTML, display

    rows = "".join(
        f"<tr><td>{escape(mod)}</td><td><a href='{uri}' target='_blank'>{escape(mod)}</a></td></tr>"
        for mod, uri in found.items()
    )
    display(
        HTML(
            f"<h4>Modules matching '{escape(pattern)}'</h4>"
            f"<table><tr><th>Module</th><th>Help</th></tr>{rows}</table>"
        )
    )


_U_TEST_ENV = "PYTEST_CURRENT_TEST"


@export
def unit_testing() -> bool:
    """Return True when running under pytest (its ``PYTEST_CURRENT_TEST`` is set)."""
    return _U_TEST_ENV in os.environ


@export
def set_unit_testing(on: bool = True) -> None:
    """Set (or clear, with ``on=False``) the flag `unit_testing` reads."""
    if on:
        os.environ[_U_TEST_ENV] = "True"
    else:
        os.environ.pop(_U_TEST_ENV, None)


def init_getattr(module_name: str, dynamic_imports: dict[str, str], attrib: str) -> Any:
    """Import ``attrib`` from the module ``dynamic_imports`` names for it."""
    if attrib in dynamic_imports:
        return getattr(importlib.import_module(dynamic_imports[attrib]), attrib)
    raise AttributeError(f"{module_name} has no attribute {attrib}")


def init_dir(static_attribs: list[str], dynamic_imports: dict[str, str]) -> list[str]:
    """Return the sorted names a lazily-importing module offers."""
    return sorted(set(static_attribs) | set(dynamic_imports))


def delayed_import(module: str, attrib: str, call: bool = False) -> Callable[..., Any]:
    """Return a function that imports ``module.attrib`` on first use (and calls it)."""
    cache: list[Any] = []

    def import_item(*args: Any, **kwargs: Any) -> Any:
        if not cache:
            cache.append(getattr(importlib.import_module(module), attrib))
        item = cache[0]
        return item(*args, **kwargs) if call and callable(item) else item

    return import_item
