"""Classic path of ``msticpy.common.utility``: this module *is* that module."""

import sys

from ..common import utility as _canonical

sys.modules[__name__] = _canonical
