"""Classic path of ``msticpy.context.tiproviders.tor_exit_nodes``: this module *is* that module."""

import sys

from ...context.tiproviders import tor_exit_nodes as _canonical

sys.modules[__name__] = _canonical
