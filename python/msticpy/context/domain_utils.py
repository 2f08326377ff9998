"""
Domain utilities (msticpy's ``msticpy.context.domain_utils``).

This build provides ``DomainValidator.validate_tld``, the check that ``IoCExtract``'s
``dns`` type depends on, against the Public Suffix List snapshot shipped inside the
package (never fetched at run time). Not yet built here: ``is_resolvable``,
``in_abuse_list``, ``dns_resolve``, ``screenshot`` (network look-ups).
"""

from __future__ import annotations

from .._version import VERSION

__version__ = VERSION


class DomainValidator:
    """Validate domain names."""

    @staticmethod
    def validate_tld(url_domain: str) -> bool:
        """
        Return True if a domain (or URL) ends in a public suffix.

        Parameters
        ----------
        url_domain : str
            The URL or domain to validate.

        Returns
        -------
        bool
            True if its suffix is on the Public Suffix List (ICANN section).

        """
        from .. import _native

        return bool(_native.validate_tld(url_domain))
