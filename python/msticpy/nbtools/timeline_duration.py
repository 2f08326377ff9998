"""Classic alias ``msticpy.nbtools.timeline_duration``: the ``msticpy.vis`` module."""

import sys

from ..vis import timeline_duration as _canonical

sys.modules[__name__] = _canonical
