"""Observability around each attempt: ``RequestSent`` / ``ResponseReceived`` and debug lines.

Events go to the client's listeners and the process-wide ones (the testing plugin uses those
to learn which method made each recorded interaction). URLs are redacted before anyone sees
them. When nobody listens and debug logging is off, this step costs two checks.
"""

from __future__ import annotations

import logging
import time

from typelink import events
from typelink._internal.logs import logger
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
        debug = logger.isEnabledFor(logging.DEBUG)
        if not (listening or debug):
            return (yield from proceed(request))
        sent_at = time.perf_counter()
        exchange = yield from proceed(request)
        assert exchange.response is not None
        status = exchange.response.status_code
        elapsed_ms = (time.perf_counter() - sent_at) * 1000.0
        url = call.redact(request.full_url())
        if debug:
            logger.debug(
                "%s %s -> %d in %.1f ms (attempt %d) [%s]",
                request.method,
                url,
                status,
                elapsed_ms,
                call.attempt,
                call.endpoint.qualname,
            )
        if listening:
            events.emit(
                events.ResponseReceived(
                    call.endpoint, request.method, url, status, elapsed_ms, call.attempt
                ),
                self.listeners,
            )
        return exchange
