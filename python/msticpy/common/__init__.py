"""
Common modules: settings (``pkg_config``, ``settings``, ``provider_settings``),
workspace settings (``wsconfig``), ``timespan``, ``utility``, ``data_utils``,
exceptions and resource limits.

Sub-modules load when imported (``from msticpy.common import pkg_config``); importing
this package imports none of them.
"""
