"""Classic path of ``msticpy.context.geoip``: this module *is* that module."""

import sys

from ..context import geoip as _canonical

sys.modules[__name__] = _canonical
