"""When to send a call again, and how long to wait first.

:class:`RetryPolicy` is a frozen value configured per client, consumer, endpoint or call
(``policy.replace(max_retries=5)``). :meth:`RetryPolicy.start` makes a :class:`RetryState`
for one call: attempt count, backoff sequence and time budget live there, never on the
shared policy, so concurrent calls cannot disturb each other's backoff. The state only
*decides*; the call pipeline sleeps, emits ``RetryScheduled`` and raises the typed error.

Defaults follow what users of the OpenAI/Stainless SDKs expect: 2 retries, exponential
backoff ``min(0.5 * 2**n, 8) * (1 - 0.25 * random())``, server waits honoured up to 60 s.
Unlike them, only idempotent requests are retried unless the endpoint says it is safe or
an idempotency-key header makes it so.
"""

from __future__ import annotations

import dataclasses
import email.utils
import math
import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from requests.structures import CaseInsensitiveDict

from typelink._internal.http import IDEMPOTENT_METHODS
from typelink.errors import APIConnectionError, APITimeoutError, ConfigurationError

__all__ = [
    "DEFAULT_RETRY_STATUSES",
    "RetriedEndpoint",
    "RetryDecision",
    "RetryPolicy",
    "RetryState",
    "new_idempotency_key",
    "parse_retry_after",
    "quota_reset_wait",
    "retry_after_header_wait",
]

DEFAULT_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

_EPOCH_THRESHOLD = 1_000_000_000.0
"""A reset value below this (September 2001 as a timestamp) is a delay in seconds, not a date."""


class RetriedEndpoint(Protocol):
    """What a retry decision needs to know about the endpoint (``EndpointInfo`` has it)."""

    @property
    def http_method(self) -> str:
        """The HTTP method, upper case."""
        ...

    @property
    def idempotent(self) -> bool:
        """True when sending the call twice has the effect of sending it once."""
        ...


def new_idempotency_key() -> str:
    """A fresh random key, sent unchanged on every attempt of one call."""
    return str(uuid.uuid4())


def _lowered(headers: Mapping[str, str]) -> dict[str, str]:
    if type(headers) is CaseInsensitiveDict:  # a response's: its names are lowered already
        return dict(headers.lower_items())  # (its items() is the generic view, slower)
    return {name.lower(): value for name, value in headers.items()}


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except (ValueError, AttributeError):
        return None
    return value if math.isfinite(value) else None


