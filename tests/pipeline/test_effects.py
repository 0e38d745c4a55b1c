"""The blocking driver: performs each effect a flow yields, and throws failures back in."""

from __future__ import annotations

import pytest
import requests

from tests.pipeline.harness import response
from typelink.pipeline.effects import Flow, invoke, run_sync, send, sleep
from typelink.transport.request import OutgoingRequest


class Recorder:
    def __init__(self, fail: Exception | None = None) -> None:
        self.sent: list[OutgoingRequest] = []
        self.fail = fail

    def send(self, request: OutgoingRequest) -> requests.Response:
        self.sent.append(request)
        if self.fail is not None:
            raise self.fail
        return response(201)


def test_each_effect_is_performed_in_order_and_its_result_sent_back() -> None:
    trace: list[object] = []

    def flow() -> Flow[int]:
        answer = yield from send(OutgoingRequest("GET", "https://h/x"))
        trace.append(answer.status_code)
        yield from sleep(1.5)
        doubled = yield from invoke(lambda x: x * 2, 21)
        return doubled

    transport, sleeps = Recorder(), []
    assert run_sync(flow(), transport, sleeps.append) == 42
    assert trace == [201] and sleeps == [1.5] and len(transport.sent) == 1


def test_a_failure_is_thrown_into_the_flow_where_it_can_be_handled() -> None:
    def flow() -> Flow[str]:
        try:
            yield from send(OutgoingRequest("GET", "https://h/x"))
        except requests.ConnectionError as exc:
            return f"handled {type(exc).__name__}"
        return "not reached"

    assert run_sync(flow(), Recorder(requests.ConnectionError("refused")), lambda s: None) == (
        "handled ConnectionError"
    )


def test_an_unhandled_failure_leaves_the_driver() -> None:
    def flow() -> Flow[None]:
        yield from invoke(int, "not a number")

    with pytest.raises(ValueError):
        run_sync(flow(), Recorder(), lambda s: None)


# -- the async driver: the same flows, performed with await ------------------------------


class AsyncRecorder:
    def __init__(self) -> None:
        self.sent: list[OutgoingRequest] = []

    async def send(self, request: OutgoingRequest) -> requests.Response:
        self.sent.append(request)
        return response(202)


def test_the_async_driver_performs_the_same_flow_with_await() -> None:
    import asyncio

    from typelink.pipeline.effects import run_async

    trace: list[object] = []

    def flow() -> Flow[int]:
        answer = yield from send(OutgoingRequest("GET", "https://h/x"))
        trace.append(answer.status_code)
        yield from sleep(2.5)
        return (yield from invoke(lambda x: x + 1, 41))

    sleeps: list[float] = []

    async def pause(seconds: float) -> None:
        sleeps.append(seconds)

    transport = AsyncRecorder()
    assert asyncio.run(run_async(flow(), transport, pause)) == 42
    assert trace == [202] and sleeps == [2.5] and len(transport.sent) == 1
