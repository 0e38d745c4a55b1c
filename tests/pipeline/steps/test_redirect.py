"""The redirect step alone: what is followed, and which targets may see credentials."""

from __future__ import annotations

import pytest

from tests.pipeline.harness import Script, Things, response, run_step, spec_of
from typelink import APIConnectionError
from typelink.pipeline.call import Call
from typelink.pipeline.steps.redirect import MAX_REDIRECTS, RedirectStep
from typelink.transport.request import OutgoingRequest

BASE = "https://api.example.com"


def setup() -> tuple[RedirectStep, Call]:
    api = Things(base_url=BASE)
    return RedirectStep(api.runtime.connection), Call(spec_of("fetch"), api.runtime)


def test_a_redirect_to_another_origin_is_followed_without_trust() -> None:
    step, call = setup()
    script = Script([response(302, location="https://cdn.example.net/blob?x=1"), response(200)])
    request = OutgoingRequest("GET", f"{BASE}/things/a", params={"page": "2"})
    run_step(step, call, request, script)
    first, second = script.requests
    assert first.trusted and not second.trusted
    assert second.url == "https://cdn.example.net/blob?x=1" and second.params == {}
    assert call.redirects == 1


def test_a_relative_redirect_stays_trusted() -> None:
    step, call = setup()
    script = Script([response(301, location="/things/b"), response(200)])
    run_step(step, call, OutgoingRequest("GET", f"{BASE}/things/a"), script)
    assert script.requests[1].url == f"{BASE}/things/b" and script.requests[1].trusted


def test_303_turns_a_write_into_a_get_without_its_body() -> None:
    step, call = setup()
    script = Script([response(303, location="/done"), response(200)])
    request = OutgoingRequest(
        "POST", f"{BASE}/things", {"Content-Type": "application/json"}, kwargs={"data": b"{}"}
    )
    run_step(step, call, request, script)
    follow = script.requests[1]
    assert follow.method == "GET" and "data" not in follow.kwargs
    assert "Content-Type" not in follow.headers


def test_301_to_a_write_is_not_followed() -> None:
    step, call = setup()
    script = Script([response(301, location="/elsewhere")])
    exchange = run_step(step, call, OutgoingRequest("POST", f"{BASE}/things"), script)
    assert exchange.response is not None and exchange.response.status_code == 301


def test_a_redirect_loop_ends_with_a_typed_error() -> None:
    step, call = setup()
    script = Script([response(302, location="/again") for _ in range(MAX_REDIRECTS + 1)])
    with pytest.raises(APIConnectionError, match="redirects"):
        run_step(step, call, OutgoingRequest("GET", f"{BASE}/things/a"), script)
