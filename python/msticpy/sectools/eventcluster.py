"""Classic path of ``msticpy.analysis.eventcluster``: this module *is* that module."""

import sys

from ..analysis import eventcluster as _canonical

sys.modules[__name__] = _canonical
