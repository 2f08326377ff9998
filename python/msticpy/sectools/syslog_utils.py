"""Classic path of ``msticpy.analysis.syslog_utils``: this module *is* that module."""

import sys

from ..analysis import syslog_utils as _canonical

sys.modules[__name__] = _canonical
