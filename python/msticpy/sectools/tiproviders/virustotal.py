"""Classic path of ``msticpy.context.tiproviders.virustotal``: this module *is* that module."""

import sys

from ...context.tiproviders import virustotal as _canonical

sys.modules[__name__] = _canonical
