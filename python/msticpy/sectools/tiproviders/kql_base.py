"""Classic path of ``msticpy.context.tiproviders.kql_base``: this module *is* that module."""

import sys

from ...context.tiproviders import kql_base as _canonical

sys.modules[__name__] = _canonical
