"""Classic alias ``msticpy.nbtools.nbdisplay``: this module *is* ``msticpy.vis.nbdisplay``."""

import sys

from ..vis import nbdisplay as _canonical

sys.modules[__name__] = _canonical
