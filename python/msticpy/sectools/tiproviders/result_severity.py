"""Classic path of ``msticpy.context.tiproviders.result_severity``: this module *is* that module."""

import sys

from ...context.tiproviders import result_severity as _canonical

sys.modules[__name__] = _canonical
