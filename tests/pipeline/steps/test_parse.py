"""The parse step alone: the declared type from a success, nothing from anything else."""

from __future__ import annotations

import pytest

from tests.pipeline.harness import Script, Things, response, run_step, spec_of
from typelink import ResponseValidationError
from typelink.auth import APIKeyQuery
from typelink.pipeline.call import Call, Exchange
from typelink.pipeline.steps.parse import ParseStep
from typelink.transport.request import OutgoingRequest

URL = "https://api.example.com/things/a"


def test_a_success_is_parsed_into_the_declared_type() -> None:
    call = Call(spec_of("fetch"), Things(base_url="https://api.example.com").runtime)
    exchange = run_step(
        ParseStep(), call, OutgoingRequest("GET", URL), Script([response(200, b'{"n": 1}')])
    )
    assert exchange.value == {"n": 1}


def test_an_error_status_is_left_for_error_mapping() -> None:
    call = Call(spec_of("fetch"), Things(base_url="https://api.example.com").runtime)
    exchange = run_step(
        ParseStep(), call, OutgoingRequest("GET", URL), Script([response(500, b"oops")])
    )
    assert exchange.value is Exchange(OutgoingRequest("GET", URL), None).value  # still MISSING


def test_a_body_that_does_not_fit_is_a_typed_error_without_the_key() -> None:
    key = "k-0123456789abcdef"
    api = Things(base_url="https://api.example.com", auth=APIKeyQuery(key, param="zz"))
    call = Call(spec_of("fetch"), api.runtime)
    bad = response(200, b'{"n": "not a number"}')
    bad.url = f"https://api.example.com/things/a?zz={key}"
    with pytest.raises(ResponseValidationError) as info:
        run_step(ParseStep(), call, OutgoingRequest("GET", URL), Script([bad]))
    assert key not in str(info.value) and key not in info.value.url
