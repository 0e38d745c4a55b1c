"""Compatibility path for the cache stores (see :mod:`typelink.policies`)."""

from typelink.policies.cache_stores import CacheEntry, FileStore, MemoryStore, RedisStore
from typelink.policies.protocols import CacheStore

__all__ = ["CacheEntry", "CacheStore", "FileStore", "MemoryStore", "RedisStore"]
