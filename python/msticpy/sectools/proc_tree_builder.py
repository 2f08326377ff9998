"""Classic path of ``msticpy.transform.proc_tree_builder``: this module *is* that module."""

import sys

from ..transform import proc_tree_builder as _canonical

sys.modules[__name__] = _canonical
