"""Observability around each attempt: ``RequestSent`` / ``ResponseReceived`` and debug lines.

Events go to the client's listeners and the process-wide ones (the testing plugin uses those
to learn which method made each recorded interaction). URLs are redacted before anyone sees
them. At DEBUG (``TYPELINK_LOG=debug``) the attempt's log line also shows the request and
response bodies, redacted, summarised when binary and cut short
(:mod:`typelink._internal.bodies`). When
nobody listens and debug logging is off, this step costs two checks.
"""

from __future__ import annotations

import logging
import time

import requests

from typelink import events
from typelink._internal.bodies import describe_body, describe_request_body
from typelink._internal.logs import logger
from typelink.errors import TypelinkError
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow
from typelink.transport.request import OutgoingRequest

__all__ = ["EventsStep"]


class EventsStep:
    """Counts attempts, and reports each one to listeners and the debug log."""

    __slots__ = ("listeners",)

    def __init__(self, listeners: tuple[events.Listener, ...]) -> None:
        self.listeners = listeners

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        call.attempt += 1
        listening = bool(self.listeners) or events.has_global_listeners()
        if listening:
            url = call.redact(request.full_url())
            events.emit(
                events.RequestSent(call.endpoint, request.method, url, call.attempt),
                self.listeners,
            )
        sent_at = time.perf_counter()
        try:
            exchange = yield from proceed(request)
        except TypelinkError:
            if logger.isEnabledFor(logging.DEBUG):
                _log_unanswered(call, request)
            raise
        debug = logger.isEnabledFor(logging.DEBUG)
        if listening or debug:
            assert exchange.response is not None
            status = exchange.response.status_code
            elapsed_ms = (time.perf_counter() - sent_at) * 1000.0
            url = call.redact(request.full_url())
            if debug:
                logger.debug(
                    "%s %s -> %d in %.1f ms (attempt %d) [%s]%s",
                    request.method,
                    url,
                    status,
                    elapsed_ms,
                    call.attempt,
                    call.endpoint.qualname,
                    _bodies(call, request, exchange.response),
                )
            if listening:
                events.emit(
                    events.ResponseReceived(
                        call.endpoint, request.method, url, status, elapsed_ms, call.attempt
                    ),
                    self.listeners,
                )
        return exchange


def _bodies(call: Call, request: OutgoingRequest, response: requests.Response) -> str:
    """The request and response bodies, one indented line each, for the attempt's log record
    (one record per attempt, so concurrent calls never interleave their lines)."""
    secrets = call.runtime.secrets
    lines = ""
    sent = describe_request_body(request.kwargs, request.headers, secrets)
    if sent is not None:
        lines += f"\n    request body {sent}"
    if not getattr(response, "_content_consumed", False):  # a streamed body is the caller's
        return lines + "\n    response body streamed, not read"
    if response.content:
        received = describe_body(response.content, response.headers.get("Content-Type"), secrets)
        lines += f"\n    response body {received}"
    return lines


def _log_unanswered(call: Call, request: OutgoingRequest) -> None:
    """The body of a request that got no answer (the send step logged why)."""
    sent = describe_request_body(request.kwargs, request.headers, call.runtime.secrets)
    if sent is not None:
        url = call.redact(request.full_url())
        logger.debug(
            "%s %s (attempt %d, no answer) request body %s", request.method, url, call.attempt, sent
        )
