"""Sending a call again: which failures, how often, and how long to wait first.

The decisions are the :class:`typelink.policies.retry.RetryState` of this call (the policy
resolved for the endpoint and the view). A body that the first send used up (a stream, a
generator, a file part) is never sent again. When the policy uses an idempotency key, one key
is added at the start of the call and sent unchanged on every attempt; a key the caller
already put on the request (a declared header argument, or ``with_options(headers=...)``),
under any spelling of the header name, is that key: it is never replaced.
"""

from __future__ import annotations

from typelink import events
from typelink._internal.logs import logger
from typelink.errors import APIConnectionError
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow, sleep
from typelink.transport.request import OutgoingRequest

__all__ = ["RetryStep"]


class RetryStep:
    """Retries connection failures and retryable statuses under the call's policy."""

    __slots__ = ()

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        if call.policy.needs_idempotency_key(call.endpoint):
            _use_idempotency_key(call, request)
        while True:
            try:
                exchange = yield from proceed(request)
            except APIConnectionError as error:
                decision = call.retry().after_exception(error)
                if not (decision.retry and request.body_is_replayable):
                    raise
            else:
                response = exchange.response
                if response is None:
                    return exchange
                status = response.status_code
                if status < 400 and status not in call.policy.retry_statuses:
                    return exchange
                decision = call.retry().after_response(status, response.headers)
                call.retry_after = decision.retry_after
                if not (decision.retry and request.body_is_replayable):
                    return exchange
                response.close()
            # waiting outside the except block: a later error is not chained to this one
            yield from _wait(call, decision.reason, decision.wait)


def _use_idempotency_key(call: Call, request: OutgoingRequest) -> None:
    """Keep the caller's key, or add the call's fresh one (header names compare
    case-insensitively: ``idempotency-key`` is the caller's ``Idempotency-Key``)."""
    header = call.policy.idempotency_header
    assert header is not None
    state = call.retry()
    wanted = header.lower()
    given = [value for name, value in request.headers.items() if name.lower() == wanted]
    if given:
        state.idempotency_key = given[-1]
        return
    request.headers.update(state.idempotency_headers())


def _wait(call: Call, reason: str, wait: float) -> Flow[None]:
    listeners = call.runtime.config.listeners
    if listeners or events.has_global_listeners():
        events.emit(events.RetryScheduled(call.endpoint, call.attempt, reason, wait), listeners)
    logger.info(
        "retrying %s after %s in %.3f s (attempt %d failed)",
        call.endpoint.qualname,
        reason,
        wait,
        call.attempt,
    )
    if wait > 0:
        yield from sleep(wait)
