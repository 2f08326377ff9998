"""Classic path of ``msticpy.transform.cmd_line``: this module *is* that module."""

import sys

from ..transform import cmd_line as _canonical

sys.modules[__name__] = _canonical
