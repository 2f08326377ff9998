"""Classic path of ``msticpy.transform.iocextract``: this module *is* that module."""

import sys

from ..transform import iocextract as _canonical

sys.modules[__name__] = _canonical
