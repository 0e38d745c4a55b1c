"""The telemetry steps under other drivers: the async driver running two calls at once (the
async client itself is in tests/policies/test_otel_async.py), and a flow abandoned in the
middle of a send. The steps do no I/O, so the same steps serve; each call's spans stay its
own and the context is always restored."""

from __future__ import annotations

import asyncio
from typing import Any

from opentelemetry import trace

from tests.fixtures.otel import Sink, attributes
from tests.fixtures.servers import Reply, ScriptedServer
from typelink import Consumer, get
from typelink._internal.flows import drive_async
from typelink.pipeline import orchestrator
from typelink.pipeline.call import Call, Exchange
from typelink.pipeline.effects import Flow, Send, SyncTransport


class Things(Consumer):
    @get("things/{thing_id}")
    def fetch(self, thing_id: int) -> dict[str, int]:
        raise NotImplementedError


async def run_async(flow: Flow[Exchange], transport: SyncTransport) -> Exchange:
    """The async driver, sending through the blocking transport in a worker thread."""

    async def send(request: Any) -> Any:
        return await asyncio.to_thread(transport.send, request)

    return await drive_async(flow, send, asyncio.sleep)


def start(api: Things, thing_id: int) -> Flow[Exchange]:
    bound = api.fetch
    spec, runtime = bound.spec, bound.runtime  # type: ignore[attr-defined]
    request = orchestrator.prepare(spec, runtime, {}, bound.build(thing_id))  # type: ignore[attr-defined]
    chain = orchestrator.chain_for(spec, runtime)
    return chain.run(Call(spec, runtime), request)


def test_two_calls_interleaved_on_one_event_loop_keep_their_own_spans(
    scripted: ScriptedServer, sink: Sink
) -> None:
    scripted.script = [Reply(body=b'{"a": 1}', delay=0.2)]
    api = Things(base_url=scripted.url, telemetry=sink.telemetry)
    transport = api.runtime.connection.transport

    async def both() -> list[Exchange]:
        return await asyncio.gather(
            run_async(start(api, 1), transport), run_async(start(api, 2), transport)
        )

    exchanges = asyncio.run(both())
    assert [e.value for e in exchanges] == [{"a": 1}, {"a": 1}]
    calls, attempts = sink.calls(), sink.attempts()
    assert len(calls) == 2 and len(attempts) == 2
    by_path = {attributes(a)["url.full"].rsplit("/", 1)[1]: a for a in attempts}
    for call in calls:
        thing = attributes(call)["url.full"].rsplit("/", 1)[1]
        attempt = by_path[thing]
        assert attempt.parent is not None and attempt.parent.span_id == call.context.span_id
        assert attempt.context.trace_id == call.context.trace_id
    assert calls[0].context.trace_id != calls[1].context.trace_id
    sent = {seen.path.rsplit("/", 1)[1]: seen.headers["traceparent"] for seen in scripted.seen}
    for thing, attempt in by_path.items():
        assert sent[thing].split("-")[2] == format(attempt.context.span_id, "016x")
    assert trace.get_current_span() is trace.INVALID_SPAN


def test_a_flow_abandoned_during_its_send_ends_its_spans_and_restores_the_context(
    scripted: ScriptedServer, sink: Sink
) -> None:
    api = Things(base_url=scripted.url, telemetry=sink.telemetry)
    flow = start(api, 1)
    effect = next(flow)
    assert isinstance(effect, Send)
    assert trace.get_current_span().is_recording()  # the attempt's span, during its send
    flow.close()
    assert trace.get_current_span() is trace.INVALID_SPAN
    (call,) = sink.calls()
    (attempt,) = sink.attempts()
    assert attributes(attempt)["error.type"] == "GeneratorExit"
    assert attributes(call)["error.type"] == "GeneratorExit"
    assert scripted.seen == []