def retry_after_header_wait(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds asked by ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date).

    ``now`` is the wall clock (epoch seconds). Malformed values give None, negative ones 0.
    """
    lowered = _lowered(headers)
    millis = lowered.get("retry-after-ms")
    if millis is not None:
        value = _number(millis)
        if value is not None:
            return max(0.0, value / 1000)
    text = lowered.get("retry-after")
    if text is None:
        return None
    seconds = _number(text)
    if seconds is not None:
        return max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means it was
        return None
    return max(0.0, when.timestamp() - now)


def quota_reset_wait(
    headers: Mapping[str, str],
    now: float,
    remaining_header: str = "X-RateLimit-Remaining",
    reset_header: str = "X-RateLimit-Reset",
) -> float | None:
    """Seconds until the quota resets, when ``remaining`` is 0 and a reset time is given.

    The reset is an epoch timestamp (GitHub, Twitter); small values (before 2001 as a date)
    are read as a delay in seconds, as the IETF RateLimit draft sends them.
    """
    lowered = _lowered(headers)
    remaining = lowered.get(remaining_header.lower())
    reset = lowered.get(reset_header.lower())
    if remaining is None or reset is None:
        return None
    remaining_value = _number(remaining)
    reset_value = _number(reset)
    if remaining_value is None or reset_value is None or remaining_value > 0:
        return None
    if reset_value < _EPOCH_THRESHOLD:
        return max(0.0, reset_value)
    return max(0.0, reset_value - now)


def parse_retry_after(
    headers: Mapping[str, str], now: float, policy: RetryPolicy | None = None
) -> float | None:
    """How long the server asked us to wait, in seconds, or None if it did not say.

    Checked in order: ``retry-after-ms``, ``Retry-After`` (seconds or HTTP date), then the
    policy's rate-limit headers (remaining 0 + reset). Never raises on malformed values.
    """
    policy = policy or RetryPolicy()
    wait = retry_after_header_wait(headers, now)
    if wait is not None:
        return wait
    return quota_reset_wait(
        headers, now, policy.ratelimit_remaining_header, policy.ratelimit_reset_header
    )


@dataclass(frozen=True, slots=True)
class RetryDecision:
    """What to do after one attempt: ``retry`` after ``wait`` seconds, or stop.

    ``reason`` explains it in words (for events and logs). ``retry_after`` is the wait the
    server asked for, if any: when the decision is to stop because it exceeds
    ``max_server_wait``, the pipeline raises the typed error with this value.
    """

    retry: bool
    wait: float
    reason: str
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Which failures are retried, how often, and how long to wait between attempts.

    ``max_retries``: retries after the first attempt. ``retry_statuses``: statuses worth
    another try. ``backoff_*`` / ``jitter``: ``min(initial * 2**n, max) * (1 - jitter * r)``.
    ``max_server_wait``: the longest server-requested wait that is slept; longer ones stop.
    ``total_budget``: seconds for the whole call across attempts (None: unlimited).
    ``idempotency_header``: e.g. ``"Idempotency-Key"``; when set, POST/PATCH calls carry one
    key per call and may be retried. ``should_retry_header``: a server header whose
    ``true``/``false`` overrides the status rule (Stainless APIs send ``x-should-retry``).
    ``retry_rate_limited_403``: also retry a 403 whose headers ask for a wait (``Retry-After``,
    or remaining 0 with a reset time), as a 429; GitHub answers rate limits that way, while a
    403 without such headers (a permission error) is still never retried.
    ``retry_rate_limited_writes``: retry POST/PATCH too after such a rate-limited answer (a
    429, or a 403 as above, that asked for a wait): the server refused the request before
    doing anything, so sending it again cannot do it twice.
    """

    max_retries: int = 2
    retry_statuses: frozenset[int] = DEFAULT_RETRY_STATUSES
    retry_connection_errors: bool = True
    retry_timeouts: bool = True
    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    jitter: float = 0.25
    max_server_wait: float = 60.0
    total_budget: float | None = None
    idempotency_header: str | None = None
    ratelimit_remaining_header: str = "X-RateLimit-Remaining"
    ratelimit_reset_header: str = "X-RateLimit-Reset"
    should_retry_header: str | None = "x-should-retry"
    retry_rate_limited_403: bool = False
    retry_rate_limited_writes: bool = False

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ConfigurationError("max_retries must be 0 or more")
        if self.backoff_initial < 0 or self.backoff_max < 0:
            raise ConfigurationError("backoff times must not be negative")
        if not 0 <= self.jitter <= 1:
            raise ConfigurationError("jitter must be between 0 and 1")
        if self.max_server_wait < 0:
            raise ConfigurationError("max_server_wait must not be negative")
        if self.total_budget is not None and self.total_budget <= 0:
            raise ConfigurationError("total_budget must be positive (or None)")
        # Accept any iterable of statuses (a set, a list) but keep the policy hashable.
        object.__setattr__(self, "retry_statuses", frozenset(self.retry_statuses))

    def replace(self, **changes: Any) -> RetryPolicy:
        """A copy with ``changes`` applied (unknown names raise ConfigurationError)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ConfigurationError(f"unknown retry option(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)

    def needs_idempotency_key(self, endpoint: RetriedEndpoint) -> bool:
        """True when calls to ``endpoint`` should carry a fresh idempotency key."""
        return (
            self.idempotency_header is not None
            and endpoint.http_method.upper() not in IDEMPOTENT_METHODS
        )

    def allows_method(self, endpoint: RetriedEndpoint) -> bool:
        """May calls to ``endpoint`` be retried at all?

        Idempotent methods yes; POST/PATCH only if the endpoint is declared idempotent or an
        idempotency-key header makes the retry safe.
        """
        return (
            endpoint.idempotent
            or endpoint.http_method.upper() in IDEMPOTENT_METHODS
            or self.idempotency_header is not None
        )

    def backoff(self, retry_number: int, rand: float) -> float:
        """The wait before retry ``retry_number`` (0-based) with ``rand`` in [0, 1)."""
        base = min(self.backoff_initial * 2.0 ** min(retry_number, 64), self.backoff_max)
        return base * (1 - self.jitter * rand)

    def start(
        self,
        endpoint: RetriedEndpoint,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rand: Callable[[], float] = random.random,
    ) -> RetryState:
        """Begin one call to ``endpoint``: its private retry state."""
        return RetryState(self, endpoint, clock=clock, wall_clock=wall_clock, rand=rand)


class RetryState:
    """The retry bookkeeping of one call; never shared between calls.

    ``attempt`` is the 1-based number of the attempt in flight; ``idempotency_key`` is the
    key to send on every attempt (None when the policy does not use one for this endpoint).
    """

    def __init__(
        self,
        policy: RetryPolicy,
        endpoint: RetriedEndpoint,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.policy = policy
        self.endpoint = endpoint
        self._clock = clock
        self._wall_clock = wall_clock
        self._rand = rand
        self.started = clock()
        self.retries = 0
        self.idempotency_key = (
            new_idempotency_key() if policy.needs_idempotency_key(endpoint) else None
        )

    @property
    def attempt(self) -> int:
        """The 1-based number of the current attempt."""
        return self.retries + 1

    def idempotency_headers(self) -> dict[str, str]:
        """``{header: key}`` to add to every attempt, or ``{}``."""
        header = self.policy.idempotency_header
        if header is None or self.idempotency_key is None:
            return {}
        return {header: self.idempotency_key}

    def elapsed(self) -> float:
        """Seconds since the call started."""
        return self._clock() - self.started

    def remaining_budget(self) -> float | None:
        """Seconds left in the call's total budget (None: no budget)."""
        budget = self.policy.total_budget
        return None if budget is None else max(0.0, budget - self.elapsed())

    def after_response(self, status: int, headers: Mapping[str, str]) -> RetryDecision:
        """Decide after a response with ``status`` (any status; 2xx are never retried)."""
        server_wait = parse_retry_after(headers, self._wall_clock(), self.policy)
        verdict = self._server_verdict(headers)
        if verdict is False:
            return RetryDecision(False, 0.0, "server said not to retry", server_wait)
        if verdict is None and not self._retryable_status(status, server_wait):
            return RetryDecision(False, 0.0, f"status {status} is not retried", server_wait)
        rate_limited = server_wait is not None and (
            status == 429 or (status == 403 and self.policy.retry_rate_limited_403)
        )
        cause = (
            "status 403 (rate limited)" if rate_limited and status == 403 else f"status {status}"
        )
        any_method = rate_limited and self.policy.retry_rate_limited_writes
        return self._next(cause, server_wait, any_method=any_method)

    def _retryable_status(self, status: int, server_wait: float | None) -> bool:
        if status in self.policy.retry_statuses:
            return True
        return status == 403 and server_wait is not None and self.policy.retry_rate_limited_403

    def after_exception(self, exc: APIConnectionError) -> RetryDecision:
        """Decide after a connection failure or timeout."""
        if isinstance(exc, APITimeoutError):
            if not self.policy.retry_timeouts:
                return RetryDecision(False, 0.0, "timeouts are not retried")
            return self._next("timeout", None)
        if not self.policy.retry_connection_errors:
            return RetryDecision(False, 0.0, "connection errors are not retried")
        return self._next("connection error", None)

    def _server_verdict(self, headers: Mapping[str, str]) -> bool | None:
        name = self.policy.should_retry_header
        if name is None:
            return None
        value = _lowered(headers).get(name.lower(), "").strip().lower()
        return {"true": True, "false": False}.get(value)

    def _next(
        self, cause: str, server_wait: float | None, *, any_method: bool = False
    ) -> RetryDecision:
        policy = self.policy
        if not any_method and not policy.allows_method(self.endpoint):
            method = self.endpoint.http_method.upper()
            return RetryDecision(
                False, 0.0, f"{cause}; {method} is not idempotent, not retried", server_wait
            )
        if self.retries >= policy.max_retries:
            return RetryDecision(
                False, 0.0, f"{cause}; gave up after {self.attempt} attempts", server_wait
            )
        if server_wait is not None and server_wait > policy.max_server_wait:
            return RetryDecision(
                False,
                0.0,
                f"{cause}; server asked to wait {server_wait:.1f}s, "
                f"more than max_server_wait={policy.max_server_wait:g}s",
                server_wait,
            )
        wait = server_wait
        if wait is None:
            wait = policy.backoff(self.retries, self._rand())
        remaining = self.remaining_budget()
        if remaining is not None and wait >= remaining:
            return RetryDecision(
                False,
                0.0,
                f"{cause}; waiting {wait:.1f}s would exceed the {policy.total_budget:g}s budget",
                server_wait,
            )
        self.retries += 1
        return RetryDecision(True, wait, cause, server_wait)
