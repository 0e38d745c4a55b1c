from __future__ import annotations

import email.utils

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typelink.declare.spec import EndpointInfo
from typelink.errors import APIConnectionError, APITimeoutError, ConfigurationError
from typelink.policies.retry import (
    RetryDecision,
    RetryPolicy,
    new_idempotency_key,
    parse_retry_after,
)

NOW = 1_700_000_000.0
GET = EndpointInfo("Repos", "get", "repos/{id}", "GET", idempotent=True)
POST = EndpointInfo("Issues", "create", "issues", "POST", idempotent=False)
SAFE_POST = EndpointInfo("Search", "query", "search", "POST", idempotent=True)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def start(policy: RetryPolicy, endpoint: EndpointInfo = GET, clock: Clock | None = None, rand=0.0):
    return policy.start(endpoint, clock=clock or Clock(), wall_clock=lambda: NOW, rand=lambda: rand)


# --- parse_retry_after ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after": " 1.5 "}, 1.5),
        ({"Retry-After": "-3"}, 0.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"Retry-After-Ms": "250", "Retry-After": "9"}, 0.25),
        ({"retry-after-ms": "soon", "Retry-After": "9"}, 9.0),
        ({"Retry-After": email.utils.formatdate(NOW + 30, usegmt=True)}, 30.0),
        ({"Retry-After": email.utils.formatdate(NOW - 30, usegmt=True)}, 0.0),
        ({"Retry-After": "tomorrow"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "Wed, 99 Foo 2024 99:99:99 GMT"}, None),
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 42)}, 42.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "12"}, 12.0),  # a delay
        ({"X-RateLimit-Remaining": "3", "X-RateLimit-Reset": str(int(NOW) + 42)}, None),
        ({"X-RateLimit-Remaining": "0"}, None),
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "later"}, None),
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) - 5)}, 0.0),
        ({"Retry-After": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "60"}, 5.0),
    ],
)
def test_parse_retry_after(headers, expected):
    assert parse_retry_after(headers, NOW, RetryPolicy()) == expected


def test_rate_limit_header_names_are_configurable():
    policy = RetryPolicy(
        ratelimit_remaining_header="RateLimit-Remaining", ratelimit_reset_header="RateLimit-Reset"
    )
    headers = {"ratelimit-remaining": "0", "ratelimit-reset": "20"}
    assert parse_retry_after(headers, NOW, policy) == 20.0
    assert parse_retry_after(headers, NOW, RetryPolicy()) is None


@given(
    st.dictionaries(
        st.sampled_from(
            ["Retry-After", "retry-after-ms", "X-RateLimit-Remaining", "X-RateLimit-Reset"]
        ),
        st.text(),
    )
)
def test_parse_retry_after_never_raises(headers):
    wait = parse_retry_after(headers, NOW)
    assert wait is None or wait >= 0


# --- policy --------------------------------------------------------------------------------


def test_defaults():
    policy = RetryPolicy()
    assert policy.max_retries == 2
    assert policy.retry_statuses == {408, 429, 500, 502, 503, 504}
    assert policy.max_server_wait == 60.0
    assert policy.total_budget is None


def test_replace_makes_a_changed_copy_and_rejects_unknown_options():
    policy = RetryPolicy()
    changed = policy.replace(max_retries=5, retry_statuses={503})
    assert changed.max_retries == 5 and changed.retry_statuses == frozenset({503})
    assert policy.max_retries == 2
    assert hash(changed)
    with pytest.raises(ConfigurationError, match="max_retry"):
        policy.replace(max_retry=1)


@pytest.mark.parametrize(
    "options",
    [
        {"max_retries": -1},
        {"jitter": 2},
        {"backoff_initial": -1},
        {"total_budget": 0},
        {"max_server_wait": -1},
    ],
)
def test_invalid_options(options):
    with pytest.raises(ConfigurationError):
        RetryPolicy(**options)


def test_allows_only_idempotent_methods_unless_declared_or_keyed():
    policy = RetryPolicy()
    assert policy.allows_method(GET)
    put = EndpointInfo("X", "put", "x", "PUT", idempotent=False)
    assert policy.allows_method(put)
    assert not policy.allows_method(POST)
    assert policy.allows_method(SAFE_POST)
    assert RetryPolicy(idempotency_header="Idempotency-Key").allows_method(POST)


def test_backoff_is_exponential_capped_and_jittered():
    policy = RetryPolicy()
    assert [policy.backoff(n, 0.0) for n in range(7)] == [0.5, 1, 2, 4, 8, 8, 8]
    assert policy.backoff(0, 1.0) == 0.375
    assert policy.backoff(1000, 0.5) == 8 * 0.875


# --- per-call state --------------------------------------------------------------------------


def test_retries_retryable_statuses_until_exhausted():
    state = start(RetryPolicy())
    assert state.attempt == 1
    assert state.after_response(503, {}) == RetryDecision(True, 0.5, "status 503", None)
    assert state.attempt == 2
    assert state.after_response(502, {}) == RetryDecision(True, 1.0, "status 502", None)
    final = state.after_response(500, {})
    assert not final.retry and "gave up after 3 attempts" in final.reason


def test_success_and_client_errors_are_not_retried():
    state = start(RetryPolicy())
    assert not state.after_response(200, {}).retry
    decision = state.after_response(404, {})
    assert not decision.retry and decision.reason == "status 404 is not retried"
    assert state.retries == 0


