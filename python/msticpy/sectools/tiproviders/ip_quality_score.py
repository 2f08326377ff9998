"""Classic path of ``msticpy.context.tiproviders.ip_quality_score`` (this module *is* it)."""

import sys

from ...context.tiproviders import ip_quality_score as _canonical

sys.modules[__name__] = _canonical
