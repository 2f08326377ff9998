"""Classic path of ``msticpy.context.tiproviders.crowdsec``: this module *is* that module."""

import sys

from ...context.tiproviders import crowdsec as _canonical

sys.modules[__name__] = _canonical
