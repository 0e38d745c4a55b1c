"""One recording server per test module (stopping one takes half a second), reset per test.

``ScriptedServer`` keeps each request's target exactly as it arrived (path and raw query)
and its raw body, so the tests here assert the bytes on the wire.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.servers import ScriptedServer


@pytest.fixture(scope="module")
def _recording_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def wire(_recording_server: ScriptedServer) -> ScriptedServer:
    """The recording server with no requests seen, answering ``{}``."""
    return _recording_server.reset()
