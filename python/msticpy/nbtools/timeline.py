"""Classic alias ``msticpy.nbtools.timeline``: this module *is* ``msticpy.vis.timeline``."""

import sys

from ..vis import timeline as _canonical

sys.modules[__name__] = _canonical
