"""Classic path of ``msticpy.context.tiproviders.alienvault_otx``: this module *is* that module."""

import sys

from ...context.tiproviders import alienvault_otx as _canonical

sys.modules[__name__] = _canonical
