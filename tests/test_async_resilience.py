"""Async reliability under load, against a real asyncio server on 127.0.0.1: cancelled and
timed-out calls give their connections back to the pool, and a call cancelled while it waits
for the rate limiter holds no slot."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from tests.fixtures.asyncio_server import AsyncServer, Seen
from tests.fixtures.servers import Reply
from typelink import APITimeoutError, AsyncConsumer, QuotaLimiter, RetryPolicy, get
from typelink.policies.ratelimit import MemoryQuotaStore

POOL = 5


class Calls(AsyncConsumer):
    @get("slow")
    async def slow(self) -> dict[str, Any]:
        raise NotImplementedError

    @get("fast")
    async def fast(self) -> dict[str, Any]:
        raise NotImplementedError


async def slow_or_fast(seen: Seen) -> Reply:
    return Reply(body=b"{}", delay=30.0 if seen.path == "/slow" else 0.0)


async def _wait_for(predicate: Any, seconds: float = 5.0) -> None:
    async with asyncio.timeout(seconds):
        while not predicate():
            await asyncio.sleep(0.005)


def test_cancelled_calls_give_their_connections_back() -> None:
    async def scenario() -> None:
        async with AsyncServer(slow_or_fast) as server:
            connector = aiohttp.TCPConnector(limit=POOL)
            async with aiohttp.ClientSession(connector=connector) as session:
                calls = Calls(server.url, aiohttp_session=session)
                tasks = [asyncio.ensure_future(calls.slow()) for _ in range(40)]
                await _wait_for(lambda: server.in_flight == POOL)  # the pool is exhausted
                for task in tasks:
                    task.cancel()
                results = await asyncio.gather(*tasks, return_exceptions=True)
                assert all(isinstance(r, asyncio.CancelledError) for r in results)
                # every connection is free again: POOL * 4 quick calls go through at once
                async with asyncio.timeout(5):
                    await asyncio.gather(*(calls.fast() for _ in range(POOL * 4)))
                assert len(server.seen) == POOL + POOL * 4

    asyncio.run(scenario())


def test_timed_out_calls_under_load_give_their_connections_back() -> None:
    async def scenario() -> None:
        async with AsyncServer(slow_or_fast) as server:
            connector = aiohttp.TCPConnector(limit=POOL)
            async with aiohttp.ClientSession(connector=connector) as session:
                calls = Calls(
                    server.url,
                    aiohttp_session=session,
                    timeout=(1.0, 0.1),
                    retry=RetryPolicy(max_retries=0),
                )
                results = await asyncio.gather(
                    *(calls.slow() for _ in range(3 * POOL)), return_exceptions=True
                )
                assert all(isinstance(r, APITimeoutError) for r in results), results
                async with asyncio.timeout(5):
                    await asyncio.gather(*(calls.fast() for _ in range(POOL * 4)))

    asyncio.run(scenario())


def test_a_call_cancelled_while_waiting_for_a_slot_holds_none() -> None:
    store = MemoryQuotaStore()

    async def scenario() -> None:
        async with AsyncServer(slow_or_fast) as server:
            limiter = QuotaLimiter(calls=3, period=30, store=store)
            async with Calls(server.url, rate_limiter=limiter) as calls:
                tasks = [asyncio.ensure_future(calls.fast()) for _ in range(10)]
                await _wait_for(lambda: len(server.seen) == 3)
                await asyncio.sleep(0.05)  # the other seven are asleep, waiting for a slot
                assert sum(task.done() for task in tasks) == 3
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            assert len(server.seen) == 3

    asyncio.run(scenario())
    window = store._calls["client"]
    assert len(window) == 3  # only the calls that were sent took a slot


@pytest.mark.parametrize("calls", [200])
def test_many_concurrent_calls_all_complete(calls: int) -> None:
    async def scenario() -> None:
        async with AsyncServer(slow_or_fast) as server, Calls(server.url) as api:
            results = await asyncio.gather(*(api.fast() for _ in range(calls)))
            assert results == [{}] * calls

    asyncio.run(scenario())
