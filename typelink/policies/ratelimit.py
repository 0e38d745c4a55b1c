"""Client-side rate limiting: a quota of calls per period, plus waits the server asks for.

:class:`QuotaLimiter` implements :class:`typelink.hooks.RateLimiter`. ``acquire`` takes a
slot and returns 0.0, or returns how long to wait before asking again (it takes nothing
then). The quota is a sliding window: at most ``calls`` calls in any ``period`` seconds.

It is also adaptive: once a response says the quota is exhausted (``X-RateLimit-Remaining:
0`` with ``X-RateLimit-Reset``, or a 429 with ``Retry-After``), later calls wait for the
reset instead of each failing in turn. With a :class:`RedisBucket` store, N worker
processes share one window and one exhausted-until time.

Under an async client the limiter's ``acquire_async``/``observe_async`` twins perform the
store's own twins (a :class:`RedisBucket` on a ``redis.asyncio`` client awaits its scripts);
the in-memory store never waits, so it is called directly.
"""

from __future__ import annotations

import collections
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Literal, Protocol, runtime_checkable
from urllib.parse import urlsplit

from typelink._internal.flows import call_async, twin_of
from typelink._internal.redis import BoundedRedis, RedisClient, redis_from_url
from typelink.declare.spec import EndpointInfo
from typelink.errors import ConfigurationError
from typelink.policies.retry import quota_reset_wait, retry_after_header_wait

__all__ = ["MemoryQuotaStore", "QuotaLimiter", "QuotaStore", "RedisBucket"]


@runtime_checkable
class QuotaStore(Protocol):
    """Where quota windows and exhausted-until times live (this process, or Redis)."""

    def take(self, key: str, calls: int | None, period: float, now: float) -> float:
        """Take a slot in ``key``'s window: 0.0, or the seconds to wait (nothing taken).

        ``calls`` None means no quota, only server-driven waits. ``now`` is the limiter's
        clock; shared stores may use their own (Redis uses the server's time).
        """
        ...

    def block(self, key: str, seconds: float, now: float) -> None:
        """Make ``take`` wait ``seconds`` from now (never shortens a longer wait)."""
        ...


class MemoryQuotaStore:
    """Quota state in this process, shared by the threads using one limiter (and called
    directly by async clients: nothing here waits)."""

    blocking = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[str, collections.deque[float]] = {}
        self._blocked_until: dict[str, float] = {}

    def take(self, key: str, calls: int | None, period: float, now: float) -> float:
        """Sliding-window slot, after any server-requested wait."""
        with self._lock:
            blocked = self._blocked_until.get(key, 0.0) - now
            if blocked > 0:
                return blocked
            if calls is None:
                return 0.0
            window = self._calls.setdefault(key, collections.deque())
            while window and window[0] <= now - period:
                window.popleft()
            if len(window) < calls:
                window.append(now)
                return 0.0
            return max(window[0] + period - now, 1e-6)

    def block(self, key: str, seconds: float, now: float) -> None:
        """Extend ``key``'s exhausted-until time."""
        with self._lock:
            until = now + seconds
            if until > self._blocked_until.get(key, 0.0):
                self._blocked_until[key] = until


_TAKE = """
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return tostring(blocked / 1000) end
local calls = tonumber(ARGV[1])
if calls < 0 then return '0' end
local period = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
if redis.call('ZCARD', KEYS[1]) < calls then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], period)
  return '0'
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tostring(math.max(tonumber(oldest[2]) + period - now, 1) / 1000)
"""

_BLOCK = """
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 1
"""


class RedisBucket:
    """Quota state in Redis: every process using the same key shares one window.

    Each ``take`` is one Lua script (atomic) timed by the Redis server's clock, so workers
    on machines with skewed clocks still agree. Keys expire on their own when idle. A Redis
    that is down or hangs (past ``timeout``, or the call's timeout and budget) gives
    :class:`typelink.errors.StoreError`, under either driver. With a ``redis.asyncio`` client
    (``from_url(url, async_client=True)``) it serves async clients.
    """

    def __init__(
        self,
        redis_client: RedisClient,
        prefix: str = "typelink:quota:",
        *,
        timeout: float | None = None,
    ) -> None:
        self.prefix = prefix
        redis = BoundedRedis(redis_client, store="rate-limit", timeout=timeout)
        self._take = redis.script(_TAKE)
        self._block = redis.script(_BLOCK)

    @classmethod
    def from_url(
        cls, url: str, prefix: str = "typelink:quota:", *, async_client: bool = False
    ) -> RedisBucket:
        """Connect with redis-py (needs ``pip install typelink[redis]``)."""
        return cls(redis_from_url(url, async_client=async_client), prefix)

    def take(self, key: str, calls: int | None, period: float, now: float) -> float:
        """Sliding-window slot in Redis, after any server-requested wait."""
        return _seconds(self._take(*self._take_arguments(key, calls, period)))

    async def take_async(self, key: str, calls: int | None, period: float, now: float) -> float:
        """:meth:`take` under asyncio."""
        return _seconds(await call_async(self._take, *self._take_arguments(key, calls, period)))

    def _take_arguments(self, key: str, calls: int | None, period: float) -> tuple[Any, Any]:
        keys = [f"{self.prefix}{key}:window", f"{self.prefix}{key}:blocked"]
        period_ms = max(1, round(period * 1000))
        limit = -1 if calls is None else calls
        return keys, [limit, period_ms, uuid.uuid4().hex]

    def block(self, key: str, seconds: float, now: float) -> None:
        """Extend the shared exhausted-until time."""
        millis = max(1, round(seconds * 1000))
        self._block([f"{self.prefix}{key}:blocked"], [millis])

    async def block_async(self, key: str, seconds: float, now: float) -> None:
        """:meth:`block` under asyncio."""
        millis = max(1, round(seconds * 1000))
        await call_async(self._block, [f"{self.prefix}{key}:blocked"], [millis])

    def __repr__(self) -> str:
        return f"RedisBucket(prefix={self.prefix!r})"


