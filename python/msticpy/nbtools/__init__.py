"""
Classic msticpy 0.8.x notebook tools (``msticpy.nbtools``).

Every name is the canonical msticpy 3.x object, loaded on first use: ``nbdisplay``,
``process_tree``, ``timeline`` and ``timeline_duration`` are the ``msticpy.vis`` modules,
``entities``/``entityschema`` is ``msticpy.datamodel.entities``, ``nbwidgets`` is the
``msticpy.nbwidgets`` package, ``utils`` is ``msticpy.common.utility``, ``Observations`` comes
from ``msticpy.analysis.observationlist`` and ``nbinit``/``init_notebook`` from
``msticpy.init.nbinit``.

``from msticpy.nbtools import *`` gives msticpy 0.8.9's names, limited to those this build
provides (``__all__`` lists only names that resolve).
"""

from __future__ import annotations

from importlib.util import find_spec

from .._lazy import lazy_attributes

_LAZY: dict[str, str] = {
    "entities": "msticpy.datamodel.entities",
    "entityschema": "msticpy.datamodel.entities",
    "SecurityAlert": "msticpy.nbtools.security_alert:SecurityAlert",
    "SecurityEvent": "msticpy.nbtools.security_event:SecurityEvent",
    "security_alert": "msticpy.nbtools.security_alert",
    "security_event": "msticpy.nbtools.security_event",
    "security_base": "msticpy.nbtools.security_base",
    "security_alert_graph": "msticpy.nbtools.security_alert_graph",
    "create_alert_graph": "msticpy.nbtools.security_alert_graph:create_alert_graph",
    "add_related_alerts": "msticpy.nbtools.security_alert_graph:add_related_alerts",
    "process_tree": "msticpy.vis.process_tree",
    "timeline": "msticpy.vis.timeline",
    "timeline_duration": "msticpy.vis.timeline_duration",
    "foliummap": "msticpy.vis.foliummap",
    "nbdisplay": "msticpy.vis.nbdisplay",
    "nbwidgets": "msticpy.nbwidgets",
    "utils": "msticpy.common.utility",
    "observationlist": "msticpy.analysis.observationlist",
    "Observation": "msticpy.analysis.observationlist:Observation",
    "Observations": "msticpy.analysis.observationlist:Observations",
    "WorkspaceConfig": "msticpy.common.wsconfig:WorkspaceConfig",
    "wsconfig": "msticpy.common.wsconfig",
    "nbinit": "msticpy.init.nbinit",
    "init_notebook": "msticpy.init.nbinit:init_notebook",
}

# msticpy 0.8.9's star-import names, in its order. Its package had no ``__all__``, so the
# sub-modules its imports loaded (``security_alert``...) came along too: kept here.
_CLASSIC_ALL = [
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
]


def _provided(name: str) -> bool:
    """Return True if this build has the module behind ``name`` (without importing it)."""
    module_name = _LAZY[name].partition(":")[0]
    try:
        return find_spec(module_name) is not None
    except ImportError:
        return False


#: Names ``from msticpy.nbtools import *`` gives: msticpy 0.8.9's, where this build has them.
__all__ = [name for name in _CLASSIC_ALL if _provided(name)]

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
