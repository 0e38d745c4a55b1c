"""Caller idempotency keys win: never replaced, sent unchanged on every attempt, and they make
a POST retryable under a policy with ``idempotency_header``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import (
    NOT_GIVEN,
    Consumer,
    InternalServerError,
    NotGiven,
    RetryPolicy,
    header,
    post,
)

POLICY = RetryPolicy(idempotency_header="Idempotency-Key", max_retries=2)


class Payments(Consumer):
    @post("charges")
    def charge(
        self, key: Annotated[str, header("Idempotency-Key")] | NotGiven = NOT_GIVEN
    ) -> dict[str, Any]:
        raise NotImplementedError

    @post("refunds")
    def refund(
        self, key: Annotated[str, header("idempotency-key")] | NotGiven = NOT_GIVEN
    ) -> dict[str, Any]:
        raise NotImplementedError


@pytest.fixture(scope="module")
def _server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def server(_server: ScriptedServer) -> ScriptedServer:
    """Fails twice with a 500, then answers."""
    _server.reset().script = [Reply(500), Reply(500), Reply(200, b"{}")]
    return _server


def payments(server: ScriptedServer, policy: RetryPolicy = POLICY) -> Payments:
    return Payments(base_url=server.url, retry=policy, sleep=lambda seconds: None)


def keys(server: ScriptedServer) -> list[list[str]]:
    """Every attempt's idempotency key header values, whatever their spelling."""
    return [
        [value for name, value in seen.headers.items() if name.lower() == "idempotency-key"]
        for seen in server.seen
    ]


def test_a_declared_key_is_sent_unchanged_on_every_attempt(server: ScriptedServer) -> None:
    assert payments(server).charge("order-42") == {}
    assert keys(server) == [["order-42"]] * 3


def test_a_key_from_with_options_is_kept(server: ScriptedServer) -> None:
    view = payments(server).with_options(headers={"IDEMPOTENCY-KEY": "order-43"})
    assert view.charge() == {}
    assert keys(server) == [["order-43"]] * 3


def test_any_spelling_of_the_header_is_the_callers_key(server: ScriptedServer) -> None:
    assert payments(server).refund("order-44") == {}
    assert keys(server) == [["order-44"]] * 3


def test_without_a_key_one_fresh_key_serves_every_attempt(server: ScriptedServer) -> None:
    assert payments(server).charge() == {}
    sent = keys(server)
    assert len(sent) == 3 and len(sent[0]) == 1
    assert sent == [sent[0]] * 3
    server.seen = []
    server.script = [Reply(200, b"{}")]
    payments(server).charge()
    assert keys(server) != [sent[0]]  # a new call, a new key


def test_without_idempotency_header_in_the_policy_a_post_is_not_retried(
    server: ScriptedServer,
) -> None:
    with pytest.raises(InternalServerError):
        payments(server, RetryPolicy(max_retries=2)).charge("order-45")
    assert keys(server) == [["order-45"]]
