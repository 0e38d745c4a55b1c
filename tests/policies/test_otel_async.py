"""OpenTelemetry and the debug body log under the async client (the async driver, aiohttp),
with the real SDK and its in-memory exporters against local servers: the same call and
attempt spans as a blocking call, each call's spans its own when tasks interleave, trace
context only to the trusted origin, a refresh run in a worker thread still reported on its
call, and the attempts' bodies logged, redacted, when the call ends."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.trace import SpanKind

from tests.fixtures.otel import Sink, attributes
from tests.fixtures.servers import Reply, ScriptedServer
from tests.policies.test_otel import SECRET, Provider  # a provider without fetch_async
from typelink import AsyncConsumer, Body, post
from typelink.auth import BearerToken, ExpiringTokenAuth


class Things(AsyncConsumer):
    @post("things/{thing_id}", idempotent=True)
    async def update(self, thing_id: int, change: Body[dict[str, Any]]) -> dict[str, Any]:
        raise NotImplementedError


@pytest.fixture
def other() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    try:
        yield server
    finally:
        server.close()


async def no_wait(seconds: float) -> None:
    return None


def run(server: ScriptedServer, sink: Sink, *calls: int, **options: Any) -> list[Any]:
    """``update(n, ...)`` for every ``n`` at once, on one event loop; their results."""

    async def scenario() -> list[Any]:
        async with Things(
            base_url=server.url, telemetry=sink.telemetry, async_sleep=no_wait, **options
        ) as api:
            return list(await asyncio.gather(*(api.update(n, {"n": n}) for n in calls)))

    return asyncio.run(scenario())


def test_an_async_call_has_the_same_call_and_attempt_spans(
    scripted: ScriptedServer, sink: Sink
) -> None:
    scripted.script = [Reply(status=503, headers={"Retry-After": "0"}), Reply(body=b'{"a": 1}')]
    assert run(scripted, sink, 7) == [{"a": 1}]
    (call,) = sink.calls()
    first, second = sink.attempts()
    assert call.name == "Things.update" and call.kind is SpanKind.INTERNAL
    assert all(a.kind is SpanKind.CLIENT and a.name == "POST" for a in (first, second))
    assert all(
        a.parent is not None and a.parent.span_id == call.context.span_id for a in (first, second)
    )
    assert attributes(first)["http.response.status_code"] == 503
    assert attributes(second)["http.request.resend_count"] == 1
    assert attributes(second)["typelink.retry.reason"] == "status 503"
    assert attributes(call)["typelink.attempts"] == 2
    assert attributes(call)["http.response.status_code"] == 200
    durations = sink.metrics()["http.client.request.duration"]
    assert sorted(p.attributes["http.response.status_code"] for p in durations) == [200, 503]
    sent = scripted.seen[0].headers["traceparent"]
    assert sent.split("-")[2] == format(first.context.span_id, "016x")
    assert trace.get_current_span() is trace.INVALID_SPAN


def test_interleaved_async_calls_keep_their_own_spans(scripted: ScriptedServer, sink: Sink) -> None:
    scripted.script = [Reply(body=b"{}", delay=0.2)]
    run(scripted, sink, 1, 2, 3)
    calls, attempts = sink.calls(), sink.attempts()
    assert len(calls) == 3 and len(attempts) == 3
    by_thing = {attributes(a)["url.full"].rsplit("/", 1)[1]: a for a in attempts}
    for call in calls:
        attempt = by_thing[attributes(call)["url.full"].rsplit("/", 1)[1]]
        assert attempt.parent is not None and attempt.parent.span_id == call.context.span_id
    assert len({c.context.trace_id for c in calls}) == 3


def test_async_trace_context_and_credential_never_go_to_a_redirect_elsewhere(
    scripted: ScriptedServer, other: ScriptedServer, sink: Sink
) -> None:
    scripted.script = [Reply(status=307, headers={"Location": f"{other.url}/elsewhere"})]
    other.script = [Reply(body=b"{}")]
    run(scripted, sink, 1, auth=BearerToken(SECRET))
    assert "traceparent" in scripted.seen[0].headers
    assert not {"traceparent", "authorization"} & {h.lower() for h in other.seen[0].headers}
    assert SECRET not in sink.everything_recorded()


def test_a_refresh_in_a_worker_thread_is_reported_on_its_call(
    scripted: ScriptedServer, sink: Sink
) -> None:
    scripted.script = [Reply(status=401), Reply(body=b"{}")]
    run(scripted, sink, 1, auth=ExpiringTokenAuth(Provider()))
    (call,) = sink.calls()
    first, replay = sink.attempts()
    assert attributes(first)["typelink.credential.refreshed"] == "expiry"
    assert attributes(replay)["typelink.credential.refreshed"] == "unauthorized"
    assert attributes(call)["typelink.credential.refreshes"] == 2
    assert SECRET not in sink.everything_recorded()


def test_async_attempts_log_their_bodies_redacted_when_the_call_ends(
    scripted: ScriptedServer, sink: Sink, caplog: pytest.LogCaptureFixture
) -> None:
    answer = {"id": 7, "access_token": "at-Yb29", "echo": f"use {SECRET}-2"}
    scripted.script = [
        Reply(status=401, body=json.dumps({"message": f"use {SECRET}-2 instead"}).encode()),
        Reply(body=json.dumps(answer).encode()),
    ]
    with caplog.at_level(logging.DEBUG, logger="typelink"):
        run(scripted, sink, 1, auth=ExpiringTokenAuth(Provider()))
    first, second = (r.getMessage() for r in caplog.records if "-> " in r.getMessage())
    assert "-> 401 in " in first and "(attempt 1)" in first
    assert "request body (application/json, " in first and '"n":1' in first
    assert "response body (application/json, " in first and "use [REDACTED] instead" in first
    assert "-> 200 in " in second and '"id": 7' in second and "at-Yb29" not in second
    assert SECRET not in caplog.text
