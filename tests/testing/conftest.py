"""Fixtures for the record/replay tests: a real local API server, and a CI-free env."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.testing.cassette_server import ApiServer, start_server


@pytest.fixture
def api_server() -> Iterator[ApiServer]:
    """A running local API server; shut down after the test."""
    info, httpd = start_server()
    try:
        yield info
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Recording is refused when CI is set; tests that record run as on a laptop."""
    monkeypatch.delenv("CI", raising=False)
