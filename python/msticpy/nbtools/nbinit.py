"""
Classic path of ``init_notebook`` (msticpy 0.8.x ``msticpy.nbtools.nbinit``).

This module *is* :mod:`msticpy.init.nbinit`, so both paths reach the same function.
"""

import sys

from ..init import nbinit as _canonical

sys.modules[__name__] = _canonical
