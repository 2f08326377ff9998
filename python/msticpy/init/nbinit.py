"""
Notebook initialisation: ``init_notebook`` (msticpy 3.0.2's ``msticpy.init.nbinit``).

``init_notebook()`` prepares a notebook in one call:

* imports the usual names into the notebook namespace (``pd``, ``np``, IPython's ``display``,
  ``HTML``, ``Markdown``, ``get_ipython``, ``Path``; ``msticpy``, ``QueryProvider``,
  ``entities`` and every entity class, ``nbmagics``, ``mp_pandas_accessors``,
  ``mp_pandas_plot``, ``WorkspaceConfig``, ``md``, ``md_warn``),
  plus any ``extra_imports``;
* registers the ``df.mp``/``df.mp_plot`` pandas accessors and the ``%%ioc``/``%%b64`` magics;
* checks that a ``msticpyconfig.yaml`` is found and valid (``MSTICPYCONFIG``, the current
  folder, ``~/.msticpy``) and reports what is wrong;
* sets pandas display options and ``WIDGET_DEFAULTS``, and optionally hooks IPython so that
  msticpy user errors show as a short message instead of a traceback
  (``friendly_exceptions``).

It makes no network call and installs nothing unless ``additional_packages`` is given.
Deliberate differences from msticpy 3.0.2 (see docs/notebook_start.md): no PyPI version
check (that is a network call), no Azure ML / Synapse set-up, and no pivot functions or
user-default providers (not part of this build); ``detect_env`` and the Synapse keyword
arguments are accepted and have no effect.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
import warnings
from collections.abc import Callable
from contextlib import redirect_stdout
from functools import wraps
from pathlib import Path
from typing import Any

from ..common.exceptions import MsticpyException, MsticpyUserError
from ..common.utility import check_kwargs
from ._packages import check_and_install_missing_packages

__all__ = [
    "VERBOSITY",
    "current_providers",
    "init_notebook",
    "list_default_imports",
    "reset_ipython_exception_handler",
]

#: Import specs: ``pkg`` (module), optional ``tgt`` (object or sub-module) and ``alias``.
_NB_IMPORTS: list[dict[str, str]] = [
    {"pkg": "pandas", "alias": "pd"},
    {"pkg": "IPython", "tgt": "get_ipython"},
    {"pkg": "IPython.display", "tgt": "display"},
    {"pkg": "IPython.display", "tgt": "HTML"},
    {"pkg": "IPython.display", "tgt": "Markdown"},
    {"pkg": "pathlib", "tgt": "Path"},
    {"pkg": "numpy", "alias": "np"},
    {"pkg": "seaborn", "alias": "sns", "optional": "yes"},
]

# msticpy 3.0.2 also imports ``Pivot`` (msticpy.init.pivot): not part of this build.
# Entries marked optional (seaborn) are skipped quietly when not installed.
_MP_IMPORTS: list[dict[str, str]] = [
    {"pkg": "msticpy"},
    {"pkg": "msticpy.data", "tgt": "QueryProvider"},
    {"pkg": "msticpy.common.utility", "tgt": "md"},
    {"pkg": "msticpy.common.utility", "tgt": "md_warn"},
    {"pkg": "msticpy.common.wsconfig", "tgt": "WorkspaceConfig"},
    {"pkg": "msticpy.datamodel", "tgt": "entities"},
    {"pkg": "msticpy.init", "tgt": "nbmagics"},
    {"pkg": "msticpy.vis", "tgt": "mp_pandas_plot"},
    {"pkg": "msticpy.init", "tgt": "mp_pandas_accessors"},
]

_MP_IMPORT_ALL: list[str] = ["msticpy.datamodel.entities"]

_INIT_KWARGS = [
    "user_install",
    "friendly_exceptions",
    "no_config_check",
    "verbosity",
    "verbose",
    "config",
    "detect_env",
    # Azure Synapse options: accepted for compatibility, unused (no Synapse set-up here).
    "identity_type",
    "storage_svc_name",
    "tenant_id",
    "cloud",
]

_CONF_URI = "https://msticpy.readthedocs.io/en/latest/getting_started/msticpyconfig.html"
_SENTINEL_ERRORS = ("Missing or empty 'AzureSentinel' section", "Missing or empty 'Workspaces'")

#: Providers loaded from user defaults (always empty in this build; kept for msticpy code).
current_providers: dict[str, Any] = {}


def _verbosity_holder() -> Callable[..., int]:
    """Return a getter/setter of the output level (0 silent, 1 brief, 2 detailed)."""
    level = 1

    def _verbosity(new_level: int | None = None) -> int:
        nonlocal level
        if new_level is not None:
            level = new_level
        return level

    return _verbosity


#: ``VERBOSITY()`` returns the output level; ``VERBOSITY(n)`` sets it.
VERBOSITY: Callable[..., int] = _verbosity_holder()


def init_notebook(
    namespace: dict[str, Any] | None = None,
    def_imports: str = "all",
    additional_packages: list[str] | None = None,
    extra_imports: list[str] | None = None,
    **kwargs: Any,
) -> None:
    """
    Initialise the notebook environment.

    Parameters
    ----------
    namespace : dict[str, Any], optional
        Namespace (usually ``globals()``) that receives the imports; by default the IPython
        shell's ``user_global_ns`` (outside IPython, a throw-away dict: pass ``globals()``).
    def_imports : str, optional
        Default imports: "all" (the default), "nb" (pandas, numpy, IPython display
        helpers...), "msticpy" (msticpy modules and classes) or anything else for none.
    additional_packages : list[str], optional
        Packages to install with pip if missing (``"name"`` or ``"name>=1.2"``). Nothing is
        installed unless this is given.
    extra_imports : list[str], optional
        More imports, each ``"source_pkg[, import_tgt][, alias]"``: ``"pkg"`` is
        ``import pkg``, ``"pkg, tgt"`` is ``from pkg import tgt``, ``"pkg, tgt, alias"``
        adds ``as alias``; ``"pkg, , alias"`` is ``import pkg as alias``.

    Other Parameters
    ----------------
    user_install : bool, optional
        Install ``additional_packages`` with ``pip install --user``, by default False.
    friendly_exceptions : bool, optional
        Show msticpy user errors (``MsticpyUserError``) as a short message instead of a
        traceback; by default the ``msticpy.FriendlyExceptions`` setting.
    verbose, verbosity : int | bool, optional
        Output level: 0 none (the default), 1 brief, 2 detailed (True is 2, False 0).
    config : str, optional
        Path of a ``msticpyconfig.yaml`` to use (sets ``MSTICPYCONFIG`` and reloads).
    no_config_check : bool, optional
        Skip the configuration check, by default False.
    detect_env : bool | list[str], optional
        Accepted for compatibility; this build does no Azure ML / Synapse set-up.

    Raises
    ------
    NameError
        For an unknown keyword argument (with the closest valid names).
    ValueError
        If ``config`` names a file that does not exist.
    MsticpyException
        If an ``extra_imports`` entry has no package name.

    """
    if namespace is None:
        shell = _shell()
        namespace = shell.user_global_ns if shell is not None else {}
    check_kwargs(kwargs, _INIT_KWARGS)
    user_install: bool = kwargs.pop("user_install", False)
    friendly_exceptions: bool | None = kwargs.pop("friendly_exceptions", None)
    no_config_check: bool = kwargs.pop("no_config_check", False)
    if "config" in kwargs:
        _use_config_file(kwargs.pop("config"))
    _set_verbosity(kwargs)

    _output("<hr><h4>Starting Notebook initialization...</h4>")
    _output("Processing imports....")
    imported = _global_imports(namespace, def_imports, additional_packages, user_install)
    if extra_imports:
        imported.extend(_import_extras(namespace, extra_imports))
    # Importing nbmagics registers the magics only the first time: register explicitly so a
    # shell started after that import gets them too.
    from .nbmagics import register_magics_if_ipython

    register_magics_if_ipython()
    _output(f"Imported:{', '.join(item for item in imported if item)}")

    conf_ok = True
    if not no_config_check:
        _output("Checking configuration....")
        conf_ok = _check_config()

    _output("Setting notebook options....")
    _set_nb_options(namespace)
    if friendly_exceptions is None:
        friendly_exceptions = bool(_setting("msticpy.FriendlyExceptions", None))
    if friendly_exceptions:
        if VERBOSITY() == 2:
            _output("Friendly exceptions enabled.")
        _hook_ipython_exceptions()
    if not conf_ok:
        _markdown("<font color='orange'><h3>Notebook setup completed with some warnings.</h3>")
        _markdown("One or more configuration items were missing or set incorrectly.")
        _markdown(f"See the <a href='{_CONF_URI}'>msticpy configuration guide</a>.")
        _markdown("This notebook may still run but with reduced functionality.")
    _output("<h4>Notebook initialization complete</h4>")


def list_default_imports() -> None:
    """Show the default imports of ``init_notebook`` as Python import statements."""
    for spec in _NB_IMPORTS + _MP_IMPORTS:
        if "tgt" in spec:
            statement = f"from {spec['pkg']} import {spec['tgt']}"
        else:
            statement = f"import {spec['pkg']}"
        if "alias" in spec:
            statement += f" as {spec['alias']}"
        _output(statement)
    for module_name in _MP_IMPORT_ALL:
        _output(f"from {module_name} import *")


def reset_ipython_exception_handler() -> None:
    """Remove the friendly-exception hook installed by ``init_notebook``."""
    try:
        from IPython.core.interactiveshell import InteractiveShell
    except ImportError:
        return
    current = InteractiveShell.showtraceback
    if hasattr(current, "__wrapped__"):
        InteractiveShell.showtraceback = current.__wrapped__  # type: ignore[method-assign]


# --- output ------------------------------------------------------------------------------


def _shell() -> Any:
    """Return the running IPython shell, or None (never imports IPython needlessly)."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    return get_ipython()


