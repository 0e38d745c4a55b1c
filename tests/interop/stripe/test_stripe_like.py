"""The Stripe-like client (``tests/typing/stripe_like.py``) against a server that checks
Stripe's wire format: every call of the session succeeds, and what went on the wire is exactly
what Stripe documents."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.interop.stripe.server import API_KEY, StripeLikeServer
from tests.typing.stripe_like import Session, connect, run_session

EXPECTED = Session(
    created=["cus_0001", "cus_0002", "cus_0003", "cus_0004", "cus_0005"],
    kept_metadata={"order_id": "6735"},  # "channel" was unset by an empty value
    newest_first=["cus_0005", "cus_0004", "cus_0003", "cus_0002", "cus_0001"],
    pages=3,
    backwards=["cus_0003", "cus_0002", "cus_0005", "cus_0004"],
    retrieved="cus_0002",
    subscription_customer="jenny@example.com",
    subscription_price="price_1",
    decline_code="insufficient_funds",
    declined_charge="ch_0001",
    charge_status="succeeded",
)
EXPECTED_WAITS = [0.5, 1.0]  # backoff after the 500, then the 429's Retry-After


def scripted_server(port: int = 0) -> StripeLikeServer:
    """The server with the session's faults: a 500 on the first customer creation, a 429
    on the first retrieval of cus_0002."""
    server = StripeLikeServer(port)
    server.api.fail_next.add("POST /v1/customers")
    server.api.rate_limit_next.add("GET /v1/customers/cus_0002")
    return server


@pytest.fixture(scope="module")
def session_run() -> Iterator[tuple[Session, StripeLikeServer, list[float]]]:
    server = scripted_server()
    waits: list[float] = []
    try:
        with connect(API_KEY, server.base_url, sleep=waits.append) as api:
            yield run_session(api), server, waits
    finally:
        server.close()


def test_every_call_of_the_session_succeeds(
    session_run: tuple[Session, StripeLikeServer, list[float]],
) -> None:
    session, server, _ = session_run
    assert session == EXPECTED
    refused = [(s.method, s.target, s.status) for s in server.api.seen if s.status >= 400]
    assert refused == [
        ("POST", "/v1/customers", 500),  # scripted: retried with the same key
        ("GET", "/v1/customers/cus_0002", 429),  # scripted: retried after Retry-After
        ("POST", "/v1/charges", 402),  # the declined card
    ]


def test_nested_form_body_is_stripe_bracket_encoding(
    session_run: tuple[Session, StripeLikeServer, list[float]],
) -> None:
    _, server, _ = session_run
    first = server.api.seen[0]
    assert first.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert first.body == (
        b"email=jenny%40example.com&name=Jenny+Rosen"
        b"&address%5Bline1%5D=1+Rue+de+Rivoli&address%5Bcity%5D=Paris&address%5Bcountry%5D=FR"
        b"&metadata%5Border_id%5D=6735&metadata%5Bchannel%5D=web&expand%5B%5D=default_source"
    )
    update = next(s for s in server.api.seen if s.target == "/v1/customers/cus_0001")
    assert update.body == b"description=VIP&metadata%5Bchannel%5D="
    subscription = next(s for s in server.api.seen if s.target == "/v1/subscriptions")
    assert parse_qsl(subscription.body.decode(), keep_blank_values=True) == [
        ("customer", "cus_0001"),
        ("items[0][price]", "price_1"),
        ("items[0][quantity]", "2"),
        ("expand[]", "customer"),
    ]


def test_list_queries_created_range_and_cursors(
    session_run: tuple[Session, StripeLikeServer, list[float]],
) -> None:
    _, server, _ = session_run
    lists = [s.target for s in server.api.seen if urlsplit(s.target).path == "/v1/customers"]
    lists = [t for t in lists if "?" in t]
    assert lists == [
        "/v1/customers?limit=2&created%5Bgte%5D=1700000000",
        "/v1/customers?limit=2&created%5Bgte%5D=1700000000&starting_after=cus_0004",
        "/v1/customers?limit=2&created%5Bgte%5D=1700000000&starting_after=cus_0002",
        "/v1/customers?ending_before=cus_0001&limit=2",
        "/v1/customers?limit=2&ending_before=cus_0003",
    ]


def test_auth_version_and_idempotency_keys(
    session_run: tuple[Session, StripeLikeServer, list[float]],
) -> None:
    _, server, waits = session_run
    seen = server.api.seen
    assert all(s.headers["Authorization"] == f"Bearer {API_KEY}" for s in seen)
    assert all(s.headers["Stripe-Version"] == "2020-08-27" for s in seen)
    first_two = [s.headers.get("Idempotency-Key") for s in seen[:2]]
    assert first_two == ["order-6735-customer", "order-6735-customer"]  # kept on the retry
    generated = [s.headers["Idempotency-Key"] for s in seen[2:6]]
    assert len(set(generated)) == 4 and "order-6735-customer" not in generated
    charge = [s for s in seen if s.target == "/v1/charges"][-1]
    assert charge.headers["Idempotency-Key"] == "order-6735-charge"
    assert waits == EXPECTED_WAITS
