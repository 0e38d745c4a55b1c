"""Local servers shared by a module's tests (stopping one takes half a second), reset per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.servers import ScriptedServer


def _reset(server: ScriptedServer) -> ScriptedServer:
    return server.reset()


@pytest.fixture(scope="module")
def _api_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture(scope="module")
def _other_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def api(_api_server: ScriptedServer) -> ScriptedServer:
    """The fake GitHub API host, with an empty script and no requests seen."""
    return _reset(_api_server)


@pytest.fixture
def other(_other_server: ScriptedServer) -> ScriptedServer:
    """A second origin: codeload, object storage, or a separate uploads host."""
    return _reset(_other_server)
