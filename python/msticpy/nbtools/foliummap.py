"""Classic alias ``msticpy.nbtools.foliummap``: this module *is* ``msticpy.vis.foliummap``."""

import sys

from ..vis import foliummap as _canonical

sys.modules[__name__] = _canonical
