"""Classic path of ``msticpy.context.tiproviders.ti_provider_base`` (this module *is* it)."""

import sys

from ...context.tiproviders import ti_provider_base as _canonical

sys.modules[__name__] = _canonical