def _output(*parts: str) -> None:
    """Show status output (HTML in IPython, text otherwise) unless verbosity is 0."""
    if not VERBOSITY():
        return
    text = " ".join(parts)
    if _shell() is not None:
        from IPython.display import HTML, display

        display(HTML((text + "<br>").replace("\n", "<br>")))
    else:
        print(text)


def _markdown(text: str) -> None:
    """Show a warning line whatever the verbosity (Markdown in IPython, text otherwise)."""
    if _shell() is not None:
        from IPython.display import Markdown, display

        display(Markdown(text))
    else:
        print(text)


def _set_verbosity(kwargs: dict[str, Any]) -> None:
    """Set the output level from ``verbose`` (or ``verbosity``): bool or int, default 0."""
    value = kwargs.pop("verbose", kwargs.pop("verbosity", 0))
    level = 0
    if isinstance(value, bool):
        level = 2 if value else 0
    elif isinstance(value, int):
        level = min(2, max(0, value))
    VERBOSITY(level)


# --- imports -----------------------------------------------------------------------------


def _global_imports(
    namespace: dict[str, Any],
    def_imports: str,
    additional_packages: list[str] | None,
    user_install: bool,
) -> list[str]:
    """Import the default sets chosen by ``def_imports``; install packages if asked."""
    specs: list[dict[str, str]] = []
    star_modules: list[str] = []
    if def_imports.casefold() in {"all", "nb"}:
        specs.extend(_NB_IMPORTS)
    if def_imports.casefold() in {"all", "msticpy"}:
        specs.extend(_MP_IMPORTS)
        star_modules.extend(_MP_IMPORT_ALL)
    imported = []
    for spec in specs:
        if _import_into(namespace, spec["pkg"], spec.get("tgt"), spec.get("alias"), spec):
            imported.append(_describe(spec["pkg"], spec.get("tgt"), spec.get("alias")))
    for module_name in star_modules:
        module = importlib.import_module(module_name)
        # Every public attribute, as msticpy does (not ``__all__``): sub-modules included,
        # but not this package's ``from __future__ import annotations`` marker.
        for name in dir(module):
            value = getattr(module, name)
            if name[:1] != "_" and type(value).__module__ != "__future__":
                namespace[name] = value
        imported.append(module_name)
    if additional_packages:
        if not check_and_install_missing_packages(additional_packages, user=user_install):
            _markdown("One or more packages failed to install.")
            _markdown("Please re-run init_notebook() with the parameter user_install=True.")
        importlib.invalidate_caches()
    return imported


