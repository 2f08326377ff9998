"""Classic path of ``msticpy.datamodel.entities`` (msticpy 0.8.x ``nbtools.entityschema``)."""

import sys

from ..datamodel import entities as _entities

sys.modules[__name__] = _entities
