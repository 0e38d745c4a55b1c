"""The little typelink needs from Redis: Lua scripts, a safe lock, bounded waits, a lazy import.

Everything typelink does in Redis is one Lua script per operation, so each step is atomic
and the only client method used is ``register_script`` (redis-py's ``Redis``, ``RedisCluster``
and compatible clients all have it). The ``redis`` package is an optional extra.

A Redis that is down gives a typed :class:`StoreError` (never a raw ``redis`` exception). A
Redis that *hangs* (paused, a network partition) must not hold a call past its timeout or its
``total_budget``; a blocking socket read cannot be interrupted, so each command runs on a
small shared pool of worker threads and the caller waits at most
:func:`~typelink._internal.limits.blocking_allowance`. A command whose caller stopped waiting
before it started is skipped; clients typelink creates also get socket timeouts, so a worker
stuck on a hung server is freed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import math
import os
import secrets
import threading
import time
from collections.abc import Callable, Generator
from typing import Any, Protocol

from typelink._internal.limits import blocking_allowance
from typelink.errors import ConfigurationError, StoreError, TypelinkError

__all__ = [
    "DEFAULT_SOCKET_TIMEOUT",
    "BoundedRedis",
    "RedisClient",
    "RedisLock",
    "load_redis",
    "redis_from_url",
]

INSTALL_HINT = "pip install typelink[redis]"

DEFAULT_SOCKET_TIMEOUT = 10.0
"""Socket timeouts of the clients typelink creates (``from_url``)."""

_WORKERS = 16


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


def redis_from_url(url: str, socket_timeout: float = DEFAULT_SOCKET_TIMEOUT) -> RedisClient:
    """A redis-py client for ``url`` (``redis://host:port/db``) whose socket operations
    time out (a hung server frees the worker waiting on it)."""
    client: RedisClient = load_redis().Redis.from_url(
        url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
    )
    return client


class _Pool:
    """The worker threads (re-created in a forked child, where the parent's are gone)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = 0
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None

    def submit(self, job: Callable[[], Any]) -> concurrent.futures.Future[Any]:
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    _WORKERS, thread_name_prefix="typelink-redis"
                )
                self._pid = os.getpid()
            return self._executor.submit(job)


_POOL = _Pool()


class _Abandoned(Exception):
    """The caller stopped waiting before the command started: it is not run at all."""


class BoundedRedis:
    """A Redis client whose commands fail typed and wait at most the caller's allowance.

    ``store`` names the store in messages (``"token"``, ``"rate-limit"``, ``"cache"``);
    ``timeout`` bounds every command (None: only the running call's timeout and budget).
    """

    def __init__(self, client: Any, *, store: str, timeout: float | None = None) -> None:
        self.client = client
        self.store = store
        self.timeout = timeout

    def script(self, source: str) -> Callable[..., Any]:
        """A registered Lua script whose calls are bounded and typed."""
        registered = self.client.register_script(source)

        def run(**kwargs: Any) -> Any:
            return self.run(registered, **kwargs)

        return run

    def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)`` (a client command), bounded and typed."""
        wait = blocking_allowance(self.timeout)
        problem: str
        if wait <= 0:
            problem = "was not asked: no time left in the call's budget"
        elif math.isinf(wait):
            try:
                return function(*args, **kwargs)
            except TypelinkError:
                raise
            except Exception as exc:
                problem = f"failed ({type(exc).__name__})"
        else:
            outcome = self._bounded(function, args, kwargs, wait)
            if not isinstance(outcome, _Failure):
                return outcome
            problem = outcome.problem
        raise StoreError(f"the {self.store} store (Redis) {problem}", store=self.store) from None

    def _bounded(self, function: Callable[..., Any], args: Any, kwargs: Any, wait: float) -> Any:
        start_by = time.monotonic() + wait

        def job() -> Any:
            if time.monotonic() >= start_by:
                raise _Abandoned
            return function(*args, **kwargs)

        future = _POOL.submit(job)
        try:
            return future.result(timeout=wait)
        except concurrent.futures.TimeoutError:
            future.cancel()
            return _Failure(f"did not answer within {wait:.3g} s")
        except _Abandoned:
            return _Failure(f"did not answer within {wait:.3g} s")
        except TypelinkError:
            raise
        except Exception as exc:
            return _Failure(f"failed ({type(exc).__name__})")


class _Failure:
    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


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
    Waiting for the lock never outlasts the running call's timeout or budget.
    """

    def __init__(
        self,
        client: RedisClient | BoundedRedis,
        timeout: float = 30.0,
        *,
        poll: float = 0.01,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        bounded = client if isinstance(client, BoundedRedis) else BoundedRedis(client, store="lock")
        self._acquire = bounded.script(_ACQUIRE)
        self._release = bounded.script(_RELEASE)
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
        limit = min(self.timeout if wait is None else wait, blocking_allowance(None))
        deadline = self._clock() + limit
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
