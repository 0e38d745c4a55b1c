"""The little typelink needs from Redis: Lua scripts, a safe lock, and a lazy import.

Everything typelink does in Redis is one Lua script per operation, so each step is atomic
and the only client method used is ``register_script`` (redis-py's ``Redis``, ``RedisCluster``
and compatible clients all have it). The ``redis`` package is an optional extra.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Callable, Generator
from typing import Any, Protocol

from typelink.errors import ConfigurationError

__all__ = ["RedisClient", "RedisLock", "load_redis", "redis_from_url"]

INSTALL_HINT = "pip install typelink[redis]"


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


def redis_from_url(url: str) -> RedisClient:
    """A redis-py client for ``url`` (``redis://host:port/db``)."""
    client: RedisClient = load_redis().Redis.from_url(url)
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
    """

    def __init__(
        self,
        client: RedisClient,
        timeout: float = 30.0,
        *,
        poll: float = 0.01,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)
        self.timeout = timeout
        self._poll = poll
        self._sleep = sleep
        self._clock = clock

    def acquire(self, name: str, wait: float | None = None) -> str:
        """Take lock ``name``, waiting up to ``wait`` seconds (default: the lock timeout).

        Returns the owner token :meth:`release` needs; raises ``TimeoutError`` when the lock
        could not be taken in time.
        """
        owner = secrets.token_hex(16)
        ttl_ms = max(1, int(self.timeout * 1000))
        deadline = self._clock() + (self.timeout if wait is None else wait)
        while not int(self._acquire(keys=[name], args=[owner, ttl_ms])):
            if self._clock() >= deadline:
                raise TimeoutError(f"could not take Redis lock {name!r}")
            self._sleep(self._poll)
        return owner

    def release(self, name: str, owner: str) -> bool:
        """Free lock ``name`` if ``owner`` still holds it; False when it had expired."""
        return bool(int(self._release(keys=[name], args=[owner])))

    @contextlib.contextmanager
    def hold(self, name: str, wait: float | None = None) -> Generator[None, None, None]:
        """``with lock.hold(name):`` around :meth:`acquire` / :meth:`release`."""
        owner = self.acquire(name, wait)
        try:
            yield
        finally:
            self.release(name, owner)
