"""Classic path of ``msticpy.analysis.outliers``: this module *is* that module."""

import sys

from ..analysis import outliers as _canonical

sys.modules[__name__] = _canonical
