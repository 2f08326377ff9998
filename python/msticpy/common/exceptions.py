"""
Exceptions, with msticpy's class names and hierarchy.

``MsticpyException`` is the root; user errors derive from ``MsticpyUserError``. Classes
added by this project also derive from the matching built-in so generic handlers keep
working: ``InvalidPatternError`` is an ``re.error`` (what msticpy raises for a bad
pattern) and a ``ValueError``; ``LimitExceededError`` is a ``ValueError``.
"""

from __future__ import annotations

import re
from typing import Any


class MsticpyException(Exception):  # noqa: N818
    """Default exception class for msticpy."""


class MsticpyConfigError(MsticpyException):
    """Configuration exception class for msticpy."""


class MsticpyResourceError(MsticpyException):
    """Exception class for resource errors."""


class MsticpyUserError(MsticpyException):
    """Base class for user errors: the message says what to change."""

    def __init__(self, *args: Any, help_uri: tuple[str, str] | str | None = None, **kwargs: Any):
        """Create the exception; ``help_uri`` is kept for msticpy compatibility."""
        super().__init__(*args)
        self.help_uri = help_uri
        self.kwargs = kwargs


class MsticpyUserConfigError(MsticpyUserError):
    """Configuration error the user can fix."""


class ConfigFileError(MsticpyUserConfigError, ValueError):
    """
    A configuration file (msticpyconfig.yaml) cannot be read.

    The message names the file, the line when known and the nearest key; it never
    quotes a value from the file, so secrets stay out of it.
    """


class MsticpyNotConnectedError(MsticpyUserError):
    """A data provider was used before ``connect``."""


class MsticpyNoDataSourceError(MsticpyUserError):
    """No data source was found."""


class MsticpyDataQueryError(MsticpyUserError):
    """A query could not be run."""


class MsticpyConnectionError(MsticpyUserError):
    """A connection could not be made."""


class MsticpyImportExtraError(MsticpyUserError, ImportError):
    """A feature needs an optional extra that is not installed."""


class MsticpyMissingDependencyError(MsticpyUserError, ImportError):
    """A dependency is missing."""


class MsticpyParameterError(MsticpyUserError):
    """A parameter is missing or has an invalid value."""


class LimitExceededError(MsticpyUserError, ValueError):
    """A resource budget (``msticpy.common.limits.Limits``) was exceeded in strict mode."""


class InvalidPatternError(re.error, ValueError):
    """
    A user pattern cannot be used by the linear-time matching engine.

    Raised by ``IoCExtract.add_ioc_type`` for invalid syntax (as msticpy's ``re.error``)
    and for constructs a linear-time engine cannot run (look-around, back-references).
    """

    def __init__(self, msg: str, pattern: str | None = None, pos: int | None = None):
        """Create the exception with ``re.error``'s signature."""
        super().__init__(msg, pattern, pos)


class QueryDefinitionError(MsticpyUserConfigError, ValueError):
    """A query definition file is malformed; the message names the file, query and key."""


class QueryParameterError(MsticpyUserError, ValueError):
    """A query parameter value cannot be substituted safely (or is missing)."""


class MsticpyLimitWarning(UserWarning):
    """A budget truncated a result (tolerant mode); see ``Limits``."""
