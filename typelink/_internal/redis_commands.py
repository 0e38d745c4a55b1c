"""Redis commands that fail typed and never wait longer than the running call may.

A Redis that is down gives a typed :class:`StoreError` (never a raw ``redis`` exception). A
Redis that *hangs* (paused, a network partition) must not hold a call past its timeout or
its ``total_budget``. A blocking socket read cannot be interrupted, so a blocking client's
command runs on a small shared pool of worker threads and the caller waits at most
:func:`~typelink._internal.limits.blocking_allowance`; a command whose caller stopped
waiting before it started is skipped, and clients typelink creates also get socket
timeouts, so a worker stuck on a hung server is freed.

Under asyncio the same bound holds without blocking the event loop: a ``redis.asyncio``
client's command is awaited for at most the allowance (and cancelled after it); a blocking
client's command runs on the same worker pool and its future is awaited.
:meth:`BoundedRedis.script` gives each Lua script as a :class:`~typelink._internal.flows.Twin`,
so a store's flows (the Redis lock's wait) run under either driver.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import inspect
import math
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from typelink._internal.flows import Twin
from typelink._internal.limits import blocking_allowance
from typelink.errors import ConfigurationError, StoreError, TypelinkError

__all__ = ["BoundedRedis", "is_async_client"]

_WORKERS = 16


def is_async_client(client: Any) -> bool:
    """True for a ``redis.asyncio`` client (its commands are coroutines)."""
    return inspect.iscoroutinefunction(getattr(client, "execute_command", None))


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


_TIMEOUTS = (TimeoutError, concurrent.futures.TimeoutError, asyncio.TimeoutError, _Abandoned)
"""The caller's wait ran out (three names for one thing since Python 3.11, not before)."""


def _job(function: Callable[..., Any], args: Any, kwargs: Any, wait: float) -> Callable[[], Any]:
    """The command as a pool job that is skipped once its caller has stopped waiting."""
    start_by = time.monotonic() + wait

    def job() -> Any:
        if time.monotonic() >= start_by:
            raise _Abandoned
        return function(*args, **kwargs)

    return job


class BoundedRedis:
    """A Redis client whose commands fail typed and wait at most the caller's allowance.

    ``store`` names the store in messages (``"token"``, ``"rate-limit"``, ``"cache"``);
    ``timeout`` bounds every command (None: only the running call's timeout and budget).
    ``client`` is a redis-py client, or a ``redis.asyncio`` one (then only :meth:`run_async`
    and the scripts' async side work: a blocking client of typelink cannot await it).
    """

    def __init__(self, client: Any, *, store: str, timeout: float | None = None) -> None:
        self.client = client
        self.store = store
        self.timeout = timeout
        self.awaits = is_async_client(client)

    def script(self, source: str) -> Twin[Any]:
        """A registered Lua script whose calls are bounded and typed, under either driver
        (called as ``script(keys, args)``)."""
        return self.twin(self.client.register_script(source))

    def twin(self, function: Callable[..., Any]) -> Twin[Any]:
        """``function`` (a client command) bounded and typed, as each driver performs it."""
        return Twin(
            functools.partial(self.run, function),
            functools.partial(self.run_async, function),
            blocking=False,
        )

    def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)`` (a client command), bounded and typed."""
        if self.awaits:
            raise ConfigurationError(
                f"the {self.store} store was given a redis.asyncio client, which only an async "
                "client can use; pass a redis.Redis client for blocking use"
            )
        wait = self._allowance()
        try:
            if math.isinf(wait):
                return function(*args, **kwargs)
            future = _POOL.submit(_job(function, args, kwargs, wait))
            try:
                return future.result(timeout=wait)
            finally:
                future.cancel()  # not started yet: it never runs
        except TypelinkError:
            raise
        except Exception as exc:
            problem = _problem(exc, wait)
        raise self._error(problem) from None

    async def run_async(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """:meth:`run` under asyncio: awaited (a blocking client's command on the worker
        pool), for at most the allowance; a cancelled caller cancels the command."""
        wait = self._allowance()
        try:
            if self.awaits:
                awaitable = function(*args, **kwargs)
            else:
                awaitable = asyncio.wrap_future(_POOL.submit(_job(function, args, kwargs, wait)))
            return await asyncio.wait_for(awaitable, None if math.isinf(wait) else wait)
        except TypelinkError:
            raise
        except Exception as exc:
            problem = _problem(exc, wait)
        raise self._error(problem) from None

    def _allowance(self) -> float:
        """How long the next command may take (none left: a :class:`StoreError`)."""
        wait = blocking_allowance(self.timeout)
        if wait <= 0:
            raise self._error("was not asked: no time left in the call's budget") from None
        return wait

    def _error(self, problem: str) -> StoreError:
        return StoreError(f"the {self.store} store (Redis) {problem}", store=self.store)


def _problem(exc: Exception, wait: float) -> str:
    """What a failed command's exception means, in words (its text may quote the data)."""
    if not math.isinf(wait) and isinstance(exc, _TIMEOUTS):
        return f"did not answer within {wait:.3g} s"
    return f"failed ({type(exc).__name__})"
