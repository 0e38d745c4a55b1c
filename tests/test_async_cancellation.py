"""Calls abandoned under load give back everything they held: connections, rate-limit slots,
the single-flight refresh lock.

A call is abandoned four ways: ``task.cancel()``, ``asyncio.timeout``, ``asyncio.wait_for``
(the caller gives up) and the client's ``total_budget`` (typelink gives up, with a typed
:class:`APITimeoutError`); while waiting for the answer's headers, halfway through a dripped
body, or while still queued for a connection of a full pool. Afterwards, checked against
real local servers: the aiohttp connector holds no acquired connection and no waiter, the
server holds open no more connections than rest idle in the client's pool, and a following
wave of calls completes. Nothing is timed: waits are bounded only to fail fast.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import aiohttp
import pytest

from tests.auth.token_server import TokenServer
from tests.fixtures.asyncio_server import AsyncServer, Drip, Seen
from tests.fixtures.servers import Reply
from typelink import APITimeoutError, AsyncConsumer, QuotaLimiter, RetryPolicy, get
from typelink.auth import ClientCredentials, ExpiringTokenAuth
from typelink.policies.ratelimit import MemoryQuotaStore

POOL = 5
CALLS = 40
GIVE_UP = 0.3
"""Seconds after which a bounded call is abandoned (the slow answers take 30 s)."""
ABANDON = ["task.cancel", "asyncio.timeout", "asyncio.wait_for", "total_budget"]
CALLER_GIVES_UP = ABANDON[:3]


class Calls(AsyncConsumer):
    @get("slow")
    async def slow(self) -> dict[str, Any]:
        raise NotImplementedError

    @get("fast")
    async def fast(self) -> dict[str, Any]:
        raise NotImplementedError


def _handler(where: str) -> Callable[[Seen], Awaitable[Reply]]:
    async def handle(seen: Seen) -> Reply:
        if seen.path != "/slow":
            return Reply(body=b"{}")
        if where == "headers":
            return Reply(body=b"{}", delay=30.0)
        return Drip(body=b'{"pad": "' + b"x" * 600 + b'"}', pieces=300, gap=0.1)

    return handle


async def _until(predicate: Callable[[], bool], seconds: float = 5.0) -> None:
    async with asyncio.timeout(seconds):
        while not predicate():
            await asyncio.sleep(0.005)


async def _bounded(how: str, call: Callable[[], Awaitable[Any]]) -> Any:
    """``call()`` as the caller bounds it (``task.cancel``: cancelled from outside)."""
    if how == "asyncio.timeout":
        async with asyncio.timeout(GIVE_UP):
            return await call()
    if how == "asyncio.wait_for":
        return await asyncio.wait_for(call(), GIVE_UP)
    return await call()


def _expected(how: str) -> type[BaseException]:
    if how == "task.cancel":
        return asyncio.CancelledError
    return APITimeoutError if how == "total_budget" else TimeoutError


def _idle_in_pool(connector: Any) -> int:
    return sum(len(resting) for resting in connector._conns.values())


def _waiting_for_a_connection(connector: Any) -> int:
    return sum(len(waiters) for waiters in connector._waiters.values())


@pytest.mark.parametrize("where", ["headers", "body"])
@pytest.mark.parametrize("how", ABANDON)
def test_abandoned_calls_release_their_connections(how: str, where: str) -> None:
    async def scenario() -> None:
        async with AsyncServer(_handler(where)) as server:
            connector = aiohttp.TCPConnector(limit=POOL)
            async with aiohttp.ClientSession(connector=connector) as session:
                budget = GIVE_UP if how == "total_budget" else None
                retry = RetryPolicy(max_retries=0, total_budget=budget)
                calls = Calls(server.url, aiohttp_session=session, retry=retry)
                tasks = [asyncio.ensure_future(_bounded(how, calls.slow)) for _ in range(CALLS)]
                # the pool is full: POOL calls in flight, the others queued for a connection
                await _until(lambda: server.in_flight == POOL)
                assert _waiting_for_a_connection(connector) == CALLS - POOL
                if how == "task.cancel":
                    for task in tasks:
                        task.cancel()
                results = await asyncio.gather(*tasks, return_exceptions=True)
                assert all(isinstance(r, _expected(how)) for r in results), results
                assert not connector._acquired
                assert _waiting_for_a_connection(connector) == 0
                # the server sees every abandoned connection closed: none rests in the pool
                # with an unread answer
                await _until(lambda: server.open_connections <= _idle_in_pool(connector))
                assert _idle_in_pool(connector) == 0
                async with asyncio.timeout(5):
                    results = await asyncio.gather(*(calls.fast() for _ in range(POOL * 4)))
                assert results == [{}] * (POOL * 4)
                assert server.open_connections <= POOL
                slow = sum(seen.path == "/slow" for seen in server.seen)
                if how == "task.cancel":
                    assert slow == POOL  # the queued calls never went out
                else:  # a queued call may get a freed connection just before its deadline
                    assert POOL <= slow < CALLS

    asyncio.run(scenario())


@pytest.mark.parametrize("how", CALLER_GIVES_UP)
def test_calls_abandoned_while_waiting_for_a_rate_limit_slot_hold_none(how: str) -> None:
    store = MemoryQuotaStore()

    async def scenario() -> None:
        async with AsyncServer(_handler("headers")) as server:
            limiter = QuotaLimiter(calls=3, period=1.0, store=store)
            async with Calls(server.url, rate_limiter=limiter) as calls:
                tasks = [asyncio.ensure_future(_bounded(how, calls.fast)) for _ in range(10)]
                await _until(lambda: len(server.seen) == 3)
                await asyncio.sleep(0.05)  # the other seven wait for a slot
                if how == "task.cancel":
                    for task in tasks:
                        task.cancel()
                results = await asyncio.gather(*tasks, return_exceptions=True)
                assert results.count({}) == 3
                assert sum(isinstance(r, _expected(how)) for r in results) == 7, results
                assert len(store._calls["client"]) == 3  # only the calls sent took a slot
                # the next window's slots are all free: a wave of three completes
                async with asyncio.timeout(5):
                    wave = await asyncio.gather(*(calls.fast() for _ in range(3)))
                assert wave == [{}] * 3
            assert len(server.seen) == 6

    asyncio.run(scenario())


class Protected(AsyncConsumer):
    @get("api")
    async def read(self) -> dict[str, bool]:
        raise NotImplementedError


@pytest.fixture
def token_server() -> Iterator[TokenServer]:
    with TokenServer(expires_in=3600) as running:
        yield running


@pytest.mark.parametrize("how", CALLER_GIVES_UP)
def test_a_refresh_abandoned_under_load_leaves_the_lock_to_the_waiting_tasks(
    how: str, token_server: TokenServer
) -> None:
    """The task that holds the single-flight refresh lock is abandoned mid token request
    while 50 tasks wait on the lock: one of them refreshes, all 50 complete."""
    auth = ExpiringTokenAuth(
        ClientCredentials(token_server.token_url, "client-id", "client-secret-value")
    )

    async def scenario() -> None:
        async with Protected(token_server.base_url, auth=auth) as api:
            token_server.delay = 1.0
            holder = asyncio.ensure_future(_bounded(how, api.read))
            await _until(lambda: bool(token_server.token_requests))
            waiters = [asyncio.ensure_future(api.read()) for _ in range(50)]
            await asyncio.sleep(0.05)  # every waiter queues on the lock
            token_server.delay = 0
            if how == "task.cancel":
                holder.cancel()
            with pytest.raises(_expected(how)):
                await holder
            async with asyncio.timeout(5):
                results = await asyncio.gather(*waiters)
            assert results == [{"ok": True}] * 50

    asyncio.run(scenario())
    assert len(token_server.token_requests) == 2 and auth.fetch_count == 1