def _seconds(raw: Any) -> float:
    return float(raw.decode() if isinstance(raw, bytes) else raw)


class QuotaLimiter:
    """At most ``calls`` calls per ``period`` seconds, per client or per host.

    ``calls=None`` keeps only the adaptive part (server-driven waits). ``name`` separates
    clients that share a store (use the same name in every process sharing one quota).
    ``clock`` is monotonic seconds and ``wall_clock`` epoch seconds (for reset timestamps),
    both injectable for tests. The header names follow GitHub's by default.
    """

    def __init__(
        self,
        calls: int | None,
        period: float = 1.0,
        per: Literal["client", "host"] = "client",
        clock: Callable[[], float] = time.monotonic,
        store: QuotaStore | None = None,
        *,
        name: str = "client",
        wall_clock: Callable[[], float] = time.time,
        remaining_header: str = "X-RateLimit-Remaining",
        reset_header: str = "X-RateLimit-Reset",
    ) -> None:
        if calls is not None and calls < 1:
            raise ConfigurationError("a quota needs calls >= 1 (or None for adaptive only)")
        if period <= 0:
            raise ConfigurationError("a quota period must be positive")
        if per not in ("client", "host"):
            raise ConfigurationError("per must be 'client' or 'host'")
        self.calls = calls
        self.period = period
        self.per: Literal["client", "host"] = per
        self.name = name
        self.store: QuotaStore = store if store is not None else MemoryQuotaStore()
        self.remaining_header = remaining_header
        self.reset_header = reset_header
        self._clock = clock
        self._wall_clock = wall_clock
        self._take = twin_of(self.store, "take")
        self._block = twin_of(self.store, "block")

    def _key(self, url: str) -> str:
        if self.per == "client":
            return self.name
        try:
            host = urlsplit(url).netloc.lower()
        except ValueError:
            host = ""
        return f"{self.name}:{host}"

    def acquire(self, endpoint: EndpointInfo, url: str) -> float:
        """0.0 when the call may go now (a slot is taken), else seconds to wait first."""
        return self.store.take(self._key(url), self.calls, self.period, self._clock())

    async def acquire_async(self, endpoint: EndpointInfo, url: str) -> float:
        """:meth:`acquire` under asyncio (the store's twin, when it has one)."""
        return await call_async(self._take, self._key(url), self.calls, self.period, self._clock())

    def observe(
        self, endpoint: EndpointInfo, url: str, status: int, headers: Mapping[str, str]
    ) -> None:
        """Learn an exhausted quota from a response, so later calls wait for the reset."""
        wait = self.server_wait(status, headers)
        if wait is not None and wait > 0:
            self.store.block(self._key(url), wait, self._clock())

    async def observe_async(
        self, endpoint: EndpointInfo, url: str, status: int, headers: Mapping[str, str]
    ) -> None:
        """:meth:`observe` under asyncio."""
        wait = self.server_wait(status, headers)
        if wait is not None and wait > 0:
            await call_async(self._block, self._key(url), wait, self._clock())

    def server_wait(self, status: int, headers: Mapping[str, str]) -> float | None:
        """Seconds a response says to hold off: an exhausted quota's reset, or the
        ``Retry-After`` of a 429/503 (or of a 403: GitHub's secondary rate limits)."""
        wall = self._wall_clock()
        waits = [quota_reset_wait(headers, wall, self.remaining_header, self.reset_header)]
        if status in (403, 429, 503):
            waits.append(retry_after_header_wait(headers, wall))
        return max((w for w in waits if w is not None), default=None)

    def __repr__(self) -> str:
        quota = "adaptive" if self.calls is None else f"{self.calls}/{self.period:g}s"
        return f"QuotaLimiter({quota}, per={self.per!r}, store={self.store!r})"
