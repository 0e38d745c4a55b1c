"""The error-mapping step alone: statuses become typed errors carrying what the API said."""

from __future__ import annotations

import pydantic
import pytest

from tests.pipeline.harness import Script, Things, response, run_step, spec_of
from typelink import NotFoundError, PermissionDeniedError, RateLimitError
from typelink.pipeline.call import Call
from typelink.pipeline.steps.errors import ErrorMappingStep
from typelink.transport.request import OutgoingRequest

URL = "https://api.example.com/things/a"


class ApiError(pydantic.BaseModel):
    message: str


def setup() -> tuple[ErrorMappingStep, Call]:
    api = Things(base_url="https://api.example.com", error_model=ApiError)
    return ErrorMappingStep(api.runtime.config), Call(spec_of("fetch"), api.runtime)


def test_a_status_becomes_its_typed_error_with_the_parsed_body() -> None:
    step, call = setup()
    script = Script([response(404, b'{"message": "no such thing"}', x_request_id="r-1")])
    with pytest.raises(NotFoundError) as info:
        run_step(step, call, OutgoingRequest("GET", URL), script)
    error = info.value
    assert isinstance(error.parsed, ApiError) and error.parsed.message == "no such thing"
    assert error.request_id == "r-1" and "no such thing" in str(error)


def test_a_403_asking_to_wait_is_a_rate_limit() -> None:
    step, call = setup()
    script = Script([response(403, x_ratelimit_remaining="0"), response(403)])
    with pytest.raises(RateLimitError):
        run_step(step, call, OutgoingRequest("GET", URL), script)
    with pytest.raises(PermissionDeniedError):
        run_step(step, call, OutgoingRequest("GET", URL), script)


def test_a_304_to_a_conditional_request_is_left_to_the_cache() -> None:
    step, call = setup()
    call.conditional = True
    exchange = run_step(step, call, OutgoingRequest("GET", URL), Script([response(304)]))
    assert exchange.response is not None and exchange.response.status_code == 304
