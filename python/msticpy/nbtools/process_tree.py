"""Classic alias ``msticpy.nbtools.process_tree``: this module *is* ``msticpy.vis.process_tree``."""

import sys

from ..vis import process_tree as _canonical

sys.modules[__name__] = _canonical
