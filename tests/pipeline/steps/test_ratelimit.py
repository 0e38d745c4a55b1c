"""The rate-limit step alone: waits for a slot, refuses waits the call will not make."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tests.pipeline.harness import Script, Things, response, run_step, spec_of
from typelink import RateLimitError, RetryPolicy
from typelink.declare.spec import EndpointInfo
from typelink.pipeline.call import Call
from typelink.pipeline.steps.ratelimit import RateLimitStep
from typelink.transport.request import OutgoingRequest

URL = "https://api.example.com/things/a"


class Scripted:
    """A limiter answering with scripted waits, recording what it observes."""

    def __init__(self, waits: list[float]) -> None:
        self.waits = waits
        self.observed: list[int] = []

    def acquire(self, endpoint: EndpointInfo, url: str) -> float:
        return self.waits.pop(0)

    def observe(
        self, endpoint: EndpointInfo, url: str, status: int, headers: Mapping[str, str]
    ) -> None:
        self.observed.append(status)


def call_for(policy: RetryPolicy | None = None) -> Call:
    return Call(spec_of("fetch"), Things(base_url="https://api.example.com", retry=policy).runtime)


def test_waits_for_the_slot_then_sends_and_reports_the_answer() -> None:
    limiter = Scripted([2.0, 0.5, 0.0])
    sleeps: list[float] = []
    run_step(
        RateLimitStep(limiter),
        call_for(),
        OutgoingRequest("GET", URL),
        Script([response(200)]),
        sleeps,
    )
    assert sleeps == [2.0, 0.5] and limiter.observed == [200]


def test_a_wait_beyond_max_server_wait_is_refused_without_sending() -> None:
    script = Script([response(200)])
    with pytest.raises(RateLimitError) as info:
        run_step(RateLimitStep(Scripted([90.0])), call_for(), OutgoingRequest("GET", URL), script)
    assert info.value.retry_after == 90.0 and script.requests == []
    assert "client side" in str(info.value)


def test_a_wait_past_the_total_budget_is_refused() -> None:
    call = call_for(RetryPolicy(total_budget=5.0))
    with pytest.raises(RateLimitError, match="budget"):
        run_step(RateLimitStep(Scripted([6.0])), call, OutgoingRequest("GET", URL), Script([]))
