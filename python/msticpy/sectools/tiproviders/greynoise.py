"""Classic path of ``msticpy.context.tiproviders.greynoise``: this module *is* that module."""

import sys

from ...context.tiproviders import greynoise as _canonical

sys.modules[__name__] = _canonical
