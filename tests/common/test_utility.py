"""common.utility: the helpers msticpy 3.0.2 exports, and cheap importing."""

from __future__ import annotations

import os
import subprocess
import sys
from enum import Enum
from pathlib import Path

import pytest

from msticpy.common import utility
from msticpy.common.utility import (
    arg_to_list,
    check_kwarg,
    check_kwargs,
    check_py_version,
    checked_kwargs,
    collapse_dicts,
    defang_ioc,
    enum_parse,
    export,
    is_valid_uuid,
    mp_ua_header,
    refang_ioc,
    resolve_pkg_path,
    search_for_file,
    set_unit_testing,
    unit_testing,
    valid_pyname,
)
from msticpy.common.utility.package import glob_paths

from .conftest import child_env


class Colour(Enum):
    RED = 1
    Green = 2


def test_check_kwargs_names_closest() -> None:
    check_kwargs({"height": 1}, ["height", "width"])
    with pytest.raises(NameError) as info:
        check_kwargs({"heigth": 1, "zzz": 2}, ["height", "width"])
    inner = info.value.args[0]
    assert [err.args[0] for err in inner] == ["heigth", "zzz"]
    assert "Closest match is 'height'" in inner[0].args[1]
    assert "Valid options are 'height', 'width'" in inner[1].args[1]
    with pytest.raises(NameError):
        check_kwarg("x", ["y"])


def test_checked_kwargs_decorator() -> None:
    @checked_kwargs(["colour"])
    def draw(size: int = 1, **kwargs: object) -> int:
        return size

    assert draw(size=2, colour="red") == 2
    with pytest.raises(NameError):
        draw(sise=2)


def test_enum_parse_and_lists() -> None:
    assert enum_parse(Colour, "RED") is Colour.RED
    assert enum_parse(Colour, "green") is Colour.Green
    assert enum_parse(Colour, "blue") is None
    with pytest.raises(TypeError):
        enum_parse(dict, "x")  # type: ignore[type-var]
    assert arg_to_list("a, b") == ["a", "b"]
    assert arg_to_list("a;b") == ["a", "b"]
    assert arg_to_list("one") == ["one"]
    assert arg_to_list(["x"]) == ["x"]
    with pytest.raises(TypeError):
        arg_to_list(3)  # type: ignore[arg-type]


def test_collapse_dicts_later_wins() -> None:
    merged = collapse_dicts({"a": {"x": 1, "y": 1}, "b": 1}, {"a": {"y": 2}}, {"c": 3})
    assert merged == {"a": {"x": 1, "y": 2}, "b": 1, "c": 3}
    assert collapse_dicts() == {}


def test_format_helpers() -> None:
    assert is_valid_uuid("8ecf8077-cf51-4820-aadd-14040956f35d")
    assert not is_valid_uuid("nope") and not is_valid_uuid(None) and not is_valid_uuid(5)
    assert valid_pyname("list") == "list_bi"
    assert valid_pyname("1 bad-name") == "n_1_bad_name"
    assert defang_ioc("http://a.b", "url") == "hXXp://a[.]b"
    assert refang_ioc(defang_ioc("x@y.z", "email"), "email") == "x@y.z"


def test_package_helpers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_pkg_path("resources") == str(
        Path(utility.__file__).resolve().parents[2] / "resources"
    )
    assert resolve_pkg_path("/abs/path") == "/abs/path"
    with pytest.warns(UserWarning):
        assert resolve_pkg_path("no/such/thing.txt") is None
    check_py_version((3, 8))
    check_py_version("3.8")
    with pytest.raises(SystemExit):
        check_py_version((99, 0))
    assert mp_ua_header()["UserAgent"].startswith("MSTICPy")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "config.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    assert search_for_file("**/config.json") == str(Path("sub/config.json"))
    assert search_for_file("**/missing.json") is None


def test_search_for_file_skips_folders_that_vanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A temporary folder beside the notebook, removed by another process while the
    # parent folder is searched: Path.glob raised FileNotFoundError here.
    (tmp_path / "gone").mkdir()
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "config.json").write_text("{}")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("gone"):
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    # Whole walks (no early return at a first match), so "gone" is always reached.
    assert list(glob_paths(".", "**/config.json")) == [Path("later/config.json")]
    assert search_for_file("**/missing.json") is None


def test_unit_testing_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    assert not unit_testing()
    set_unit_testing()
    assert unit_testing() and os.environ["PYTEST_CURRENT_TEST"] == "True"
    set_unit_testing(False)
    assert not unit_testing()


def test_export_adds_to_all() -> None:
    import types

    module = types.ModuleType("mp_export_test")
    sys.modules["mp_export_test"] = module
    try:
        exec("def f(): pass\nf.__module__ = 'mp_export_test'", module.__dict__)
        export(module.f)
        assert module.__all__ == ["f"]
    finally:
        del sys.modules["mp_export_test"]


def test_md_displays_html(capsys) -> None:
    pytest.importorskip("IPython")
    from IPython.display import DisplayHandle

    # Outside a kernel IPython prints the object's text form and returns no handle.
    assert utility.md("<b>x</b>", "bold, red") is None
    utility.md_warn("careful", disp_id=DisplayHandle())
    utility.md_error("bad")
    assert capsys.readouterr().out.count("HTML object") == 3


def test_imports_stay_cheap() -> None:
    code = (
        "import sys\n"
        "import msticpy.common.pkg_config, msticpy.common.settings\n"
        "import msticpy.common.provider_settings, msticpy.common.wsconfig\n"
        "import msticpy.common.timespan, msticpy.common.data_utils, msticpy.common.utility\n"
        "from msticpy.common import pkg_config\n"
        "heavy = {'pandas', 'IPython', 'ipywidgets', 'bokeh', 'msticpy._native'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=child_env(),
        check=True,
        timeout=120,
    )
    assert proc.stdout.strip() == "[]"


def test_classic_nbtools_paths_are_the_same_objects() -> None:
    from msticpy.common import wsconfig
    from msticpy.nbtools import WorkspaceConfig, utils

    assert utils is utility
    assert WorkspaceConfig is wsconfig.WorkspaceConfig
    assert utils.string_empty("") and not utils.is_not_empty({})
    assert utils.escape_windows_path("C:\\windows") == "C:\\\\windows"
