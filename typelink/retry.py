"""Retry policy (interim version; the full policy lands with the resilience work)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from typelink.endpoint import EndpointInfo
from typelink.errors import APIConnectionError


@dataclass(frozen=True)
class RetryDecision:
    """Whether to send again, after how long, and why."""

    retry: bool
    wait: float = 0.0
    reason: str = ""
    retry_after: float | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Which failures are retried and how long to wait."""

    max_retries: int = 2
    retry_statuses: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})
    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    jitter: float = 0.25
    idempotency_header: str | None = None
    ratelimit_remaining_header: str = "X-RateLimit-Remaining"
    ratelimit_reset_header: str = "X-RateLimit-Reset"

    def replace(self, **changes: Any) -> RetryPolicy:
        """A copy with ``changes``; ``retries`` is accepted for ``max_retries``."""
        if "retries" in changes:
            changes["max_retries"] = changes.pop("retries")
        return dataclasses.replace(self, **changes)

    def start(
        self,
        endpoint: EndpointInfo,
        *,
        clock: Callable[[], float],
        wall_clock: Callable[[], float],
        rand: Callable[[], float],
    ) -> RetryState:
        """Per-call state."""
        return RetryState(self, endpoint, rand)


class RetryState:
    """Attempts and backoff of one call."""

    def __init__(
        self, policy: RetryPolicy, endpoint: EndpointInfo, rand: Callable[[], float]
    ) -> None:
        self.policy = policy
        self.endpoint = endpoint
        self.rand = rand
        self.retries = 0

    def _next(self, reason: str) -> RetryDecision:
        policy = self.policy
        allowed = self.endpoint.idempotent or policy.idempotency_header is not None
        if not allowed or self.retries >= policy.max_retries:
            return RetryDecision(False, reason=reason)
        wait = min(policy.backoff_initial * 2**self.retries, policy.backoff_max)
        wait *= 1 - policy.jitter * self.rand()
        self.retries += 1
        return RetryDecision(True, wait, reason)

    def after_response(self, status: int, headers: Mapping[str, str]) -> RetryDecision:
        """Decision after an error status."""
        if status not in self.policy.retry_statuses:
            return RetryDecision(False)
        return self._next(f"status {status}")

    def after_exception(self, exc: APIConnectionError) -> RetryDecision:
        """Decision after a connection failure."""
        return self._next(type(exc).__name__)


def new_idempotency_key() -> str:
    """A fresh idempotency key."""
    return str(uuid.uuid4())
