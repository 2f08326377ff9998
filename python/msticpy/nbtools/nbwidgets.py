"""Classic path of ``msticpy.nbwidgets``: this module *is* that package."""

import sys

from .. import nbwidgets as _canonical

sys.modules[__name__] = _canonical