def _import_extras(namespace: dict[str, Any], extra_imports: list[str] | str) -> list[str]:
    """Run ``extra_imports`` specs (``"pkg[, tgt][, alias]"``)."""
    if isinstance(extra_imports, str):
        extra_imports = [extra_imports]
    imported = []
    for spec in extra_imports:
        parts: list[str | None] = [None, None, None]
        for index, part in enumerate(spec.split(",")[:3]):
            parts[index] = part.strip() or None
        pkg, tgt, alias = parts
        if pkg is None:
            raise MsticpyException(f"First parameter in extra_imports is mandatory: {spec}")
        if _import_into(namespace, pkg, tgt, alias, {}):
            imported.append(_describe(pkg, tgt, alias))
    return imported


def _import_into(
    namespace: dict[str, Any],
    pkg: str,
    tgt: str | None,
    alias: str | None,
    spec: dict[str, str],
) -> bool:
    """
    Import ``pkg`` (or ``tgt`` from it) into ``namespace``; return True on success.

    A target is first tried as a sub-module, then as an attribute. A failed import is
    reported (optional entries of the default set are skipped quietly); a missing attribute
    of an importable module raises ``AttributeError``, as in msticpy.
    """
    try:
        if not tgt:
            value = importlib.import_module(pkg)
        else:
            try:
                value = importlib.import_module(f".{tgt}", pkg)
            except ImportError:
                module = importlib.import_module(pkg)
                if spec.get("optional") and not hasattr(module, tgt):
                    return False
                value = getattr(module, tgt)
    except ImportError as err:
        if not spec.get("optional"):
            _markdown(f"<font color='red'>Error importing {pkg}: {err}</font>")
        return False
    namespace[alias or tgt or pkg] = value
    if VERBOSITY() == 2:
        _output(
            f"{tgt} imported from {pkg} (alias={alias})"
            if tgt
            else f"{pkg} imported (alias={alias})"
        )
    return True


