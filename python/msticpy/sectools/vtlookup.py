"""Classic path of ``msticpy.context.vtlookupv3.vtlookup``: this module *is* that module."""

import sys

from ..context.vtlookupv3 import vtlookup as _canonical

sys.modules[__name__] = _canonical
