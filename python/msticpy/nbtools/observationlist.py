"""
Classic path of msticpy's observation list (0.8.x ``msticpy.nbtools.observationlist``).

This module *is* :mod:`msticpy.analysis.observationlist`, so both paths reach the same
classes.
"""

import sys

from ..analysis import observationlist as _canonical

sys.modules[__name__] = _canonical
