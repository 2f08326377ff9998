"""Classic path of ``msticpy.context.tiproviders.ti_http_provider`` (this module *is* it)."""

import sys

from ...context.tiproviders import ti_http_provider as _canonical

sys.modules[__name__] = _canonical
