"""Classic path of ``msticpy.transform.auditdextract``: this module *is* that module."""

import sys

from ..transform import auditdextract as _canonical

sys.modules[__name__] = _canonical
