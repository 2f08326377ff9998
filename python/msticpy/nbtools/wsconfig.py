"""Classic path of ``msticpy.common.wsconfig``: this module *is* that module."""

import sys

from ..common import wsconfig as _canonical

sys.modules[__name__] = _canonical