def test_each_call_has_its_own_backoff_sequence():
    policy = RetryPolicy(max_retries=3)
    first, second = start(policy), start(policy)
    assert [first.after_response(503, {}).wait for _ in range(2)] == [0.5, 1.0]
    assert second.after_response(503, {}).wait == 0.5


def test_post_is_not_retried_unless_declared_idempotent():
    decision = start(RetryPolicy(), POST).after_response(503, {})
    assert not decision.retry and "POST is not idempotent" in decision.reason
    assert start(RetryPolicy(), SAFE_POST).after_response(503, {}).retry


def test_idempotency_key_is_one_per_call_and_enables_post_retries():
    policy = RetryPolicy(idempotency_header="Idempotency-Key")
    state = start(policy, POST)
    headers = state.idempotency_headers()
    assert list(headers) == ["Idempotency-Key"] and len(headers["Idempotency-Key"]) == 36
    assert state.after_response(503, {}).retry
    assert state.idempotency_headers() == headers  # unchanged on every attempt
    assert start(policy, POST).idempotency_headers() != headers
    assert start(policy, GET).idempotency_headers() == {}
    assert start(RetryPolicy(), POST).idempotency_headers() == {}
    assert new_idempotency_key() != new_idempotency_key()


def test_server_wait_replaces_backoff():
    state = start(RetryPolicy())
    decision = state.after_response(429, {"Retry-After": "3"})
    assert decision == RetryDecision(True, 3.0, "status 429", 3.0)


def test_server_wait_above_the_cap_stops_with_retry_after():
    state = start(RetryPolicy())
    decision = state.after_response(429, {"Retry-After": "120"})
    assert not decision.retry and decision.retry_after == 120.0
    assert "max_server_wait=60s" in decision.reason
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 3600)}
    exhausted = start(RetryPolicy()).after_response(403, headers)
    assert not exhausted.retry and exhausted.retry_after == 3600.0


def test_total_budget_covers_all_attempts():
    clock = Clock()
    state = start(RetryPolicy(max_retries=10, total_budget=5.0), clock=clock)
    assert state.after_response(503, {}).wait == 0.5
    clock.now = 3.0
    assert state.after_response(503, {}).wait == 1.0
    clock.now = 4.5
    decision = state.after_response(503, {})  # would wait 2 s with 0.5 s left
    assert not decision.retry and "5s budget" in decision.reason
    assert state.remaining_budget() == 0.5


def test_connection_errors_and_timeouts():
    state = start(RetryPolicy())
    assert state.after_exception(APIConnectionError("refused")).reason == "connection error"
    assert state.after_exception(APITimeoutError("slow")).reason == "timeout"
    assert not state.after_exception(APITimeoutError("slow")).retry
    no_timeouts = start(RetryPolicy(retry_timeouts=False))
    assert not no_timeouts.after_exception(APITimeoutError("slow")).retry
    assert no_timeouts.after_exception(APIConnectionError("reset")).retry
    no_connection = start(RetryPolicy(retry_connection_errors=False))
    assert not no_connection.after_exception(APIConnectionError("reset")).retry
    assert not start(RetryPolicy(), POST).after_exception(APIConnectionError("x")).retry


def test_should_retry_header_overrides_the_status_rule():
    assert start(RetryPolicy()).after_response(409, {"x-should-retry": "true"}).retry
    assert not start(RetryPolicy()).after_response(503, {"X-Should-Retry": "false"}).retry
    assert not start(RetryPolicy(), POST).after_response(409, {"x-should-retry": "true"}).retry
    ignored = RetryPolicy(should_retry_header=None)
    assert not start(ignored).after_response(409, {"x-should-retry": "true"}).retry


def test_zero_retries_never_retries():
    assert not start(RetryPolicy(max_retries=0)).after_response(503, {}).retry


def test_rate_limited_403_is_retried_only_when_enabled_and_asked_to_wait():
    github = RetryPolicy(retry_rate_limited_403=True)
    secondary = {"Retry-After": "30", "X-RateLimit-Remaining": "4000"}
    decision = start(github).after_response(403, secondary)
    assert decision == RetryDecision(True, 30.0, "status 403 (rate limited)", 30.0)
    primary = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 20)}
    assert start(github).after_response(403, primary).wait == 20.0
    # a permission error carries rate-limit headers too, but asks for no wait
    forbidden = {"X-RateLimit-Remaining": "4999", "X-RateLimit-Reset": str(int(NOW) + 3000)}
    refused = start(github).after_response(403, forbidden)
    assert not refused.retry and refused.retry_after is None
    assert not start(github).after_response(403, {}).retry
    # off by default: the status rule alone decides
    assert not start(RetryPolicy()).after_response(403, secondary).retry
    # the cap still applies: the caller gets the wait to report
    long_wait = start(github).after_response(403, {"Retry-After": "600"})
    assert not long_wait.retry and long_wait.retry_after == 600.0
    # and so does idempotency, unless rate-limited writes are allowed
    assert not start(github, POST).after_response(403, secondary).retry
    writes = github.replace(retry_rate_limited_writes=True)
    assert start(writes, POST).after_response(403, secondary).retry
    assert start(writes, POST).after_response(429, {"Retry-After": "2"}).retry
    assert not start(writes, POST).after_response(429, {}).retry  # no wait asked: unknown
    assert not start(writes, POST).after_response(503, {"Retry-After": "2"}).retry
    assert not start(writes, POST).after_response(403, forbidden).retry
