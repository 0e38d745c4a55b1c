"""Pagination: ``Page[T]``, the strategies and resuming a walk (a documented namespace)."""

from typelink.pagination.executor import *  # noqa: F403
from typelink.pagination.executor import __all__ as __all__
