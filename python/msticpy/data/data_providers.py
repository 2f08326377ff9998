"""Classic path of ``msticpy.data.core.data_providers`` (msticpy 0.8.x ``data.data_providers``)."""

import sys

from .core import data_providers as _canonical

sys.modules[__name__] = _canonical
