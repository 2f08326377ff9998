"""Common utilities, exceptions and resource limits."""
