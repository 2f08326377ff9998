"""Classic path of ``msticpy.context.tiproviders.ibm_xforce``: this module *is* that module."""

import sys

from ...context.tiproviders import ibm_xforce as _canonical

sys.modules[__name__] = _canonical
