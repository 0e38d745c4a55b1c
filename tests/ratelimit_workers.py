"""Run in spawned processes by test_ratelimit.py: take slots from one shared Redis bucket."""

from __future__ import annotations

from typing import Any

from typelink.endpoint import ANONYMOUS_ENDPOINT
from typelink.ratelimit import QuotaLimiter, RedisBucket


def take_slots(redis_url: str, attempts: int, barrier: Any, out: Any) -> None:
    limiter = QuotaLimiter(10, 60.0, store=RedisBucket.from_url(redis_url), name="workers")
    barrier.wait(30)
    granted = sum(
        limiter.acquire(ANONYMOUS_ENDPOINT, "http://api.test/x") == 0.0 for _ in range(attempts)
    )
    out.put(granted)