def _describe(pkg: str, tgt: str | None, alias: str | None) -> str:
    """Return ``alias (pkg.tgt)`` as msticpy lists imports."""
    item = f"{pkg}.{tgt}" if tgt else pkg
    return f"{alias} ({item})" if alias else item


# --- configuration -----------------------------------------------------------------------


def _pkg_config() -> Any:
    """Return ``msticpy.common.pkg_config`` (imported on first use: it reads the file)."""
    from ..common import pkg_config

    return pkg_config


def _setting(path: str, default: Any) -> Any:
    """Read one setting (dotted path), ``default`` if it is missing or unreadable."""
    try:
        return _pkg_config().get_config(path, default)
    except Exception:  # a broken config file must not stop the notebook starting
        return default


def _use_config_file(config_file: str | None) -> None:
    """Point ``MSTICPYCONFIG`` at ``config_file`` and reload the settings."""
    if not config_file:
        return
    if not Path(config_file).is_file():
        raise ValueError(f"Configuration file {config_file} not found")
    os.environ["MSTICPYCONFIG"] = str(config_file)
    _pkg_config().refresh_config()


def _check_config() -> bool:
    """
    Check that a msticpyconfig.yaml is found and valid; report problems.

    Returns
    -------
    bool
        True if a configuration was loaded, or a file was found whose only problems are
        not about Microsoft Sentinel workspaces.

    """
    config = _pkg_config()
    if config.current_config_path() is not None:
        return True
    env_path = os.environ.get("MSTICPYCONFIG")
    if env_path and not Path(env_path).is_file():
        _markdown(
            "<font color='orange'>Warning: no <i>msticpyconfig.yaml</i> found.</font> "
            f"MSTICPYCONFIG is set to {env_path!r}, which is not a file. "
            f"See the <a href='{_CONF_URI}'>msticpy configuration guide</a>."
        )
    candidates = [env_path] if env_path else []
    candidates += [str(Path(".") / "msticpyconfig.yaml")]
    candidates += [str(Path.home() / ".msticpy" / "msticpyconfig.yaml")]
    found = next((path for path in candidates if path and Path(path).is_file()), None)
    if found:
        report = io.StringIO()
        try:
            # validate_config prints its report: shown only when there are errors.
            with redirect_stdout(report):
                errors, _ = config.validate_config(config_file=found)
        except Exception as err:  # report and carry on: the notebook can still run
            _output(f"Exception while checking configuration:\n{type(err).__name__} - {err}")
        else:
            if errors:
                _output(report.getvalue())
            if not any(msg in str(err) for err in errors for msg in _SENTINEL_ERRORS):
                return True
    else:
        _output("Could not find msticpyconfig.yaml in standard search.")
    _output("No valid configuration for Microsoft Sentinel found.")
    return False


