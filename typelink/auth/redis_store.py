"""A token store in Redis: many processes and machines share one token and refresh it once.

Each key is a Redis hash ``{token: <json>, generation: <int>}``; ``set`` bumps the generation
and writes the token in one Lua script. ``lock`` is a :class:`typelink._redis.RedisLock`,
so only one process at a time asks the token endpoint for a new token.

Given a ``redis.asyncio`` client (``from_url(url, async_client=True)``), the store serves an
async client: :meth:`get_async`, :meth:`set_async` and :meth:`lock_async` await the same
scripts (the blocking methods then refuse with a ConfigurationError). Given a blocking
client, those twins await its commands on the bounded Redis worker pool.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncGenerator, Generator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import Any

from typelink._internal.flows import call_async
from typelink._internal.redis import BoundedRedis, RedisClient, RedisLock, redis_from_url
from typelink.errors import CredentialError
from typelink.policies.tokens import StoredToken, Token

__all__ = ["RedisTokenStore"]

logger = logging.getLogger("typelink.auth")

_GET = "return redis.call('HMGET', KEYS[1], 'token', 'generation')"
_SET = """
local generation = redis.call('HINCRBY', KEYS[1], 'generation', 1)
redis.call('HSET', KEYS[1], 'token', ARGV[1])
return generation
"""


class RedisTokenStore:
    """Tokens in Redis under ``<prefix><key>``, shared by every process using the same server.

    ``redis_client`` is a redis-py client (``redis.Redis.from_url(...)``), or use
    :meth:`from_url`. ``lock_timeout`` bounds how long a crashed refresher blocks others;
    ``timeout`` bounds each command (None: the running call's timeout and budget). A Redis
    that is down or hangs gives :class:`typelink.errors.StoreError`, under either driver.
    """

    def __init__(
        self,
        redis_client: RedisClient,
        prefix: str = "typelink:token:",
        lock_timeout: float = 30.0,
        *,
        timeout: float | None = None,
    ) -> None:
        self.prefix = prefix
        redis = BoundedRedis(redis_client, store="token", timeout=timeout)
        self._get = redis.script(_GET)
        self._set = redis.script(_SET)
        self._lock = RedisLock(redis, lock_timeout)

    @classmethod
    def from_url(
        cls,
        url: str,
        prefix: str = "typelink:token:",
        lock_timeout: float = 30.0,
        *,
        async_client: bool = False,
    ) -> RedisTokenStore:
        """Connect with redis-py (needs ``pip install typelink[redis]``); ``async_client``:
        with ``redis.asyncio``, for async clients."""
        return cls(redis_from_url(url, async_client=async_client), prefix, lock_timeout)

    def get(self, key: str) -> StoredToken | None:
        """The stored token, or None when missing or unreadable."""
        return self._decode(key, self._get([self.prefix + key]))

    async def get_async(self, key: str) -> StoredToken | None:
        """:meth:`get` under asyncio."""
        return self._decode(key, await call_async(self._get, [self.prefix + key]))

    def _decode(self, key: str, raw: Any) -> StoredToken | None:
        raw_token, raw_generation = raw
        if raw_token is None or raw_generation is None:
            return None
        try:
            token = Token.from_dict(json.loads(raw_token))
            return StoredToken(token, int(raw_generation))
        except (ValueError, TypeError, AttributeError):
            logger.warning("Redis holds a malformed token under %s", self.prefix + key)
            return None

    def set(self, key: str, token: Token) -> int:
        """Store ``token`` and return its new generation (atomic)."""
        return int(self._set([self.prefix + key], [json.dumps(token.to_dict())]))

    async def set_async(self, key: str, token: Token) -> int:
        """:meth:`set` under asyncio."""
        return int(await call_async(self._set, [self.prefix + key], [json.dumps(token.to_dict())]))

    @contextlib.contextmanager
    def _locked(self, name: str) -> Generator[None, None, None]:
        try:
            owner = self._lock.acquire(name)
        except TimeoutError as exc:
            raise CredentialError(
                "timed out waiting for another process to refresh the token"
            ) from exc
        try:
            yield
        finally:
            self._lock.release(name, owner)

    def lock(self, key: str) -> AbstractContextManager[object]:
        """A Redis lock shared by every process; CredentialError if it cannot be taken."""
        return self._locked(self.prefix + key + ":lock")

    @contextlib.asynccontextmanager
    async def _locked_async(self, name: str) -> AsyncGenerator[None, None]:
        try:
            owner = await self._lock.acquire_async(name)
        except TimeoutError as exc:
            raise CredentialError(
                "timed out waiting for another process to refresh the token"
            ) from exc
        try:
            yield
        finally:
            await self._lock.release_async(name, owner)

    def lock_async(self, key: str) -> AbstractAsyncContextManager[object]:
        """:meth:`lock` under asyncio."""
        return self._locked_async(self.prefix + key + ":lock")

    def __repr__(self) -> str:
        return f"RedisTokenStore(prefix={self.prefix!r})"
