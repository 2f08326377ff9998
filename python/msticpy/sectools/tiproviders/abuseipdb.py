"""Classic path of ``msticpy.context.tiproviders.abuseipdb``: this module *is* that module."""

import sys

from ...context.tiproviders import abuseipdb as _canonical

sys.modules[__name__] = _canonical
