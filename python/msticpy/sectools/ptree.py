"""Classic alias ``msticpy.sectools.ptree``: this module *is* ``transform.process_tree_utils``."""

import sys

from ..transform import process_tree_utils as _canonical

sys.modules[__name__] = _canonical
