"""``init_notebook``: namespace, options, accessors, magics, config check, hooks, installs."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import msticpy
from msticpy.common.exceptions import MsticpyException, MsticpyUserError
from msticpy.init import nbinit


@pytest.fixture(autouse=True)
def _restore(monkeypatch: Any) -> Any:
    options = ("display.max_rows", "display.max_columns", "display.max_colwidth")
    saved = {name: pd.get_option(name) for name in options}
    yield
    for name, value in saved.items():
        pd.set_option(name, value)
    nbinit.reset_ipython_exception_handler()


def test_three_paths_reach_one_function() -> None:
    import msticpy.nbtools.nbinit as classic

    assert msticpy.init_notebook is nbinit.init_notebook is classic.init_notebook
    assert classic is nbinit


def test_signature_matches_msticpy() -> None:
    params = inspect.signature(nbinit.init_notebook).parameters
    assert [(p.name, p.default) for p in params.values()][:4] == [
        ("namespace", None),
        ("def_imports", "all"),
        ("additional_packages", None),
        ("extra_imports", None),
    ]
    assert list(params)[-1] == "kwargs"


def test_default_imports_fill_the_namespace() -> None:
    namespace: dict[str, Any] = {}
    assert nbinit.init_notebook(namespace, no_config_check=True) is None
    import numpy as np
    from IPython.display import HTML, Markdown, display

    assert namespace["pd"] is pd and namespace["np"] is np
    assert namespace["display"] is display
    assert namespace["HTML"] is HTML and namespace["Markdown"] is Markdown
    assert namespace["Path"] is Path
    assert namespace["msticpy"] is msticpy
    from msticpy.data import QueryProvider
    from msticpy.datamodel import entities

    assert namespace["QueryProvider"] is QueryProvider
    assert namespace["entities"] is entities
    assert namespace["Host"] is entities.Host  # from msticpy.datamodel.entities import *
    assert namespace["nbmagics"].__name__ == "msticpy.init.nbmagics"
    assert namespace["mp_pandas_accessors"].__name__ == "msticpy.init.mp_pandas_accessors"
    assert namespace["mp_pandas_plot"].__name__ == "msticpy.vis.mp_pandas_plot"
    from msticpy.common.utility import md, md_warn
    from msticpy.common.wsconfig import WorkspaceConfig

    assert namespace["md"] is md and namespace["md_warn"] is md_warn
    assert namespace["WorkspaceConfig"] is WorkspaceConfig
    assert not any(name.startswith("_") for name in namespace)


def test_pandas_options_and_accessors() -> None:
    pd.set_option("display.max_rows", 7)
    nbinit.init_notebook({}, no_config_check=True)
    assert pd.get_option("display.max_rows") == 100
    assert pd.get_option("display.max_columns") == 50
    assert pd.get_option("display.max_colwidth") == 100
    frame = pd.DataFrame({"t": ["see 10.0.0.1"]})
    assert frame.mp.ioc_extract(columns=["t"])["Observable"].tolist() == ["10.0.0.1"]
    assert hasattr(frame, "mp_plot")


def test_widget_defaults_when_ipywidgets_installed() -> None:
    pytest.importorskip("ipywidgets")
    namespace: dict[str, Any] = {}
    nbinit.init_notebook(namespace, def_imports="none", no_config_check=True)
    assert namespace["WIDGET_DEFAULTS"]["style"] == {"description_width": "initial"}


def test_def_imports_choices() -> None:
    only_nb: dict[str, Any] = {}
    nbinit.init_notebook(only_nb, def_imports="nb", no_config_check=True)
    assert "pd" in only_nb and "msticpy" not in only_nb
    only_mp: dict[str, Any] = {}
    nbinit.init_notebook(only_mp, def_imports="msticpy", no_config_check=True)
    assert "msticpy" in only_mp and "pd" not in only_mp


def test_extra_imports() -> None:
    namespace: dict[str, Any] = {}
    nbinit.init_notebook(
        namespace,
        def_imports="none",
        no_config_check=True,
        extra_imports=["json", "os.path, join", "collections, Counter, Cnt", "math, , m"],
    )
    import collections
    import json
    import math
    import os.path

    assert namespace["json"] is json and namespace["join"] is os.path.join
    assert namespace["Cnt"] is collections.Counter and namespace["m"] is math
    with pytest.raises(MsticpyException, match="mandatory"):
        nbinit.init_notebook({}, def_imports="none", no_config_check=True, extra_imports=[" , x"])


def test_unknown_kwarg_and_missing_config_file() -> None:
    with pytest.raises(NameError):
        nbinit.init_notebook({}, no_config_chek=True)
    with pytest.raises(ValueError, match="not found"):
        nbinit.init_notebook({}, config="/nonexistent/msticpyconfig.yaml")


def test_verbosity_levels(capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(nbinit, "_shell", lambda: None)  # print, as outside IPython
    nbinit.init_notebook({}, def_imports="nb", no_config_check=True)
    assert capsys.readouterr().out == ""
    assert nbinit.VERBOSITY() == 0
    nbinit.init_notebook({}, def_imports="nb", no_config_check=True, verbose=True)
    out = capsys.readouterr().out
    assert nbinit.VERBOSITY() == 2
    assert "Notebook initialization complete" in out and "pd (pandas)" in out
    nbinit.init_notebook({}, def_imports="nb", no_config_check=True, verbosity=1)
    assert "pandas imported" not in capsys.readouterr().out


def test_additional_packages_installs_only_what_is_missing(monkeypatch: Any) -> None:
    from msticpy.init import _packages

    calls: list[list[str]] = []

    def fake_run(cmd: list[str], **kwargs: Any) -> Any:
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(_packages.subprocess, "run", fake_run)
    nbinit.init_notebook(
        {}, def_imports="none", no_config_check=True, additional_packages=["pandas"]
    )
    assert calls == []
    nbinit.init_notebook(
        {},
        def_imports="none",
        no_config_check=True,
        additional_packages=["pandas>=1", "surely-not-installed-pkg-x"],
        user_install=True,
    )
    assert calls == [
        [sys.executable, "-m", "pip", "install", "--user", "surely-not-installed-pkg-x"]
    ]
    with pytest.raises(MsticpyUserError, match="Invalid package requirement"):
        nbinit.init_notebook(
            {}, def_imports="none", no_config_check=True, additional_packages=["bad spec!"]
        )
    assert len(calls) == 1


def test_friendly_exceptions_hook_and_reset() -> None:
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell

    original = InteractiveShell.showtraceback
    nbinit.init_notebook({}, def_imports="none", no_config_check=True, friendly_exceptions=True)
    assert InteractiveShell.showtraceback.__wrapped__ is original  # type: ignore[attr-defined]
    nbinit.reset_ipython_exception_handler()
    assert InteractiveShell.showtraceback is original


def test_friendly_exception_shows_message_not_traceback() -> None:
    pytest.importorskip("IPython")
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    nbinit.init_notebook({}, def_imports="none", no_config_check=True, friendly_exceptions=True)
    shown: list[Any] = []
    import IPython.display

    original_display = IPython.display.display
    IPython.display.display = lambda obj, **kw: shown.append(obj)  # type: ignore[assignment]
    try:
        shell.user_ns["MsticpyUserError"] = MsticpyUserError
        shell.run_cell("raise MsticpyUserError('fix the setting', help_uri='https://x.test')")
    finally:
        IPython.display.display = original_display  # type: ignore[assignment]
    html = "".join(getattr(item, "data", "") for item in shown)
    assert "MsticpyUserError" in html and "fix the setting" in html and "https://x.test" in html


def test_no_namespace_outside_ipython_uses_a_throwaway_dict() -> None:
    code = "import msticpy; msticpy.init_notebook(no_config_check=True)\nprint('pd' in globals())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_list_default_imports(capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(nbinit, "_shell", lambda: None)  # print, as outside IPython
    nbinit.VERBOSITY(1)
    nbinit.list_default_imports()
    out = capsys.readouterr().out
    assert "import pandas as pd" in out
    assert "from msticpy.datamodel.entities import *" in out


class _FakeSettings:
    """Stand-in for ``msticpy.common.pkg_config`` recording validate_config calls."""

    def __init__(self, loaded: str | None, errors: list[str]) -> None:
        self.loaded = loaded
        self.errors = errors
        self.validated: list[str] = []

    def current_config_path(self) -> str | None:
        return self.loaded

    def validate_config(self, config_file: str) -> tuple[list[str], list[str]]:
        self.validated.append(config_file)
        return self.errors, []

    def get_config(self, path: str, default: Any = None) -> Any:
        return default


def _check_with(monkeypatch: Any, fake: _FakeSettings) -> bool:
    monkeypatch.setattr(nbinit, "_pkg_config", lambda: fake)
    return nbinit._check_config()


def test_config_check_accepts_a_loaded_config(monkeypatch: Any) -> None:
    fake = _FakeSettings("/somewhere/msticpyconfig.yaml", ["ignored"])
    assert _check_with(monkeypatch, fake) is True
    assert fake.validated == []


def test_config_check_validates_the_file_found(
    monkeypatch: Any, tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.setattr(nbinit, "_shell", lambda: None)
    config = tmp_path / "msticpyconfig.yaml"
    config.write_text("msticpy: {}\n", encoding="utf-8")
    monkeypatch.setenv("MSTICPYCONFIG", str(config))
    other_error = _FakeSettings(None, ["Missing or empty 'TIProviders' section"])
    assert _check_with(monkeypatch, other_error) is True
    assert other_error.validated == [str(config)]
    sentinel_error = _FakeSettings(None, ["Missing or empty 'AzureSentinel' section"])
    assert _check_with(monkeypatch, sentinel_error) is False


def test_config_check_reports_a_missing_file(monkeypatch: Any, tmp_path: Path, capsys: Any) -> None:
    monkeypatch.setattr(nbinit, "_shell", lambda: None)
    monkeypatch.setenv("MSTICPYCONFIG", str(tmp_path / "nothing.yaml"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    fake = _FakeSettings(None, [])
    assert _check_with(monkeypatch, fake) is False
    assert "not a file" in capsys.readouterr().out
    assert fake.validated == []


def test_warnings_shown_when_config_is_missing(
    monkeypatch: Any, tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.setattr(nbinit, "_shell", lambda: None)
    monkeypatch.setattr(nbinit, "_check_config", lambda: False)
    nbinit.init_notebook({}, def_imports="none")
    assert "completed with some warnings" in capsys.readouterr().out


def test_config_argument_points_at_the_file_and_reloads(monkeypatch: Any, tmp_path: Path) -> None:
    from msticpy.common import pkg_config

    config = tmp_path / "msticpyconfig.yaml"
    config.write_text("msticpy:\n  FriendlyExceptions: false\n", encoding="utf-8")
    monkeypatch.setenv("MSTICPYCONFIG", str(tmp_path / "elsewhere.yaml"))
    try:
        nbinit.init_notebook({}, def_imports="none", config=str(config))
        assert Path(pkg_config.current_config_path() or "") == config
        assert pkg_config.get_config("msticpy.FriendlyExceptions") is False
    finally:
        monkeypatch.undo()
        pkg_config.refresh_config()
