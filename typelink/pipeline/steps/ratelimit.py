"""The client-side quota: wait for a slot before each attempt, learn from each response.

A wait the call will not make (longer than ``max_server_wait``, or past what is left of the
call's ``total_budget``) raises :class:`RateLimitError` at once instead of sleeping. A limiter
(or its store) that fails with anything but a typelink error gives :class:`StoreError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from typelink import events
from typelink.errors import RateLimitError, StoreError, TypelinkError
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow, invoke, sleep, twin_of
from typelink.policies.protocols import RateLimiter
from typelink.transport.request import OutgoingRequest

__all__ = ["RateLimitStep"]


class RateLimitStep:
    """Takes a slot from the client's :class:`typelink.RateLimiter` for every attempt."""

    __slots__ = ("acquire", "limiter", "observe")

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
        self.acquire = twin_of(limiter, "acquire")
        self.observe = twin_of(limiter, "observe")

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        while True:
            wait = yield from _typed(self.acquire, call.endpoint, request.url)
            if wait <= 0:
                break
            refusal = _refusal(call, wait)
            if refusal is not None:
                raise RateLimitError(
                    status_code=429,
                    method=request.method,
                    url=call.redact(request.full_url()),
                    headers={},
                    body=b"",
                    retry_after=wait,
                    message=f"rate limit reached (client side); next slot in {wait:.1f} s, "
                    f"{refusal}",
                )
            listeners = call.runtime.config.listeners
            if listeners or events.has_global_listeners():
                events.emit(events.RateLimitWaited(call.endpoint, call.attempt, wait), listeners)
            yield from sleep(wait)
        exchange = yield from proceed(request)
        if exchange.response is not None:
            response = exchange.response
            yield from _typed(
                self.observe,
                call.endpoint,
                request.url,
                response.status_code,
                response.headers,
            )
        return exchange


T = TypeVar("T")


def _typed(function: Callable[..., T], *args: Any) -> Flow[T]:
    """``invoke`` with the limiter's own failures typed (raised outside the handler)."""
    try:
        return (yield from invoke(function, *args))
    except TypelinkError:
        raise
    except Exception as exc:
        kind = type(exc).__name__
    raise StoreError(f"the rate limiter failed ({kind})", store="rate-limit") from None


def _refusal(call: Call, wait: float) -> str | None:
    """Why this call will not wait ``wait`` seconds (None: it will)."""
    policy = call.policy
    if wait > policy.max_server_wait:
        return f"more than the {policy.max_server_wait:g} s we wait"
    budget = policy.total_budget
    if budget is not None and wait >= budget - (call.runtime.config.clock() - call.started):
        return f"past the call's {budget:g} s budget"
    return None
