"""Store failures: a token, rate-limit or cache store that is down or hangs.

A real ``redis-server`` is stopped, restarted and paused (SIGSTOP: connections stay open and
nothing answers, as in a network partition) in the middle of a run. A down store gives a
typed error (the cache: a miss and a warning), never a raw ``redis`` exception or ``OSError``;
a hung store cannot hold a call past its ``total_budget``; calls recover when Redis returns.
The same holds under the async client, with a ``redis.asyncio`` client or a blocking one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.fixtures.redis_server import RedisServer, find_redis_server
from tests.fixtures.servers import Reply, ScriptedServer
from typelink import (
    AsyncConsumer,
    Cache,
    Consumer,
    QuotaLimiter,
    RedisBucket,
    RedisStore,
    RetryPolicy,
    get,
)
from typelink import errors as tl_errors
from typelink.auth import ExpiringTokenAuth, FileTokenStore, RedisTokenStore, Token

redis_lib = pytest.importorskip("redis", reason="the redis extra is not installed")
pytest.importorskip("redis.asyncio")


def patient_client(server: RedisServer) -> Any:
    """A client of the caller's own, without socket timeouts (older redis-py's default):
    nothing but typelink bounds how long it waits for a hung server."""
    return redis_lib.Redis.from_url(server.url, socket_timeout=None, socket_connect_timeout=None)


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    """A private redis-server this module may stop and pause (not the session's)."""
    binary = find_redis_server()
    if binary is None:
        if os.environ.get("TYPELINK_REQUIRE_REDIS"):
            pytest.fail("no redis-server binary (TYPELINK_REQUIRE_REDIS is set)")
        pytest.skip("no redis-server binary")
    server = RedisServer(binary)
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(AssertionError, ProcessLookupError):
            server.resume()
        server.stop()


class Issuer:
    """A token provider that counts what it issues."""

    store_key = "issuer"

    def __init__(self) -> None:
        self.issued = 0

    def fetch(self, previous: Token | None) -> Token:
        self.issued += 1
        return Token(f"token-{self.issued}", expires_at=None)


class Api(Consumer):
    @get("data")
    def read(self) -> dict[str, Any]:
        raise NotImplementedError

    @get("cached", cache=60)
    def cached(self) -> dict[str, Any]:
        raise NotImplementedError


@pytest.fixture
def api_server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    server.handler = lambda seen: Reply(body=b'{"ok": true}')
    try:
        yield server
    finally:
        server.close()


BUDGET = RetryPolicy(max_retries=0, total_budget=1.0)


def finishes_while_paused(redis: RedisServer, call: Callable[[], Any]) -> Any:
    """Run ``call`` with Redis paused; it must return (or raise) while Redis is still paused."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            outcome.append(exc)

    redis.pause()
    try:
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(15)  # a safety net only: the budget is 1 s
        assert not worker.is_alive(), "a hung Redis held the call past its budget"
    finally:
        redis.resume()
    return outcome[0]


def test_a_token_store_that_is_down_or_hangs_fails_typed_and_recovers(redis, api_server):
    issuer = Issuer()
    auth = ExpiringTokenAuth(issuer, RedisTokenStore(patient_client(redis)))
    api = Api(base_url=api_server.url, auth=auth, retry=BUDGET)
    assert api.read() == {"ok": True}

    hung = finishes_while_paused(redis, api.read)
    assert isinstance(hung, tl_errors.TypelinkError), repr(hung)
    assert type(hung).__name__ == "StoreError"

    redis.crash()
    with pytest.raises(tl_errors.TypelinkError) as caught:
        api.read()
    assert type(caught.value).__name__ == "StoreError"
    assert "redis" not in type(caught.value.__cause__).__module__.lower()

    redis.restart()
    assert api.read() == {"ok": True}  # the token was lost with Redis: fetched again
    assert issuer.issued == 2


def test_a_rate_limit_store_that_is_down_or_hangs_fails_typed_and_recovers(redis, api_server):
    limiter = QuotaLimiter(100, store=RedisBucket(patient_client(redis)))
    api = Api(base_url=api_server.url, rate_limiter=limiter, retry=BUDGET)
    assert api.read() == {"ok": True}

    hung = finishes_while_paused(redis, api.read)
    assert isinstance(hung, tl_errors.TypelinkError), repr(hung)

    redis.crash()
    with pytest.raises(tl_errors.TypelinkError):
        api.read()

    redis.restart()
    assert api.read() == {"ok": True}


def test_a_cache_store_that_is_down_or_hangs_is_a_miss_and_a_warning(redis, api_server, caplog):
    store = RedisStore(patient_client(redis))
    api = Api(base_url=api_server.url, cache=Cache(store=store), retry=BUDGET)
    assert api.cached() == {"ok": True}
    assert api.cached() == {"ok": True}
    assert len(api_server.seen) == 1  # the second call was a hit

    caplog.set_level(logging.WARNING, logger="typelink")
    assert finishes_while_paused(redis, api.cached) == {"ok": True}
    redis.crash()
    assert api.cached() == {"ok": True}
    assert len(api_server.seen) == 3  # both were misses, answered by the API
    warnings = [r for r in caplog.records if "cache store" in r.getMessage()]
    assert warnings and all(r.levelno == logging.WARNING for r in warnings)

    redis.restart()
    api.cached()
    api.cached()
    assert len(api_server.seen) == 4  # stored again, then a hit


def test_a_token_store_on_an_unusable_disk_fails_typed(tmp_path, api_server):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the store's directory should be")
    store = FileTokenStore(blocker / "tokens.json")
    api = Api(base_url=api_server.url, auth=ExpiringTokenAuth(Issuer(), store))
    with pytest.raises(tl_errors.TypelinkError) as caught:
        api.read()
    assert type(caught.value).__name__ == "StoreError"
    assert api_server.seen == []


# -- the same failures under the async client --------------------------------------------


class AsyncApi(AsyncConsumer):
    @get("data")
    async def read(self) -> dict[str, Any]:
        raise NotImplementedError

    @get("cached", cache=60)
    async def cached(self) -> dict[str, Any]:
        raise NotImplementedError


def patient_async_client(server: RedisServer) -> Any:
    """A ``redis.asyncio`` client of the caller's own, without socket timeouts."""
    return redis_lib.asyncio.Redis.from_url(
        server.url, socket_timeout=None, socket_connect_timeout=None
    )


async def finishes_while_paused_async(redis: RedisServer, call: Callable[[], Any]) -> Any:
    """Await ``call()`` with Redis paused; it must end while Redis is still paused."""
    redis.pause()
    try:
        try:  # a safety net only: the budget is 1 s
            return await asyncio.wait_for(call(), 15)
        except asyncio.TimeoutError:
            raise AssertionError("a hung Redis held the call past its budget") from None
        except BaseException as exc:
            return exc
    finally:
        redis.resume()


def test_an_async_token_store_that_is_down_or_hangs_fails_typed_and_recovers(redis, api_server):
    issuer = Issuer()

    async def scenario() -> None:
        client = patient_async_client(redis)
        auth = ExpiringTokenAuth(issuer, RedisTokenStore(client))
        async with AsyncApi(base_url=api_server.url, auth=auth, retry=BUDGET) as api:
            assert await api.read() == {"ok": True}
            hung = await finishes_while_paused_async(redis, api.read)
            assert type(hung).__name__ == "StoreError", repr(hung)
            redis.crash()
            with pytest.raises(tl_errors.TypelinkError) as caught:
                await api.read()
            assert type(caught.value).__name__ == "StoreError"
            assert "redis" not in type(caught.value.__cause__).__module__.lower()
            redis.restart()
            assert await api.read() == {"ok": True}  # fetched again: the token went with Redis
        await client.aclose()

    asyncio.run(scenario())
    assert issuer.issued == 2


def test_an_async_rate_limit_store_on_a_blocking_client_fails_typed_and_recovers(redis, api_server):
    limiter = QuotaLimiter(100, store=RedisBucket(patient_client(redis)))  # on the worker pool

    async def scenario() -> None:
        async with AsyncApi(base_url=api_server.url, rate_limiter=limiter, retry=BUDGET) as api:
            assert await api.read() == {"ok": True}
            hung = await finishes_while_paused_async(redis, api.read)
            assert type(hung).__name__ == "StoreError", repr(hung)
            redis.crash()
            with pytest.raises(tl_errors.TypelinkError):
                await api.read()
            redis.restart()
            assert await api.read() == {"ok": True}

    asyncio.run(scenario())


def test_an_async_cache_store_that_is_down_or_hangs_is_a_miss(redis, api_server, caplog):
    async def scenario() -> None:
        client = patient_async_client(redis)
        store = RedisStore(client)
        async with AsyncApi(base_url=api_server.url, cache=Cache(store=store), retry=BUDGET) as api:
            assert await api.cached() == {"ok": True}
            assert await api.cached() == {"ok": True}
            assert len(api_server.seen) == 1  # the second call was a hit
            caplog.set_level(logging.WARNING, logger="typelink")
            assert await finishes_while_paused_async(redis, api.cached) == {"ok": True}
            redis.crash()
            assert await api.cached() == {"ok": True}
            assert len(api_server.seen) == 3  # both were misses, answered by the API
        await client.aclose()

    asyncio.run(scenario())
    warnings = [r for r in caplog.records if "cache store" in r.getMessage()]
    assert warnings and all(r.levelno == logging.WARNING for r in warnings)
