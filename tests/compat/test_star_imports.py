"""``from msticpy.nbtools import *`` / ``from msticpy.sectools import *`` (msticpy 0.8.9 names)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

CLASSIC_NBTOOLS = {
    "nbwidgets",
    "entities",
    "SecurityAlert",
    "SecurityEvent",
    "create_alert_graph",
    "add_related_alerts",
    "utils",
    "Observations",
    "WorkspaceConfig",
    "nbdisplay",
    "security_alert",
    "security_event",
    "security_base",
    "security_alert_graph",
    "observationlist",
}
CLASSIC_SECTOOLS = {
    "IoCExtract",
    "base64",
    "ptree",
    "GeoLiteLookup",
    "IPStackLookup",
    "geo_distance",
    "TILookup",
    "VTLookup",
}


@pytest.mark.parametrize("package", ["msticpy.nbtools", "msticpy.sectools"])
def test_every_all_name_resolves(package: str) -> None:
    module = importlib.import_module(package)
    classic = CLASSIC_NBTOOLS if package.endswith("nbtools") else CLASSIC_SECTOOLS
    assert set(module.__all__) <= classic
    for name in module.__all__:
        assert getattr(module, name) is not None, name


def test_star_imports_reach_the_canonical_objects() -> None:
    namespace: dict = {}
    exec("from msticpy.nbtools import *", namespace)
    exec("from msticpy.sectools import *", namespace)
    import msticpy.common.utility
    import msticpy.datamodel.entities
    import msticpy.nbwidgets
    import msticpy.transform.base64unpack
    import msticpy.transform.process_tree_utils
    import msticpy.vis.nbdisplay
    from msticpy.analysis.observationlist import Observations
    from msticpy.common.wsconfig import WorkspaceConfig
    from msticpy.nbtools.security_alert import SecurityAlert
    from msticpy.nbtools.security_event import SecurityEvent
    from msticpy.transform.iocextract import IoCExtract

    expected = {
        "nbwidgets": msticpy.nbwidgets,
        "entities": msticpy.datamodel.entities,
        "SecurityAlert": SecurityAlert,
        "SecurityEvent": SecurityEvent,
        "utils": msticpy.common.utility,
        "Observations": Observations,
        "WorkspaceConfig": WorkspaceConfig,
        "nbdisplay": msticpy.vis.nbdisplay,
        "IoCExtract": IoCExtract,
        "base64": msticpy.transform.base64unpack,
        "ptree": msticpy.transform.process_tree_utils,
    }
    for name, obj in expected.items():
        assert namespace[name] is obj, name
    # Classic notebooks call these right after the star import.
    assert callable(namespace["base64"].unpack)
    assert callable(namespace["ptree"].build_process_tree)


def test_classic_module_aliases() -> None:
    import msticpy.analysis.observationlist
    import msticpy.common.utility
    import msticpy.init.nbinit
    import msticpy.nbtools.nbinit
    import msticpy.nbtools.observationlist
    import msticpy.nbtools.utils

    assert msticpy.nbtools.utils is msticpy.common.utility
    assert msticpy.nbtools.nbinit is msticpy.init.nbinit
    assert msticpy.nbtools.observationlist is msticpy.analysis.observationlist


def test_top_level_lazy_names() -> None:
    import msticpy
    from msticpy.init.nbinit import init_notebook, reset_ipython_exception_handler

    assert msticpy.init_notebook is init_notebook
    assert msticpy.reset_ipython_exception_handler is reset_ipython_exception_handler
    assert isinstance(msticpy.current_providers, dict)
    assert "init_notebook" in dir(msticpy) and "settings" in dir(msticpy)
    from msticpy.common import pkg_config
    from msticpy.common.timespan import TimeSpan
    from msticpy.common.utility import search_name
    from msticpy.common.wsconfig import WorkspaceConfig

    assert msticpy.settings is pkg_config
    assert msticpy.get_config is pkg_config.get_config
    assert msticpy.refresh_config is pkg_config.refresh_config
    assert msticpy.WorkspaceConfig is WorkspaceConfig
    assert msticpy.TimeSpan is TimeSpan
    assert msticpy.search is search_name


def _modules_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(out.stdout))


def test_importing_the_packages_stays_light() -> None:
    loaded = _modules_after("import msticpy.nbtools, msticpy.sectools, msticpy")
    for heavy in ("pandas", "bokeh", "ipywidgets", "IPython", "networkx", "msticpy._native"):
        assert heavy not in loaded, heavy


def test_sectools_star_import_stays_light() -> None:
    loaded = _modules_after("from msticpy.sectools import *")
    for heavy in ("bokeh", "ipywidgets", "IPython", "networkx"):
        assert heavy not in loaded, heavy


def test_nbtools_star_import_loads_no_widgets_or_networkx() -> None:
    loaded = _modules_after("from msticpy.nbtools import *")
    for heavy in ("ipywidgets", "networkx", "IPython"):
        assert heavy not in loaded, heavy


@pytest.mark.parametrize("package", ["msticpy", "msticpy.nbtools", "msticpy.sectools"])
def test_every_lazy_name_resolves(package: str) -> None:
    module = importlib.import_module(package)
    for name in module._LAZY:
        assert getattr(module, name) is not None, f"{package}.{name}"
