"""Classic (msticpy 0.8.x) and current (3.x) import paths reach the same objects."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys

import pandas as pd
import pytest

ALIASES = [
    ("msticpy.sectools.iocextract", "msticpy.transform.iocextract"),
    ("msticpy.sectools.domain_utils", "msticpy.context.domain_utils"),
    ("msticpy.sectools.ip_utils", "msticpy.context.ip_utils"),
    ("msticpy.sectools.base64unpack", "msticpy.transform.base64unpack"),
    ("msticpy.sectools.cmd_line", "msticpy.transform.cmd_line"),
    ("msticpy.sectools.syslog_utils", "msticpy.analysis.syslog_utils"),
    ("msticpy.nbtools.entityschema", "msticpy.datamodel.entities"),
    ("msticpy.data.data_providers", "msticpy.data.core.data_providers"),
    ("msticpy.nbtools.nbwidgets", "msticpy.nbwidgets"),
    ("msticpy.nbtools.nbinit", "msticpy.init.nbinit"),
    ("msticpy.nbtools.observationlist", "msticpy.analysis.observationlist"),
    ("msticpy.nbtools.utils", "msticpy.common.utility"),
    ("msticpy.nbtools.utility", "msticpy.common.utility"),
    ("msticpy.nbtools.wsconfig", "msticpy.common.wsconfig"),
    ("msticpy.nbtools.pkg_config", "msticpy.common.pkg_config"),
    ("msticpy.nbtools.foliummap", "msticpy.vis.foliummap"),
]


@pytest.mark.parametrize(("classic", "current"), ALIASES)
def test_classic_module_is_the_current_module(classic: str, current: str) -> None:
    assert importlib.import_module(classic) is importlib.import_module(current)


def test_ioc_extract_is_one_class_everywhere() -> None:
    import msticpy
    import msticpy.sectools as sectools
    import msticpy.transform as transform
    from msticpy.sectools.iocextract import IoCExtract as ClassicIoCExtract
    from msticpy.transform.iocextract import IoCExtract as CurrentIoCExtract

    assert ClassicIoCExtract is CurrentIoCExtract is sectools.IoCExtract is transform.IoCExtract
    assert msticpy.IoCExtract is CurrentIoCExtract


def test_star_import_of_sectools() -> None:
    namespace: dict = {}
    exec("from msticpy.sectools import *", namespace)
    from msticpy.transform.iocextract import IoCExtract

    assert namespace["IoCExtract"] is IoCExtract


def test_pandas_accessors_classic_and_current() -> None:
    import msticpy.sectools.iocextract  # noqa: F401  (registers df.mp_ioc)

    frame = pd.DataFrame({"t": ["8.8.8.8 evil.com"]})
    classic = frame.mp_ioc.extract(columns=["t"])
    current = frame.mp.ioc_extract(columns=["t"])
    pd.testing.assert_frame_equal(classic, current)
    assert set(current["Observable"]) == {"8.8.8.8", "evil.com"}


def test_signatures_match_msticpy() -> None:
    from msticpy.transform.iocextract import IoCExtract

    def params(func: object) -> list[tuple[str, object]]:
        return [
            (p.name, p.default)
            for p in inspect.signature(func).parameters.values()  # type: ignore[arg-type]
        ]

    assert params(IoCExtract.extract)[:4] == [
        ("self", inspect.Parameter.empty),
        ("src", None),
        ("data", None),
        ("columns", None),
    ]
    assert params(IoCExtract.add_ioc_type) == [
        ("self", inspect.Parameter.empty),
        ("ioc_type", inspect.Parameter.empty),
        ("ioc_regex", inspect.Parameter.empty),
        ("priority", 0),
        ("group", None),
        ("defang_pattern", None),
    ]
    assert params(IoCExtract.validate)[-2:] == [("ignore_tlds", False), ("defanged", None)]


def test_exception_hierarchy() -> None:
    import re

    from msticpy.common import exceptions as exc

    assert issubclass(exc.MsticpyUserError, exc.MsticpyException)
    assert issubclass(exc.LimitExceededError, exc.MsticpyUserError)
    assert issubclass(exc.LimitExceededError, ValueError)
    assert issubclass(exc.InvalidPatternError, re.error)
    assert issubclass(exc.InvalidPatternError, ValueError)
    assert issubclass(exc.MsticpyImportExtraError, ImportError)


def test_imports_stay_light() -> None:
    code = (
        "import sys, time, json; t=time.perf_counter(); import msticpy, msticpy.sectools; "
        "print(json.dumps({'s': time.perf_counter()-t, 'mods': sorted(sys.modules)}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(json.loads(out.stdout)["mods"])
    for heavy in ("pandas", "bokeh", "ipywidgets", "msticpy._native", "pyarrow"):
        assert heavy not in loaded, f"{heavy} imported by 'import msticpy.sectools'"


def test_ioc_magic_runs_with_ipython() -> None:
    pytest.importorskip("IPython")
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    from msticpy.init.nbmagics import register_magics_if_ipython

    assert register_magics_if_ipython()
    result = shell.run_cell_magic("ioc", "--out found", "contact 8.8.8.8 or evil.com")
    assert dict(result)["ipv4"] == ["8.8.8.8"]
    # As msticpy: --out stores the dict that extract returned, not the returned list.
    assert {k: sorted(v) for k, v in shell.user_ns["found"].items()} == {
        k: sorted(v) for k, v in result
    }


def test_b64_magic_runs_with_ipython() -> None:
    pytest.importorskip("IPython")
    import base64

    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    from msticpy.init.nbmagics import register_magics_if_ipython

    assert register_magics_if_ipython()
    blob = base64.b64encode(b"net user hacker P@ssw0rd /add").decode()
    text = shell.run_cell_magic("b64", "--clean --out found", f"cmd /c {blob}")
    assert text == "cmd /c net user hacker P@ssw0rd /add"
    assert shell.user_ns["found"][0] == text
