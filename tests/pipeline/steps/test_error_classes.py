"""An API's own error classes (per status, per body discriminator, on the client, a consumer or
one endpoint), typed parsed bodies, and RFC 9457 problem details."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import (
    APIStatusError,
    BadRequestError,
    Client,
    ConfigurationError,
    Consumer,
    DeclarationError,
    Model,
    PermissionDeniedError,
    ProblemDetails,
    RateLimitError,
    RetryPolicy,
    UnprocessableEntityError,
    get,
)
from typelink.errors import check_error_classes


class Detail(Model):
    type: str
    code: str | None = None
    decline_code: str | None = None
    message: str | None = None


class Envelope(Model):
    error: Detail


class ApiError(APIStatusError[Envelope]):
    """Any answer in the API's error envelope."""


class CardError(ApiError):
    status_codes = frozenset({402})
    when = {"error.type": "card_error"}


class ThrottleError(ApiError):
    status_codes = (429,)


class Gone(APIStatusError):
    status_codes = {410}


class ValidationItem(Model):
    field: str
    reason: str


class Validation(Model):
    errors: list[ValidationItem]


class ValidationError(APIStatusError[Validation]):
    status_codes = {422}


class OutOfCredit(APIStatusError[ProblemDetails]):
    when = {"type": "https://example.com/probs/out-of-credit"}


class Tagged(Model):
    kind: Literal["quota"]
    limit: int


class QuotaError(APIStatusError[Tagged]):
    """Discriminated by the model itself: ``kind`` must be "quota"."""


class Charges(Consumer):
    error_classes = (ValidationError,)

    @get("charge")
    def charge(self) -> dict[str, Any]:
        raise NotImplementedError

    @get("special", errors=[QuotaError])
    def special(self) -> dict[str, Any]:
        raise NotImplementedError


class Payments(Client):
    error_classes = (CardError, Gone)
    charges: Charges

    @get("root")
    def root(self) -> dict[str, Any]:
        raise NotImplementedError


@pytest.fixture(scope="module")
def _server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def server(_server: ScriptedServer) -> ScriptedServer:
    return _server.reset()


def answer(server: ScriptedServer, status: int, body: Any, **headers: str) -> None:
    content_type = headers.pop("content_type", "application/json")
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    server.script = [Reply(status, data, {"Content-Type": content_type, **headers})]


def payments(server: ScriptedServer, **options: Any) -> Payments:
    return Payments(server.url, retry=RetryPolicy(max_retries=0), **options)


CARD = {"error": {"type": "card_error", "code": "card_declined", "decline_code": "expired_card"}}


def test_a_declared_class_is_raised_with_its_typed_body(server: ScriptedServer) -> None:
    answer(server, 402, CARD, **{"Request-Id": "req_1"})
    with pytest.raises(CardError) as info:
        payments(server).charges.charge()
    error = info.value
    assert error.parsed == Envelope(error=Detail(**CARD["error"]))
    assert error.parsed.error.decline_code == "expired_card"
    assert (error.status_code, error.request_id) == (402, "req_1")
    assert error.body == json.dumps(CARD).encode()
    assert "GET " in str(error) and "-> 402" in str(error)


def test_the_discriminator_decides(server: ScriptedServer) -> None:
    answer(server, 402, {"error": {"type": "invalid_request_error", "message": "no"}})
    with pytest.raises(APIStatusError) as info:
        payments(server).charges.charge()
    assert type(info.value) is APIStatusError  # not a card error: the built-in class
    assert info.value.api_message == "no"


def test_status_only_classes_and_classes_without_a_body(server: ScriptedServer) -> None:
    answer(server, 410, b"gone for good", content_type="text/plain")
    with pytest.raises(Gone) as info:
        payments(server).root()
    assert info.value.parsed is None
    assert info.value.api_message == "gone for good"


def test_error_bodies_of_other_shapes(server: ScriptedServer) -> None:
    answer(server, 422, {"errors": [{"field": "amount", "reason": "too small"}]})
    with pytest.raises(ValidationError) as info:
        payments(server).charges.charge()
    assert info.value.parsed.errors[0].field == "amount"


