"""Classic path of ``msticpy.context.tiproviders.azure_sent_byoti``: it *is* that module."""

import sys

from ...context.tiproviders import azure_sent_byoti as _canonical

sys.modules[__name__] = _canonical
