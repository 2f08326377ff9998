"""
Classic path of msticpy's utility module (0.8.x ``msticpy.nbtools.utils``).

This module *is* :mod:`msticpy.common.utility`.
"""

import sys

from ..common import utility as _canonical

sys.modules[__name__] = _canonical
