"""
Data drivers (msticpy's ``msticpy.data.drivers``).

Built here: ``LocalDataDriver`` (files, with bundled sample tables) and
``AzureMonitorDriver`` (Log Analytics / Microsoft Sentinel over the Azure Monitor Logs
query REST API), ``MDATPDriver`` (Defender advanced hunting, ``MDE``/``M365D``) and
``SecurityGraphDriver`` (Microsoft Graph security, ``MSGraph``). Other msticpy
environments have no driver in this build (``docs/data_queries.md``): ``import_driver``
raises ``ValueError`` for them.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..core.query_defns import DataEnvironment
from .driver_base import DriverBase, DriverProps

__all__ = ["CUSTOM_PROVIDERS", "DriverBase", "DriverProps", "import_driver"]

_ENVIRONMENT_DRIVERS = {
    DataEnvironment.LogAnalytics: ("azure_monitor_driver", "AzureMonitorDriver"),
    DataEnvironment.MSSentinel_New: ("azure_monitor_driver", "AzureMonitorDriver"),
    DataEnvironment.MSSentinel_Legacy: ("azure_monitor_driver", "AzureMonitorDriver"),
    DataEnvironment.LocalData: ("local_data_driver", "LocalDataDriver"),
    DataEnvironment.MDE: ("mdatp_driver", "MDATPDriver"),
    DataEnvironment.M365D: ("mdatp_driver", "MDATPDriver"),
    DataEnvironment.MSGraph: ("security_graph_driver", "SecurityGraphDriver"),
}

#: Drivers registered by name (plug-ins), as in msticpy.
CUSTOM_PROVIDERS: dict[str, type] = {}


def import_driver(data_environment: Any) -> type:
    """
    Return the driver class for a data environment (or a registered custom name).

    Raises
    ------
    ValueError
        If the environment has no driver in this build.
    TypeError
        If ``data_environment`` is neither a ``DataEnvironment`` nor a str.

    """
    if isinstance(data_environment, DataEnvironment):
        module_name, class_name = _ENVIRONMENT_DRIVERS.get(data_environment, (None, None))
        if not (module_name and class_name):
            raise ValueError(
                f"No driver available for environment {data_environment.name}.",
                "Possible values are:",
                ", ".join(env.name for env in _ENVIRONMENT_DRIVERS),
            )
        module = importlib.import_module(f"msticpy.data.drivers.{module_name}")
        return getattr(module, class_name)
    if isinstance(data_environment, str):
        driver = CUSTOM_PROVIDERS.get(data_environment)
        if driver is not None:
            return driver
        raise ValueError(f"No driver available for environment {data_environment}.")
    raise TypeError(
        "'data_environment' must be a str or DataEnvironment type.",
        f"Called with type: {type(data_environment)}",
    )
