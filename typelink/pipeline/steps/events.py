"""Observability around each attempt: ``RequestSent`` / ``ResponseReceived`` and debug lines.

Events go to the client's listeners and the process-wide ones (the testing plugin uses those
to learn which method made each recorded interaction). URLs are redacted before anyone sees
them. At DEBUG (``TYPELINK_LOG=debug``) each attempt's log record also shows the request and
response bodies, redacted, summarised when binary and cut short
(:mod:`typelink._internal.debug_bodies`). The records are written when the call ends (one per
attempt, in order, each with its own elapsed time): a 401's body may quote the token that the
refresh after it fetched, and only then is that token known to be a secret. When
nobody listens and debug logging is off, this step costs two checks.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable

from typelink import events
from typelink._internal.debug_bodies import describe_body, describe_request_body
from typelink._internal.logs import logger
from typelink.errors import TypelinkError
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow
from typelink.transport.request import OutgoingRequest
from typelink.transport.response import HTTPResponse

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
        debug = logger.isEnabledFor(logging.DEBUG)
        if not (listening or debug):
            return (yield from proceed(request))
        sent_at = time.perf_counter()
        try:
            exchange = yield from proceed(request)
        except TypelinkError:
            if logger.isEnabledFor(logging.DEBUG):
                _at_end(call, functools.partial(_log_unanswered, call, request, call.attempt))
            raise
        response = exchange.response
        assert response is not None
        elapsed_ms = (time.perf_counter() - sent_at) * 1000.0
        if logger.isEnabledFor(logging.DEBUG):  # debug logging may have begun meanwhile
            attempt = call.attempt
            _at_end(call, functools.partial(_log, call, request, response, elapsed_ms, attempt))
        if listening:
            url = call.redact(request.full_url())
            events.emit(
                events.ResponseReceived(
                    call.endpoint,
                    request.method,
                    url,
                    response.status_code,
                    elapsed_ms,
                    call.attempt,
                ),
                self.listeners,
            )
        return exchange


def _at_end(call: Call, record: Callable[[], None]) -> None:
    """Write ``record`` when the call ends (now, if debug logging began during the call)."""
    if call.at_end is not None:
        call.at_end.append(record)
    else:
        record()


def _log(
    call: Call,
    request: OutgoingRequest,
    response: HTTPResponse,
    elapsed_ms: float,
    attempt: int,
) -> None:
    """One attempt's record: method, redacted URL, status, time, then its bodies."""
    logger.debug(
        "%s %s -> %d in %.1f ms (attempt %d) [%s]%s",
        request.method,
        call.redact(request.full_url()),
        response.status_code,
        elapsed_ms,
        attempt,
        call.endpoint.qualname,
        _bodies(call, request, response),
    )


def _bodies(call: Call, request: OutgoingRequest, response: HTTPResponse) -> str:
    """The request and response bodies, one indented line each."""
    secrets = call.runtime.secrets
    lines = ""
    sent = describe_request_body(request.kwargs, request.headers, secrets)
    if sent is not None:
        lines += f"\n    request body {sent}"
    if not getattr(response, "_content_consumed", True):  # a streamed body is the caller's
        return lines + "\n    response body streamed, not read"
    if response.content:
        received = describe_body(response.content, response.headers.get("Content-Type"), secrets)
        lines += f"\n    response body {received}"
    return lines


def _log_unanswered(call: Call, request: OutgoingRequest, attempt: int) -> None:
    """The body of a request that got no answer (the send step logged why)."""
    sent = describe_request_body(request.kwargs, request.headers, call.runtime.secrets)
    if sent is not None:
        url = call.redact(request.full_url())
        logger.debug(
            "%s %s (attempt %d, no answer) request body %s", request.method, url, attempt, sent
        )
