"""Classic path of ``msticpy.context.ip_utils``: this module *is* that module."""

import sys

from ..context import ip_utils as _canonical

sys.modules[__name__] = _canonical
