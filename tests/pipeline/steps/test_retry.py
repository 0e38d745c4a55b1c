"""The retry step alone: which answers are sent again, after which waits."""

from __future__ import annotations

import io

import pytest

from tests.pipeline.harness import Script, Things, response, run_step, spec_of
from typelink import APIConnectionError, RetryPolicy
from typelink.pipeline.call import Call
from typelink.pipeline.steps.retry import RetryStep
from typelink.transport.request import OutgoingRequest


def call_for(method: str, **policy: object) -> Call:
    api = Things(base_url="https://api.example.com", rand=lambda: 0.0, retry=RetryPolicy(**policy))
    return Call(spec_of(method), api.runtime)


def test_retryable_statuses_are_sent_again_with_backoff() -> None:
    script = Script([response(503), response(502), response(200)])
    sleeps: list[float] = []
    exchange = run_step(
        RetryStep(),
        call_for("fetch"),
        OutgoingRequest("GET", "https://api.example.com/things/a"),
        script,
        sleeps,
    )
    assert exchange.response is not None and exchange.response.status_code == 200
    assert sleeps == [0.5, 1.0] and len(script.requests) == 3


def test_a_post_without_idempotency_is_not_sent_twice() -> None:
    script = Script([response(503)])
    call = call_for("create")
    exchange = run_step(
        RetryStep(), call, OutgoingRequest("POST", "https://api.example.com/things"), script
    )
    assert exchange.response is not None and exchange.response.status_code == 503
    assert call.retry_after is None and len(script.requests) == 1


def test_an_idempotency_key_is_added_once_and_sent_on_every_attempt() -> None:
    script = Script([response(503), response(200)])
    call = call_for("create", idempotency_header="Idempotency-Key")
    run_step(RetryStep(), call, OutgoingRequest("POST", "https://api.example.com/things"), script)
    keys = {r.headers["Idempotency-Key"] for r in script.requests}
    assert len(script.requests) == 2 and len(keys) == 1


def test_a_used_up_stream_is_never_resent() -> None:
    script = Script([response(503)])
    request = OutgoingRequest(
        "PUT", "https://api.example.com/things", kwargs={"data": io.BytesIO(b"x")}
    )
    exchange = run_step(RetryStep(), call_for("fetch"), request, script)
    assert exchange.response is not None and len(script.requests) == 1


def test_connection_errors_are_retried_then_raised() -> None:
    failure = APIConnectionError("refused", method="GET", url="https://api.example.com/x")
    script = Script([failure, failure, failure])
    with pytest.raises(APIConnectionError):
        run_step(
            RetryStep(),
            call_for("fetch"),
            OutgoingRequest("GET", "https://api.example.com/x"),
            script,
        )
    assert len(script.requests) == 3


def test_the_server_wait_is_kept_for_the_error() -> None:
    script = Script([response(429, retry_after="120")])
    call = call_for("fetch")
    run_step(RetryStep(), call, OutgoingRequest("GET", "https://api.example.com/x"), script)
    assert call.retry_after == 120.0 and len(script.requests) == 1  # longer than max_server_wait
