"""Shared pieces of the adversarial tests: a trusted API server and an attacker's server.

Both are real local servers on 127.0.0.1 (different ports, so different origins). The
attacker's server records everything it receives; :func:`leaked` searches it for secrets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from tests.fixtures.servers import ScriptedServer, Seen


@pytest.fixture
def good() -> Iterator[ScriptedServer]:
    """The API the client is configured for (its origin is trusted)."""
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def evil() -> Iterator[ScriptedServer]:
    """Another origin, controlled by an attacker: it records every request it gets."""
    with ScriptedServer() as server:
        yield server


def port_of(server: ScriptedServer) -> int:
    return int(server.httpd.server_address[1])


def leaked(seen: Iterable[Seen], secrets: Iterable[str]) -> list[str]:
    """Every secret that appears anywhere in the recorded requests (path, headers, body)."""
    found = []
    requests = list(seen)
    for secret in secrets:
        for request in requests:
            text = " ".join(
                [request.path, *(f"{k}: {v}" for k, v in request.headers.items())]
            ) + request.body.decode("latin-1")
            if secret in text:
                found.append(secret)
                break
    return found
