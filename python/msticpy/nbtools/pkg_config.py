"""Classic path of ``msticpy.common.pkg_config``: this module *is* that module."""

import sys

from ..common import pkg_config as _canonical

sys.modules[__name__] = _canonical
