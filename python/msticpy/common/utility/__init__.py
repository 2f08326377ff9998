"""
Small helpers shared by the facade modules (msticpy's ``common.utility`` package).

Importing this package is cheap: IPython, ipywidgets and pandas are imported only by the
helpers that display something, when they run.
"""

from __future__ import annotations

from .format import (
    defang_ioc,
    escape_windows_path,
    is_not_empty,
    is_valid_uuid,
    refang_ioc,
    string_empty,
    unescape_windows_path,
    valid_pyname,
)
from .ipython import is_ipython, md, md_error, md_warn, save_obj_to_cell
from .package import (
    MSTICPY_USER_AGENT,
    check_and_install_missing_packages,
    check_py_version,
    delayed_import,
    init_dir,
    init_getattr,
    mp_ua_header,
    resolve_pkg_path,
    search_for_file,
    search_module,
    search_name,
    set_unit_testing,
    unit_testing,
)
from .types import (
    ImportPlaceholder,
    ParseableEnum,
    SingletonArgsClass,
    SingletonClass,
    arg_to_list,
    check_kwarg,
    check_kwargs,
    checked_kwargs,
    collapse_dicts,
    enum_parse,
    export,
    singleton,
)

__all__ = [
    "MSTICPY_USER_AGENT",
    "ImportPlaceholder",
    "ParseableEnum",
    "SingletonArgsClass",
    "SingletonClass",
    "arg_to_list",
    "check_and_install_missing_packages",
    "check_kwarg",
    "check_kwargs",
    "check_py_version",
    "checked_kwargs",
    "collapse_dicts",
    "defang_ioc",
    "delayed_import",
    "enum_parse",
    "escape_windows_path",
    "export",
    "init_dir",
    "init_getattr",
    "is_ipython",
    "is_not_empty",
    "is_valid_uuid",
    "md",
    "md_error",
    "md_warn",
    "mp_ua_header",
    "refang_ioc",
    "resolve_pkg_path",
    "save_obj_to_cell",
    "search_for_file",
    "search_module",
    "search_name",
    "set_unit_testing",
    "singleton",
    "string_empty",
    "unescape_windows_path",
    "unit_testing",
    "valid_pyname",
]