# --- notebook options --------------------------------------------------------------------


def _set_nb_options(namespace: dict[str, Any]) -> None:
    """Set pandas display options, ``WIDGET_DEFAULTS`` and seaborn's theme (if installed)."""
    import pandas as pd

    try:
        import ipywidgets
    except ImportError:
        pass
    else:
        namespace["WIDGET_DEFAULTS"] = {
            "layout": ipywidgets.Layout(width="95%"),
            "style": {"description_width": "initial"},
        }
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    seaborn = sys.modules.get("seaborn") or namespace.get("sns")
    if seaborn is not None and hasattr(seaborn, "set"):
        seaborn.set()
    pd.set_option("display.max_rows", 100)
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.max_colwidth", 100)


def _hook_ipython_exceptions() -> None:
    """Show ``MsticpyUserError`` as a short message instead of IPython's traceback."""
    try:
        from IPython.core.interactiveshell import InteractiveShell
    except ImportError:
        return
    original = InteractiveShell.showtraceback
    if hasattr(original, "__wrapped__"):
        return  # already hooked

    @wraps(original)
    def showtraceback(*args: Any, **kwargs: Any) -> Any:
        error_type, error, _ = sys.exc_info()
        if error_type is not None and issubclass(error_type, MsticpyUserError):
            _show_user_error(error)
            return None
        return original(*args, **kwargs)

    InteractiveShell.showtraceback = showtraceback  # type: ignore[method-assign]


def _show_user_error(error: BaseException | None) -> None:
    """Display a user error as its class name, message and help link (if any)."""
    import html

    from IPython.display import HTML, display

    help_uri = getattr(error, "help_uri", None)
    if isinstance(help_uri, tuple):
        help_uri = help_uri[-1]
    lines = [f"<h3><font color='red'>{type(error).__name__}</font></h3>"]
    lines += [f"<p>{html.escape(str(arg))}</p>" for arg in getattr(error, "args", ())]
    if help_uri:
        link = html.escape(str(help_uri))
        lines.append(f"<p>For more help see <a href='{link}' target='_blank'>{link}</a></p>")
    display(HTML("".join(lines)))
