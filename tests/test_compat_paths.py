"""Import paths that earlier READMEs documented keep working (they re-export the layers)."""

from __future__ import annotations

import typelink


def test_old_import_paths_name_the_same_objects() -> None:
    from typelink.cache import Cache
    from typelink.cache_stores import CacheEntry, CacheStore, FileStore, MemoryStore, RedisStore
    from typelink.pagination import PageNumber, PageState, resume
    from typelink.ratelimit import MemoryQuotaStore, QuotaLimiter, QuotaStore, RedisBucket

    assert Cache is typelink.Cache and FileStore is typelink.FileStore
    assert MemoryStore is typelink.MemoryStore and RedisStore is typelink.RedisStore
    assert CacheStore is typelink.CacheStore and CacheEntry.__name__ == "CacheEntry"
    assert PageNumber is typelink.PageNumber and PageState is typelink.PageState
    assert resume is typelink.resume and QuotaLimiter is typelink.QuotaLimiter
    assert RedisBucket is typelink.RedisBucket
    assert MemoryQuotaStore.__name__ == "MemoryQuotaStore" and QuotaStore.__name__ == "QuotaStore"


def test_the_root_all_is_complete() -> None:
    """Every public name of the root is in ``__all__`` (ruff's RUF022 keeps it sorted)."""
    exported = typelink.__all__
    assert len(exported) == len(set(exported))
    public = {name for name in vars(typelink) if not name.startswith("_")} - {"annotations"}
    modules = {name for name in public if type(getattr(typelink, name)).__name__ == "module"}
    assert set(exported) == (public - modules) | {"__version__"}
