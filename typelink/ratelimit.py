"""Compatibility path for the rate limiters (see :mod:`typelink.policies`)."""

from typelink.policies.ratelimit import MemoryQuotaStore, QuotaLimiter, QuotaStore, RedisBucket

__all__ = ["MemoryQuotaStore", "QuotaLimiter", "QuotaStore", "RedisBucket"]
