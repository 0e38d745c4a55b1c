"""Telemetry around a call and around each attempt (present only when a client has telemetry).

:class:`CallSpanStep` is the outermost step: the call's span covers the cache lookup, every
attempt, wait and refresh, and the parse. :class:`AttemptSpanStep` sits right before the send
(after the rate limit and the credential, so neither wait is counted as the request's
duration): one span per request put on the wire, carrying the trace context to trusted
origins. Both speak to :class:`typelink.policies.telemetry.TelemetryHooks`, never to
OpenTelemetry itself, and do no I/O: the sync and async drivers run them unchanged.
"""

from __future__ import annotations

from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow
from typelink.policies.telemetry import TelemetryHooks
from typelink.transport.request import OutgoingRequest

__all__ = ["AttemptSpanStep", "CallSpanStep"]


class CallSpanStep:
    """Opens the call's span (named after the endpoint) and closes it with the outcome."""

    __slots__ = ("hooks",)

    def __init__(self, hooks: TelemetryHooks) -> None:
        self.hooks = hooks

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        scope = self.hooks.start_call(call.endpoint, request, call.redact(request.full_url()))
        try:
            exchange = yield from proceed(request)
        except BaseException as error:  # the span ends however the call does
            scope.end(call.attempt, None, error, call.runtime.secrets)
            raise
        response = exchange.response
        scope.end(call.attempt, response.status_code if response is not None else None, None, ())
        return exchange


class AttemptSpanStep:
    """Opens one span per request sent; the request carries its trace context if trusted."""

    __slots__ = ("hooks",)

    def __init__(self, hooks: TelemetryHooks) -> None:
        self.hooks = hooks

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        # call.attempt counts the requests already sent: this one's resend count
        url = call.redact(request.full_url())
        scope = self.hooks.start_attempt(call.endpoint, request, url, call.attempt)
        try:
            exchange = yield from proceed(scope.request)
        except BaseException as error:
            scope.end(None, error, call.runtime.secrets)
            raise
        response = exchange.response
        scope.end(response.status_code if response is not None else None, None, ())
        return exchange
