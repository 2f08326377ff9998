"""Classic path of ``msticpy.context.domain_utils``: this module *is* that module."""

import sys

from ..context import domain_utils as _canonical

sys.modules[__name__] = _canonical
