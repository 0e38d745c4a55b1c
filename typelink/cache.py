"""Compatibility path: ``from typelink.cache import Cache`` (see :mod:`typelink.policies`)."""

from typelink.policies.cache import Cache

__all__ = ["Cache"]
