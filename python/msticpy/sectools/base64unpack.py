"""Classic path of ``msticpy.transform.base64unpack``: this module *is* that module."""

import sys

from ..transform import base64unpack as _canonical

sys.modules[__name__] = _canonical
