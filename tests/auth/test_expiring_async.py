"""Expiring tokens under asyncio: one token request for a wave of 401s, over aiohttp, safe to
cancel, and shared across processes through Redis (``redis.asyncio``). The same refresh
decisions as the blocking tests (one flow, two drivers), against a real token server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.auth.token_server import TokenServer
from typelink import AsyncClient, AsyncConsumer, AuthenticationError, CredentialError, get
from typelink.auth import ClientCredentials, ExpiringTokenAuth, RedisTokenStore
from typelink.declare.spec import ANONYMOUS_ENDPOINT
from typelink.transport.request import OutgoingRequest


class Protected(AsyncConsumer):
    @get("api")
    async def read(self) -> dict[str, bool]:
        raise NotImplementedError


class Api(AsyncClient):
    protected: Protected


@pytest.fixture
def server() -> Iterator[TokenServer]:
    with TokenServer(expires_in=3600) as running:
        yield running


def credentials(server: TokenServer) -> ClientCredentials:
    return ClientCredentials(server.token_url, "client-id", "client-secret-value")


def test_a_wave_of_401s_from_200_tasks_makes_one_token_request(server: TokenServer) -> None:
    auth = ExpiringTokenAuth(credentials(server))

    async def scenario() -> list[dict[str, bool]]:
        async with Api(server.base_url, auth=auth) as api:
            await api.protected.read()
            server.issued += 1  # the server revokes the token every task is about to send
            return await asyncio.gather(*(api.protected.read() for _ in range(200)))

    results = asyncio.run(scenario())
    assert results == [{"ok": True}] * 200
    assert len(server.token_requests) == 2 and auth.fetch_count == 2
    # the token request went over aiohttp with client_secret_basic, as the blocking one does
    headers = server.token_requests[0]["headers"]
    assert headers["Authorization"].startswith("Basic ") and "aiohttp" in headers["User-Agent"]
    assert server.token_requests[0]["form"] == {"grant_type": "client_credentials"}


def test_a_task_cancelled_mid_refresh_leaves_no_token_and_no_lock(server: TokenServer) -> None:
    auth = ExpiringTokenAuth(credentials(server))

    async def scenario() -> None:
        async with Api(server.base_url, auth=auth) as api:
            server.delay = 0.5
            first = asyncio.ensure_future(api.protected.read())
            while not server.token_requests:
                await asyncio.sleep(0.01)
            first.cancel()
            with pytest.raises(asyncio.CancelledError):
                await first
            assert auth.store.get(auth.key) is None  # nothing half written
            server.delay = 0
            assert await asyncio.wait_for(api.protected.read(), 5) == {"ok": True}

    asyncio.run(scenario())
    assert auth.fetch_count == 1 and len(server.token_requests) == 2


def test_a_refresh_that_failed_is_shared_with_the_tasks_that_waited(server: TokenServer) -> None:
    server.mode = "500"
    auth = ExpiringTokenAuth(credentials(server))

    async def scenario() -> list[Any]:
        async with Api(server.base_url, auth=auth) as api:
            calls = (api.protected.read() for _ in range(20))
            return await asyncio.gather(*calls, return_exceptions=True)

    results = asyncio.run(scenario())
    assert all(isinstance(r, CredentialError) for r in results)
    assert "client-secret-value" not in str(results[0])
    assert len(server.token_requests) < 20  # waiters share the failure, no stampede


def test_threads_and_tasks_share_one_refresh(server: TokenServer) -> None:
    """One auth object serving a blocking and an async client renews once for both."""
    auth = ExpiringTokenAuth(credentials(server))

    def blocking_apply() -> int:
        return auth.apply(OutgoingRequest("GET", server.api_url), ANONYMOUS_ENDPOINT)

    async def scenario() -> list[int]:
        threads = [asyncio.to_thread(blocking_apply) for _ in range(10)]
        tasks = [
            auth.apply_async(OutgoingRequest("GET", server.api_url), ANONYMOUS_ENDPOINT)
            for _ in range(50)
        ]
        return list(await asyncio.gather(*threads, *tasks))

    assert set(asyncio.run(scenario())) == {1}
    assert len(server.token_requests) == 1


def test_processes_share_one_token_through_redis_asyncio(
    server: TokenServer, redis_url: str
) -> None:
    """Two auth objects with their own Redis stores (as two processes would have) and 100
    concurrent calls each: one token request in all."""
    redis_asyncio = pytest.importorskip("redis.asyncio")

    async def scenario() -> None:
        clients = [redis_asyncio.Redis.from_url(redis_url) for _ in range(2)]
        await clients[0].flushdb()
        auths = [
            ExpiringTokenAuth(credentials(server), RedisTokenStore(client)) for client in clients
        ]
        apis = [Api(server.base_url, auth=auth) for auth in auths]
        calls = [api.protected.read() for api in apis for _ in range(100)]
        assert await asyncio.gather(*calls) == [{"ok": True}] * 200
        for api in apis:
            await api.aclose()
        for client in clients:
            await client.aclose()
        with pytest.raises(Exception, match=r"redis\.asyncio client"):
            auths[0].apply(OutgoingRequest("GET", server.api_url), ANONYMOUS_ENDPOINT)

    asyncio.run(scenario())
    assert len(server.token_requests) == 1


WAVE = 32


def test_a_wave_of_tasks_whose_renewed_token_dies_early_still_succeeds(
    server: TokenServer,
) -> None:
    """The blocking test's wave under asyncio: 32 tasks sent with a revoked token; the token
    renewed for them serves 16 calls and dies long before its ``expires_in``. The 16 replays
    that meet a 401 with the still-current token renew it once for all and replay again."""
    auth = ExpiringTokenAuth(credentials(server))

    async def scenario() -> list[Any]:
        async with Api(server.base_url, auth=auth) as api:
            assert await api.protected.read() == {"ok": True}
            server.issued += 1  # the server ends access-1 early
            server.uses_per_token = WAVE // 2  # and the renewed token serves only 16 calls
            server.hold_api_calls(WAVE)  # every task sends access-1
            calls = (api.protected.read() for _ in range(WAVE))
            return await asyncio.gather(*calls, return_exceptions=True)

    results = asyncio.run(scenario())
    assert results == [{"ok": True}] * WAVE
    assert len(server.token_requests) == 3 and auth.fetch_count == 3
    # every call met a 401 with access-1, and some replays one with the renewed access-3
    # (how many: up to 16, as the others may have picked up access-4 already)
    assert WAVE < server.rejected <= WAVE + WAVE // 2


def test_renewals_after_401s_are_bounded_per_call(server: TokenServer) -> None:
    server.uses_per_token = 0  # every token the server issues is refused
    auth = ExpiringTokenAuth(credentials(server), refreshes_per_call=2)

    async def scenario() -> None:
        async with Api(server.base_url, auth=auth) as api:
            with pytest.raises(AuthenticationError):
                await api.protected.read()

    asyncio.run(scenario())
    assert len(server.token_requests) == 1 + 2 and server.api_calls == 1 + 2
