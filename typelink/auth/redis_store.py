"""A token store in Redis: many processes and machines share one token and refresh it once.

Each key is a Redis hash ``{token: <json>, generation: <int>}``; ``set`` bumps the generation
and writes the token in one Lua script. ``lock`` is a :class:`typelink._redis.RedisLock`,
so only one process at a time asks the token endpoint for a new token.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Generator
from contextlib import AbstractContextManager

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
    that is down or hangs gives :class:`typelink.errors.StoreError`.
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
        cls, url: str, prefix: str = "typelink:token:", lock_timeout: float = 30.0
    ) -> RedisTokenStore:
        """Connect with redis-py (needs ``pip install typelink[redis]``)."""
        return cls(redis_from_url(url), prefix, lock_timeout)

    def get(self, key: str) -> StoredToken | None:
        """The stored token, or None when missing or unreadable."""
        raw_token, raw_generation = self._get(keys=[self.prefix + key])
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
        return int(self._set(keys=[self.prefix + key], args=[json.dumps(token.to_dict())]))

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

    def __repr__(self) -> str:
        return f"RedisTokenStore(prefix={self.prefix!r})"
