"""Classic path of ``msticpy.context.tiproviders.open_page_rank``: this module *is* that module."""

import sys

from ...context.tiproviders import open_page_rank as _canonical

sys.modules[__name__] = _canonical
