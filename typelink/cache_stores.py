"""Compatibility path for the cache stores (see :mod:`typelink.policies`)."""

from typelink.policies.cache_stores import (
    CacheEntry,
    CacheStore,
    FileStore,
    MemoryStore,
    RedisStore,
)

__all__ = ["CacheEntry", "CacheStore", "FileStore", "MemoryStore", "RedisStore"]
