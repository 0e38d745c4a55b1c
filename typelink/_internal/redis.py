"""The little typelink needs from Redis: Lua scripts, a safe lock, bounded waits, a lazy import.

Everything typelink does in Redis is one Lua script per operation, so each step is atomic
and the only client method used is ``register_script`` (redis-py's ``Redis``, ``RedisCluster``
and compatible clients all have it). The ``redis`` package is an optional extra.

Every command goes through :class:`~typelink._internal.redis_commands.BoundedRedis`: a Redis
that is down or hangs gives a typed :class:`StoreError` within the running call's timeout and
budget. A client from ``redis.asyncio`` works too: its scripts are awaited by the async
driver, and the lock's waiting loop is one flow run by either driver.
"""

from __future__ import annotations

import contextlib
import importlib
import secrets
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import Any, Protocol

from typelink._internal.flows import Flow, call_async, invoke, run_flow, run_flow_async, sleep
from typelink._internal.limits import blocking_allowance
from typelink._internal.redis_commands import BoundedRedis, is_async_client
from typelink.errors import ConfigurationError

__all__ = [
    "DEFAULT_SOCKET_TIMEOUT",
    "BoundedRedis",
    "RedisClient",
    "RedisLock",
    "is_async_client",
    "load_redis",
    "redis_from_url",
]

INSTALL_HINT = "pip install typelink[redis]"

DEFAULT_SOCKET_TIMEOUT = 10.0
"""Socket timeouts of the clients typelink creates (``from_url``)."""


class RedisClient(Protocol):
    """The part of a redis-py client typelink uses."""

    def register_script(self, script: str) -> Callable[..., Any]:
        """Return a callable that runs ``script`` (``keys=[...], args=[...]``)."""
        ...


def load_redis() -> Any:
    """Import the optional ``redis`` package or explain how to install it."""
    try:
        import redis
    except ImportError as exc:
        raise ConfigurationError(f"Redis support needs the redis package: {INSTALL_HINT}") from exc
    return redis


def redis_from_url(
    url: str, socket_timeout: float = DEFAULT_SOCKET_TIMEOUT, *, async_client: bool = False
) -> RedisClient:
    """A redis-py client for ``url`` (``redis://host:port/db``) whose socket operations
    time out (a hung server frees the worker waiting on it); ``async_client``: one from
    ``redis.asyncio``, for stores used by an async client."""
    redis = load_redis()
    factory: Any = importlib.import_module("redis.asyncio").Redis if async_client else redis.Redis
    client: RedisClient = factory.from_url(
        url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
    )
    return client


_ACQUIRE = "return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0"
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisLock:
    """A mutual-exclusion lock in Redis: ``SET NX PX`` with a random owner value.

    The expiry (``timeout``) frees the lock if its holder dies; release deletes the key only
    if this holder still owns it, so a late release never frees someone else's lock.
    Waiting for the lock never outlasts the running call's timeout or budget. The waiting
    loop is one flow: :meth:`acquire` runs it blocking, :meth:`acquire_async` with ``await``
    (``async_sleep``, default ``asyncio.sleep``). A waiter that fails or is cancelled while
    its ``SET`` is in flight releases what it may have taken.
    """

    def __init__(
        self,
        client: RedisClient | BoundedRedis,
        timeout: float = 30.0,
        *,
        poll: float = 0.01,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        bounded = client if isinstance(client, BoundedRedis) else BoundedRedis(client, store="lock")
        self._acquire = bounded.script(_ACQUIRE)
        self._release = bounded.script(_RELEASE)
        self.timeout = timeout
        self._poll = poll
        self._sleep = sleep
        self._async_sleep = async_sleep
        self._clock = clock

    def acquire(self, name: str, wait: float | None = None) -> str:
        """Take lock ``name``, waiting up to ``wait`` seconds (default: the lock timeout).

        Returns the owner token :meth:`release` needs; raises ``TimeoutError`` when the lock
        could not be taken in time.
        """
        return run_flow(self._acquiring(name, wait), self._sleep)

    async def acquire_async(self, name: str, wait: float | None = None) -> str:
        """:meth:`acquire` under asyncio."""
        return await run_flow_async(self._acquiring(name, wait), self._async_sleep)

    def _acquiring(self, name: str, wait: float | None) -> Flow[str]:
        owner = secrets.token_hex(16)
        ttl_ms = max(1, int(self.timeout * 1000))
        limit = min(self.timeout if wait is None else wait, blocking_allowance(None))
        deadline = self._clock() + limit
        while True:
            try:
                taken = yield from invoke(self._acquire, [name], [owner, ttl_ms])
            except BaseException:
                with contextlib.suppress(Exception):  # best effort: the SET may have landed
                    yield from invoke(self._release, [name], [owner])
                raise
            if int(taken):
                return owner
            if self._clock() >= deadline:
                raise TimeoutError(f"could not take Redis lock {name!r}")
            yield from sleep(self._poll)

    def release(self, name: str, owner: str) -> bool:
        """Free lock ``name`` if ``owner`` still holds it; False when it had expired."""
        return bool(int(self._release([name], [owner])))

    async def release_async(self, name: str, owner: str) -> bool:
        """:meth:`release` under asyncio."""
        return bool(int(await call_async(self._release, [name], [owner])))

    @contextlib.contextmanager
    def hold(self, name: str, wait: float | None = None) -> Generator[None, None, None]:
        """``with lock.hold(name):`` around :meth:`acquire` / :meth:`release`."""
        owner = self.acquire(name, wait)
        try:
            yield
        finally:
            self.release(name, owner)

    @contextlib.asynccontextmanager
    async def hold_async(self, name: str, wait: float | None = None) -> AsyncGenerator[None, None]:
        """``async with lock.hold_async(name):``."""
        owner = await self.acquire_async(name, wait)
        try:
            yield
        finally:
            await self.release_async(name, owner)
