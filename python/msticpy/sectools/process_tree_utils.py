"""Classic path of ``msticpy.transform.process_tree_utils``: this module *is* that module."""

import sys

from ..transform import process_tree_utils as _canonical

sys.modules[__name__] = _canonical
