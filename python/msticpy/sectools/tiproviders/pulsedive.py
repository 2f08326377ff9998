"""Classic path of ``msticpy.context.tiproviders.pulsedive``: this module *is* that module."""

import sys

from ...context.tiproviders import pulsedive as _canonical

sys.modules[__name__] = _canonical
