"""Processes (spawned, like separate workers) share one token through a Django cache.

The file-based cache is the hostile case: its ``add`` is "check, then write", so a lock
built on ``add`` alone lets two processes in at once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.auth.django_caches import backend, settings_for_test
from tests.auth.django_workers import count_under_lock, single_flight_call
from tests.auth.token_server import TokenServer
from typelink.auth import ClientCredentials, DjangoCacheTokenStore, Token

PROCESSES = 4
ROUNDS = 40


@pytest.fixture
def server() -> Iterator[TokenServer]:
    with TokenServer(expires_in=3600, delay=0.1) as running:
        yield running


@pytest.fixture(params=["file", "redis"])
def shared_settings(request, tmp_path) -> dict[str, Any]:
    """The two built-in backends several processes can share."""
    return settings_for_test(request.param, request, tmp_path)


def run_workers(target: Callable[..., None], *args: Any) -> list[Any]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    out = context.Queue()
    processes = [
        context.Process(target=target, args=(*args, barrier, out)) for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    results = [out.get(timeout=90) for _ in processes]
    for process in processes:
        process.join(30)
    return results


def test_expired_shared_token_is_refreshed_once_for_all_processes(shared_settings, server):
    key = ClientCredentials(server.token_url, "client", "secret-1").store_key
    DjangoCacheTokenStore(backend(shared_settings)).set(key, Token("expired", expires_at=1.0))
    results = run_workers(single_flight_call, shared_settings, server.token_url, server.api_url)
    assert [(status, value) for status, value, _ in results] == [(200, "access-1")] * PROCESSES
    assert sum(fetches for _, _, fetches in results) == 1
    assert len(server.token_requests) == 1


def test_lock_is_exclusive_across_processes(shared_settings, tmp_path):
    counter = tmp_path / "counter"
    counter.write_text("0")
    results = run_workers(count_under_lock, shared_settings, str(counter), ROUNDS)
    assert results == ["done"] * PROCESSES
    assert int(counter.read_text()) == PROCESSES * ROUNDS
