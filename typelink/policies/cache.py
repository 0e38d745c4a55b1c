"""Conditional requests and TTL caching of GET calls, inside the call pipeline.

Two mechanisms, both keyed per credential so two users of one process never see each
other's data (the key hashes ``auth.identity()``, the endpoint, the URL with its query and
the request headers):

* **Revalidation** (``Cache(revalidate=True)``, i.e. ``Client(cache=True)``): a response with
  an ``ETag`` or ``Last-Modified`` is stored; the next call sends ``If-None-Match`` /
  ``If-Modified-Since`` and a ``304 Not Modified`` is answered with the cached parsed value.
  (GitHub does not count 304s against the rate limit.)
* **TTL** (``@get(..., cache=60)`` or ``Cache(ttl=60)``): within the TTL the call is not sent
  at all; after it, the entry is revalidated if it has validators.

Why not requests-cache or CacheControl: both sit below typelink, as a replacement session
(requests-cache's ``CachedSession``, or its global monkeypatch) or a wrapping adapter
(CacheControl), so they would take over the user's own session; they cache raw responses,
so every hit would be parsed again; their keys are the request (CacheControl: the URL plus
``Vary``; requests-cache: method, URL, body and chosen headers, and it ignores and redacts
common credential headers by default, which makes users share entries unless configured);
and a hit would still pass through auth and the rate limiter, spending a quota slot. Here the
lookup happens in the pipeline before auth and rate limiting, the key is the endpoint plus
the credential identity, and the memory store keeps the parsed value.

``Cache-Control: no-store`` responses are never stored. Cached values are shared between
callers: treat them as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from typelink._internal.flows import call_async, twin_of
from typelink.errors import ConfigurationError
from typelink.policies.cache_stores import MemoryStore
from typelink.policies.protocols import CacheStore

__all__ = ["Cache", "check_endpoint_option", "client_cache"]


@dataclass
class Cache:
    """Client-wide cache settings: ``Client(cache=Cache(store=RedisStore(url=...), ttl=30))``.

    ``ttl`` is the default freshness for every GET (an endpoint's ``cache=`` overrides it);
    ``revalidate`` stores responses that carry validators and sends conditional requests;
    ``keep`` is how long (seconds) a revalidatable entry is kept after it was stored.
    """

    store: CacheStore = field(default_factory=MemoryStore)
    ttl: float | None = None
    revalidate: bool = True
    keep: float = 86400.0

    def __post_init__(self) -> None:
        if self.ttl is not None and self.ttl < 0:
            raise ConfigurationError(f"Cache ttl must be >= 0, got {self.ttl}")
        if self.keep < 0:
            raise ConfigurationError(f"Cache keep must be >= 0, got {self.keep}")

    def clear(self) -> None:
        """Forget everything in the store."""
        self.store.clear()

    async def clear_async(self) -> None:
        """:meth:`clear` under asyncio (the store's ``clear_async``, when it has one)."""
        await call_async(twin_of(self.store, "clear"))


def client_cache(value: object) -> Cache | None:
    """The runtime cache for a client's ``cache=`` option.

    None (the default): a memory cache used only by endpoints that declare ``cache=``;
    True: revalidate every GET in memory; False: no caching at all, even where declared.
    """
    if value is None:
        return Cache(revalidate=False)
    if value is True:
        return Cache()
    if value is False:
        return None
    if isinstance(value, Cache):
        return value
    raise ConfigurationError(f"cache= must be a typelink Cache, True, False or None; got {value!r}")


def check_endpoint_option(value: object) -> None:
    """Validate an endpoint's ``cache=`` (None, a bool, or a TTL in seconds)."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, (int, float)) and value >= 0:
        return
    raise ConfigurationError(f"cache= must be True, False or a TTL in seconds, got {value!r}")
