"""Retry, rate limits and the cache under an async client: the same policies, waits through
the injected async sleep, and the Redis quota and cache store over ``redis.asyncio``."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.fixtures.asyncio_server import AsyncServer, Seen, replies
from tests.fixtures.servers import Reply
from typelink import (
    AsyncConsumer,
    Cache,
    QuotaLimiter,
    RateLimitError,
    RedisBucket,
    RedisStore,
    RetryPolicy,
    get,
)


class Things(AsyncConsumer):
    @get("things/{name}")
    async def fetch(self, name: str) -> dict[str, int]:
        raise NotImplementedError


class Sleeps:
    """An async sleep that records instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def test_retries_wait_through_the_injected_async_sleep() -> None:
    sleeps = Sleeps()

    async def scenario() -> None:
        script = replies(
            Reply(status=503, headers={"Retry-After": "7"}),
            Reply(status=502),
            Reply(body=b'{"n": 1}'),
        )
        async with AsyncServer(script) as server:
            retry = RetryPolicy(max_retries=3)
            async with Things(
                server.url, retry=retry, async_sleep=sleeps, rand=lambda: 0.0
            ) as things:
                assert await things.fetch("a") == {"n": 1}
            assert len(server.seen) == 3

    asyncio.run(scenario())
    assert sleeps.waits[0] == 7.0 and len(sleeps.waits) == 2


def test_a_shared_redis_quota_serves_async_clients(redis_url: str) -> None:
    """Two clients with their own RedisBucket (as two processes have) share 3 slots."""
    redis_asyncio = pytest.importorskip("redis.asyncio")

    async def scenario() -> list[Any]:
        async with AsyncServer(replies(Reply(body=b'{"n": 1}'))) as server:
            await redis_asyncio.Redis.from_url(redis_url).flushdb()
            clients = [
                Things(
                    server.url,
                    rate_limiter=QuotaLimiter(
                        calls=3,
                        period=600,
                        name="shared",
                        store=RedisBucket.from_url(redis_url, async_client=True),
                    ),
                )
                for _ in range(2)
            ]
            calls = [client.fetch(str(i)) for i in range(3) for client in clients]
            results = await asyncio.gather(*calls, return_exceptions=True)
            for client in clients:
                await client.aclose()
            assert len(server.seen) == 3
            return results

    results = asyncio.run(scenario())
    refused = [r for r in results if isinstance(r, RateLimitError)]
    assert len(refused) == 3 and "client side" in str(refused[0])


def test_a_429_blocks_later_calls_through_the_limiters_async_twin() -> None:
    sleeps = Sleeps()

    async def scenario() -> None:
        script = replies(Reply(status=429, headers={"Retry-After": "30"}), Reply(body=b"{}"))
        async with AsyncServer(script) as server:
            limiter = QuotaLimiter(calls=None)
            retry = RetryPolicy(max_retries=0)
            async with Things(
                server.url, rate_limiter=limiter, retry=retry, async_sleep=sleeps
            ) as things:
                with pytest.raises(RateLimitError):
                    await things.fetch("a")
                wait = await limiter.acquire_async(things.fetch.spec.info, server.url)
                assert 29 < wait <= 30

    asyncio.run(scenario())


async def counting(seen: Seen) -> Reply:
    return Reply(body=json.dumps({"n": 1}).encode(), headers={"ETag": '"v1"'})


def test_a_ttl_cache_in_redis_answers_async_calls(redis_url: str) -> None:
    async def scenario() -> None:
        store = RedisStore(url=redis_url, prefix="async-cache-test:", async_client=True)
        await store.clear_async()
        async with AsyncServer(counting) as server:
            cache = Cache(store=store, ttl=60)
            async with Things(server.url, cache=cache) as things:
                assert await things.fetch("a") == {"n": 1}
                assert await things.fetch("a") == {"n": 1}
            assert len(server.seen) == 1
        await cache.clear_async()
        assert await store.get_async("anything") is None
        await store.client.aclose()

    asyncio.run(scenario())


def test_revalidation_answers_a_304_from_the_memory_cache() -> None:
    async def revalidating(seen: Seen) -> Reply:
        if seen.headers.get("If-None-Match") == '"v1"':
            return Reply(status=304, body=b"")
        return await counting(seen)

    async def scenario() -> None:
        async with AsyncServer(revalidating) as server, Things(server.url, cache=True) as things:
            assert await things.fetch("a") == {"n": 1}
            assert await things.fetch("a") == {"n": 1}
            assert [s.headers.get("If-None-Match") for s in server.seen] == [None, '"v1"']

    asyncio.run(scenario())