def test_a_body_that_does_not_fit_falls_back_to_the_built_in_tree(server: ScriptedServer) -> None:
    answer(server, 422, {"message": "Validation Failed"})
    with pytest.raises(UnprocessableEntityError) as info:
        payments(server).charges.charge()
    assert not isinstance(info.value, ValidationError)


def test_endpoint_then_consumer_then_client(server: ScriptedServer) -> None:
    answer(server, 400, {"kind": "quota", "limit": 5})
    with pytest.raises(QuotaError) as info:
        payments(server).charges.special()
    assert info.value.parsed.limit == 5
    answer(server, 400, {"kind": "other", "limit": 5})
    with pytest.raises(BadRequestError):
        payments(server).charges.special()
    answer(server, 422, {"errors": []})
    with pytest.raises(ValidationError):  # the consumer's class, reached through the client
        payments(server).charges.special()
    answer(server, 402, CARD)
    with pytest.raises(CardError):  # the client's class, for a group's endpoint
        payments(server).charges.special()


def test_the_client_option_and_the_order_within_a_list(server: ScriptedServer) -> None:
    answer(server, 429, {"error": {"type": "rate_limit"}}, **{"Retry-After": "120"})
    with pytest.raises(RateLimitError) as built_in:
        payments(server).root()
    assert built_in.value.retry_after == 120.0
    with pytest.raises(ThrottleError) as declared:
        payments(server, errors=[ThrottleError, ApiError]).root()
    assert declared.value.retry_after == 120.0
    assert declared.value.parsed.error.type == "rate_limit"
    with pytest.raises(ApiError) as first_wins:
        payments(server, errors=[ApiError, ThrottleError]).root()
    assert type(first_wins.value) is ApiError


def test_rfc_9457_problem_details_are_built_in(server: ScriptedServer) -> None:
    problem = {
        "type": "https://example.com/probs/out-of-credit",
        "title": "You do not have enough credit.",
        "status": 403,
        "detail": "Your current balance is 30, but that costs 50.",
        "instance": "/account/12345/msgs/abc",
        "balance": 30,
    }
    answer(server, 403, problem, content_type="application/problem+json")
    with pytest.raises(PermissionDeniedError) as info:
        payments(server).root()
    error = info.value
    assert isinstance(error.problem, ProblemDetails)
    assert error.problem.detail == problem["detail"]
    assert error.problem.model_extra == {"balance": 30}
    assert error.api_message == problem["detail"]
    with pytest.raises(OutOfCredit) as declared:
        payments(server, errors=[OutOfCredit]).root()
    assert declared.value.parsed.title == problem["title"]


def test_problem_members_of_the_wrong_type_are_ignored(server: ScriptedServer) -> None:
    answer(
        server,
        400,
        {"title": ["not", "a", "string"], "status": "400", "detail": "bad"},
        content_type="application/problem+json; charset=utf-8",
    )
    with pytest.raises(BadRequestError) as info:
        payments(server).root()
    assert info.value.problem == ProblemDetails(detail="bad")
    answer(server, 400, {"detail": "plain json"})
    with pytest.raises(BadRequestError) as plain:
        payments(server).root()
    assert plain.value.problem is None


def test_error_classes_are_checked_where_they_are_declared() -> None:
    class Nothing(APIStatusError):
        """Declares nothing to match: it would take every error."""

    with pytest.raises(ConfigurationError, match="Nothing declares nothing to match"):
        check_error_classes([Nothing], "errors=")
    with pytest.raises(ConfigurationError, match="not an APIStatusError subclass"):
        Payments("http://127.0.0.1:9", errors=[ValueError])  # type: ignore[list-item]
    with pytest.raises(DeclarationError, match=r"errors=.*status_codes has 200"):

        class Ok(APIStatusError):
            status_codes = {200}

        get("x", errors=[Ok])
    with pytest.raises(DeclarationError, match=r"Broken\.error_classes"):

        class Broken(Consumer):
            error_classes = (Nothing,)
