"""Retry-After and rate-limit headers, any value: a finite wait >= 0 or None, never an error."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, examples
from typelink.declare.spec import EndpointInfo
from typelink.policies.retry import RetryPolicy, parse_retry_after, quota_reset_wait

retry_headers = st.dictionaries(
    st.sampled_from(
        [
            "Retry-After",
            "retry-after",
            "RETRY-AFTER",
            "retry-after-ms",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
            "x-should-retry",
            "X-Other",
        ]
    ),
    s.retry_after_values,
    max_size=5,
)
nows = st.one_of(st.floats(min_value=0, max_value=4e10), st.just(1.7e9))


def _endpoint(method: str) -> EndpointInfo:
    return EndpointInfo(
        consumer="Fuzz", name="call", path="things", http_method=method, idempotent=method == "GET"
    )


@settings(FUZZ, max_examples=examples(250))
@given(headers=retry_headers, now=nows)
def test_parse_retry_after_is_none_or_a_finite_wait(headers: dict[str, str], now: float) -> None:
    wait = parse_retry_after(headers, now)
    assert wait is None or (math.isfinite(wait) and wait >= 0)
    reset = quota_reset_wait(headers, now)
    assert reset is None or (math.isfinite(reset) and reset >= 0)


@settings(FUZZ, max_examples=examples(200))
@given(
    status=s.statuses,
    headers=retry_headers,
    method=st.sampled_from(["GET", "POST", "PATCH", "DELETE"]),
    retries=st.integers(0, 4),
    max_server_wait=st.floats(0, 120),
)
def test_retry_decisions_stay_within_the_policy(
    status: int, headers: dict[str, str], method: str, retries: int, max_server_wait: float
) -> None:
    policy = RetryPolicy(max_retries=retries, max_server_wait=max_server_wait)
    state = policy.start(_endpoint(method), wall_clock=lambda: 1.7e9, rand=lambda: 0.5)
    decisions = 0
    while True:
        decision = state.after_response(status, headers)
        if not decision.retry:
            break
        decisions += 1
        assert math.isfinite(decision.wait) and decision.wait >= 0
        assert decision.wait <= max(policy.backoff_max, max_server_wait)
        assert decisions <= retries
    assert decisions <= retries
