"""
Package version: the msticpy API level implemented, with this project's own release.

``VERSION`` is ``<msticpy version>+rs.<release>`` (a PEP 440 local version label), e.g.
``3.0.2+rs.0.1.0``: code that checks msticpy's version (``Version(msticpy.__version__)
>= Version("3.0")``, ``msticpy>=3.0`` requirements, even plain string comparisons) sees
the msticpy release whose API this package implements, and the label says which build
of this project it is. ``RELEASE`` is the Rust crates' version (``Cargo.toml``); the
same string is the ``version`` in ``pyproject.toml``. See docs/triage.md ("Version").
"""

#: The msticpy release whose API, defaults and outputs this package follows.
API_LEVEL = "3.0.2"
#: This project's own release: the workspace version in Cargo.toml.
RELEASE = "0.1.0"
VERSION = f"{API_LEVEL}+rs.{RELEASE}"
