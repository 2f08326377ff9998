"""Classic path of ``msticpy.context.tilookup``: this module *is* that module."""

import sys

from ..context import tilookup as _canonical

sys.modules[__name__] = _canonical
