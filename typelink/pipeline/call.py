"""One call's state, and the chain of named steps it runs through.

A :class:`Call` holds what belongs to one call alone (attempt count, retry state, credential
generation, redirects followed), so concurrent calls never disturb each other. The steps
are objects built once per bound endpoint (each knows the endpoint it serves); a
:class:`Chain` runs them in order, each step receiving the request and a ``proceed``
function that runs the rest of the chain, like an interceptor::

    cache -> parse -> error mapping -> redirect -> retry -> 401 replay
          -> rate limit -> auth -> events -> send

A step returns an :class:`Exchange`: the response that ended the call and, once parsed, the
value the caller receives.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from typelink._internal.logs import logger
from typelink._internal.redact import redact_url
from typelink.declare.spec import EndpointInfo, EndpointSpec
from typelink.pipeline.effects import Flow
from typelink.policies.cache_stores import MISSING
from typelink.policies.retry import RetryPolicy, RetryState
from typelink.transport.request import OutgoingRequest
from typelink.transport.response import HTTPResponse
from typelink.transport.runtime import Runtime

__all__ = ["Call", "Chain", "Exchange", "Proceed", "Step"]


class Exchange:
    """How a call ended: the last ``response`` (None for a fresh cache hit), the ``request``
    that produced it, and the parsed ``value`` (``MISSING`` until the parse step ran)."""

    __slots__ = ("request", "response", "value")

    def __init__(
        self,
        request: OutgoingRequest,
        response: HTTPResponse | None,
        value: Any = MISSING,
    ) -> None:
        self.request = request
        self.response = response
        self.value = value


Proceed = Callable[[OutgoingRequest], Flow[Exchange]]
"""Runs the rest of the chain for a request."""


class Step(Protocol):
    """One named concern of the pipeline."""

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        """Handle ``request``; ``yield from proceed(request)`` runs the steps after this one."""
        ...


class Call:
    """The state of one call (never shared between calls).

    ``deadline`` is when the call's ``total_budget`` runs out (``time.monotonic()``; None
    without a budget). ``attempt`` counts sends; ``generation`` is the credential
    generation of the last send (for single-flight refresh after a 401), ``refreshes_401``
    how many times the call asked the auth to refresh after a 401; ``retry_after``
    is the wait the server asked for in the last answer the retry step judged;
    ``conditional`` is True when the cache made the request conditional, so a 304 is the
    cache's to answer. ``at_end`` (at DEBUG
    only) holds what is done when the call ends, however it ends: the attempts' log records,
    written then so that each body is redacted with every secret the call came to know.
    """

    __slots__ = (
        "at_end",
        "attempt",
        "conditional",
        "consumer_policy",
        "deadline",
        "endpoint",
        "generation",
        "policy",
        "redirects",
        "refreshes_401",
        "retry_after",
        "retry_state",
        "runtime",
        "spec",
        "started",
    )

    def __init__(
        self, spec: EndpointSpec, runtime: Runtime[Any], consumer_policy: RetryPolicy | None = None
    ) -> None:
        self.spec = spec
        self.endpoint: EndpointInfo = spec.info
        self.runtime = runtime
        self.consumer_policy = consumer_policy
        self.policy = runtime.retry_policy_for(spec, consumer_policy)
        # A total budget counts from the start of the call, not from its first failure.
        budget = self.policy.total_budget
        self.started = runtime.config.clock() if budget is not None else 0.0
        # ... and bounds real time too (slow bodies, hung stores): on the real clock.
        self.deadline = time.monotonic() + budget if budget is not None else None
        self.attempt = 0
        self.generation = 0
        self.refreshes_401 = 0
        self.redirects = 0
        self.retry_after: float | None = None
        self.retry_state: RetryState | None = None
        self.conditional = False
        self.at_end: list[Callable[[], None]] | None = None

    def retry(self) -> RetryState:
        """This call's retry bookkeeping (created on first use)."""
        state = self.retry_state
        if state is None:
            config = self.runtime.config
            state = self.policy.start(
                self.endpoint, clock=config.clock, wall_clock=config.wall_clock, rand=config.rand
            )
            if self.policy.total_budget is not None:
                state.started = self.started
            self.retry_state = state
        return state

    def redact(self, url: str) -> str:
        """``url`` with credentials and token-like query values hidden."""
        return redact_url(url, self.runtime.secrets)


class Chain:
    """The steps of one endpoint, in order; :meth:`run` starts a call at the first."""

    __slots__ = ("steps",)

    def __init__(self, steps: tuple[Step, ...]) -> None:
        self.steps = steps

    def run(self, call: Call, request: OutgoingRequest) -> Flow[Exchange]:
        """The whole call as one flow of effects."""
        if logger.isEnabledFor(logging.DEBUG):
            return self._with_end(call, request)
        return self._at(0, call, request)

    def _with_end(self, call: Call, request: OutgoingRequest) -> Flow[Exchange]:
        """The call, then what its steps left for its end (``Call.at_end``)."""
        call.at_end = []
        try:
            return (yield from self._at(0, call, request))
        finally:
            for finish in call.at_end:
                try:
                    finish()
                except Exception:  # observability never breaks (or masks the end of) a call
                    logger.exception("typelink: writing the debug log of a call failed")

    def _at(self, index: int, call: Call, request: OutgoingRequest) -> Flow[Exchange]:
        proceed: Proceed = functools.partial(self._at, index + 1, call)
        return self.steps[index](call, request, proceed)

    def __repr__(self) -> str:
        return " -> ".join(type(step).__name__ for step in self.steps)
