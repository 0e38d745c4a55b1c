"""Four processes (spawned, like separate machines would be) share one token through Redis."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest

from tests.auth.token_server import TokenServer
from tests.auth.workers import shared_store_call
from typelink.auth import ClientCredentials, RedisTokenStore, Token

PROCESSES = 4


@pytest.fixture
def server() -> Iterator[TokenServer]:
    with TokenServer(expires_in=3600, delay=0.1) as running:
        yield running


def run_workers(redis_url: str, server: TokenServer) -> list[tuple[object, object, int]]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    out = context.Queue()
    processes = [
        context.Process(
            target=shared_store_call,
            args=(redis_url, server.token_url, server.api_url, barrier, out),
        )
        for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    results = [out.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(30)
    return results


def test_expired_shared_token_is_refreshed_once_for_all_processes(redis_client, redis_url, server):
    key = ClientCredentials(server.token_url, "client", "secret-1").store_key
    RedisTokenStore(redis_client).set(key, Token("expired", expires_at=1.0))
    results = run_workers(redis_url, server)
    assert [(status, value) for status, value, _ in results] == [(200, "access-1")] * PROCESSES
    assert sum(fetches for _, _, fetches in results) == 1
    assert len(server.token_requests) == 1


def test_revoked_shared_token_is_refreshed_once_after_the_401s(redis_client, redis_url, server):
    key = ClientCredentials(server.token_url, "client", "secret-1").store_key
    RedisTokenStore(redis_client).set(key, Token("revoked", expires_at=None))
    results = run_workers(redis_url, server)
    assert [status for status, _, _ in results] == [200] * PROCESSES
    assert {value for _, value, _ in results} == {"access-1"}
    assert len(server.token_requests) == 1
    assert server.api_calls == 2 * PROCESSES
