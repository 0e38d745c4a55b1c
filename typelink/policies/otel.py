"""The OpenTelemetry side of :class:`typelink.policies.telemetry.Telemetry`.

Imported only when a client is configured with telemetry. Spans, following the HTTP client
semantic conventions:

* one span per call, named after the endpoint (``Issues.create``), kind ``INTERNAL``: it is
  the logical operation, and the conventions make each physical request the ``CLIENT`` span;
* one ``CLIENT`` span per attempt (retries, the replay after a 401, each redirect), named
  ``{method}``, with ``http.request.method``, ``server.address``, ``server.port``,
  ``url.full`` (redacted), ``http.response.status_code``, ``error.type`` and
  ``http.request.resend_count``; and why it was sent again (``typelink.retry.reason`` /
  ``typelink.retry.wait``, ``typelink.credential.refreshed``, ``typelink.rate_limit.wait``).

Metrics: ``http.client.request.duration`` (seconds, per attempt), ``typelink.client.call.duration``,
``typelink.client.retries``, ``typelink.client.credential.refreshes``,
``typelink.client.rate_limit.wait`` and ``typelink.client.cache.lookups``, each with the
endpoint (``typelink.endpoint``).

The call's span and its :class:`CallRecord` are made the current OpenTelemetry context for
the whole call, and each attempt's span for its send. So the events the steps emit find the
call they belong to (a token refresh reported by the auth itself too), the spans of whatever
runs inside the call (a token provider's own request) nest under it, log records made during
the call carry its trace id, and generic HTTP instrumentations (requests, urllib3) are told
to stay out of an attempt that typelink already traces (no duplicate span, and no trace
context of theirs sent to a host typelink would not send it to). A driver runs one call's
steps in one context (a thread, or one asyncio task), which both drivers do.

Nothing secret reaches an attribute: URLs are redacted, exception messages have the
credential's values hidden, and no stack trace (whose chained causes may quote a provider's
failure) is recorded.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from opentelemetry import context as otel_context
from opentelemetry import metrics, propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from typelink._internal.redact import redact_text
from typelink._version import __version__
from typelink.declare.spec import EndpointInfo
from typelink.errors import TypelinkError
from typelink.events import (
    CacheLookup,
    CredentialRefreshed,
    Event,
    RateLimitWaited,
    RetryScheduled,
)
from typelink.transport.request import OutgoingRequest

__all__ = ["CallRecord", "OpenTelemetryHooks"]

SCHEMA_URL = "https://opentelemetry.io/schemas/1.26.0"
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
"""The boundaries the HTTP semantic conventions advise for ``http.client.request.duration``."""

_MESSAGE_LIMIT = 500
_CALL = otel_context.create_key("typelink.call")
# What the requests/urllib3 instrumentations check before tracing a request themselves.
_SUPPRESS_HTTP = getattr(otel_context, "_SUPPRESS_HTTP_INSTRUMENTATION_KEY", None)
_DEFAULT_PORTS = {"http": 80, "https": 443}

Attributes = dict[str, Any]


class CallRecord:
    """What the steps reported during one call: totals for the call's span, and what the next
    attempt's span should say about why it was sent (taken by that attempt)."""

    __slots__ = ("attempts_started", "hooks", "next_attempt", "refreshes", "retries", "span")

    def __init__(self, hooks: OpenTelemetryHooks, span: Span) -> None:
        self.hooks = hooks
        self.span = span
        self.attempts_started = 0
        self.retries = 0
        self.refreshes: list[tuple[str, int]] = []
        self.next_attempt: Attributes = {}

    def take_next_attempt(self) -> Attributes:
        """The attributes gathered for the attempt about to start (then cleared)."""
        self.attempts_started += 1
        gathered, self.next_attempt = self.next_attempt, {}
        return gathered


def server_attributes(url: str) -> Attributes:
    """``url.scheme``, ``server.address`` and ``server.port`` (the scheme's default when none
    is written) of a request's own URL (user info, path and query are not read)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return {}
    attributes: Attributes = {"url.scheme": parts.scheme}
    if parts.hostname:
        attributes["server.address"] = parts.hostname
    if port is None:
        port = _DEFAULT_PORTS.get(parts.scheme)
    if port is not None:
        attributes["server.port"] = port
    return attributes


def error_type(error: BaseException) -> str:
    """The exception's fully qualified class name (the conventions' ``error.type``)."""
    cls = type(error)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def mark_failed(span: Span, error: BaseException, secrets: Sequence[str]) -> None:
    """Status ERROR, ``error.type``, and an ``exception`` event without a traceback (chained
    causes may quote a provider's failure). Only typelink's own errors, whose messages are
    written without secrets, lend their message (redacted once more); any other exception is
    named by its type alone."""
    kind = error_type(error)
    message = redact_text(str(error), secrets) if isinstance(error, TypelinkError) else kind
    if len(message) > _MESSAGE_LIMIT:
        message = message[:_MESSAGE_LIMIT] + "..."
    span.set_attribute("error.type", kind)
    span.add_event("exception", {"exception.type": kind, "exception.message": message})
    span.set_status(Status(StatusCode.ERROR, message))


class _Call:
    """:class:`typelink.policies.telemetry.CallScope` for one call."""

    __slots__ = ("attributes", "hooks", "record", "started", "token")

    def __init__(
        self, hooks: OpenTelemetryHooks, record: CallRecord, attributes: Attributes
    ) -> None:
        self.hooks = hooks
        self.record = record
        self.attributes = attributes
        context = trace.set_span_in_context(record.span)
        self.token = otel_context.attach(otel_context.set_value(_CALL, record, context))
        self.started = time.perf_counter()

    def end(
        self,
        attempts: int,
        status: int | None,
        error: BaseException | None,
        secrets: Sequence[str],
    ) -> None:
        span = self.record.span
        try:
            measured: Attributes = {
                key: self.attributes[key]
                for key in ("typelink.endpoint", "http.request.method")
                if key in self.attributes
            }
            span.set_attribute("typelink.attempts", attempts)
            span.set_attribute("typelink.retries", self.record.retries)
            if self.record.refreshes:
                span.set_attribute("typelink.credential.refreshes", len(self.record.refreshes))
            if status is not None:
                span.set_attribute("http.response.status_code", status)
            if error is not None:
                mark_failed(span, error, secrets)
                measured["error.type"] = error_type(error)
            self.hooks.call_duration.record(time.perf_counter() - self.started, measured)
        finally:
            otel_context.detach(self.token)
            span.end()


class _Attempt:
    """:class:`typelink.policies.telemetry.AttemptScope` for one attempt."""

    __slots__ = ("hooks", "measured", "request", "span", "started", "token")

    def __init__(self, hooks: OpenTelemetryHooks, request: OutgoingRequest, span: Span) -> None:
        self.hooks = hooks
        self.span = span
        context = trace.set_span_in_context(span)
        if _SUPPRESS_HTTP is not None:
            context = otel_context.set_value(_SUPPRESS_HTTP, True, context)
        self.token = otel_context.attach(context)
        self.request = request
        if hooks.propagate and request.trusted:
            self.request = request.copy()  # the caller's request (a redirect's source) stays clean
            propagate.inject(self.request.headers, context)
        self.measured: Attributes = {}
        self.started = time.perf_counter()

    def end(self, status: int | None, error: BaseException | None, secrets: Sequence[str]) -> None:
        span = self.span
        try:
            measured = self.measured
            if status is not None:
                span.set_attribute("http.response.status_code", status)
                measured["http.response.status_code"] = status
                if status >= 400:
                    span.set_attribute("error.type", str(status))
                    span.set_status(Status(StatusCode.ERROR))
                    measured["error.type"] = str(status)
            elif error is not None:
                mark_failed(span, error, secrets)
                measured["error.type"] = error_type(error)
            self.hooks.request_duration.record(time.perf_counter() - self.started, measured)
        finally:
            otel_context.detach(self.token)
            span.end()


class OpenTelemetryHooks:
    """:class:`typelink.policies.telemetry.TelemetryHooks` on an OpenTelemetry tracer and meter."""

    def __init__(
        self,
        tracer_provider: trace.TracerProvider | None,
        meter_provider: metrics.MeterProvider | None,
        *,
        propagate: bool = True,
    ) -> None:
        self.propagate = propagate
        self.tracer = trace.get_tracer(
            "typelink", __version__, tracer_provider, schema_url=SCHEMA_URL
        )
        meter = metrics.get_meter("typelink", __version__, meter_provider, schema_url=SCHEMA_URL)
        self.request_duration = meter.create_histogram(
            "http.client.request.duration",
            unit="s",
            description="Duration of HTTP client requests (one per attempt).",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
        )
        self.call_duration = meter.create_histogram(
            "typelink.client.call.duration",
            unit="s",
            description="Duration of typelink calls, with every attempt and wait they made.",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
        )
        self.retries = meter.create_counter(
            "typelink.client.retries", unit="{retry}", description="Attempts sent again."
        )
        self.refreshes = meter.create_counter(
            "typelink.client.credential.refreshes",
            unit="{refresh}",
            description="Credentials renewed (ahead of expiry, or after a 401).",
        )
        self.rate_limit_wait = meter.create_histogram(
            "typelink.client.rate_limit.wait",
            unit="s",
            description="Waits imposed by the client-side rate limiter before an attempt.",
        )
        self.cache_lookups = meter.create_counter(
            "typelink.client.cache.lookups",
            unit="{lookup}",
            description="Cached calls, by result: hit, revalidated (304) or miss.",
        )

    def start_call(self, endpoint: EndpointInfo, request: OutgoingRequest, url: str) -> _Call:
        attributes: Attributes = {
            "typelink.endpoint": endpoint.qualname,
            "typelink.path_template": endpoint.path,
            "http.request.method": request.method,
            "url.full": url,
            **server_attributes(request.url),
        }
        span = self.tracer.start_span(
            endpoint.qualname, kind=SpanKind.INTERNAL, attributes=attributes
        )
        return _Call(self, CallRecord(self, span), attributes)

    def start_attempt(
        self, endpoint: EndpointInfo, request: OutgoingRequest, url: str, resend_count: int
    ) -> _Attempt:
        server = server_attributes(request.url)
        attributes: Attributes = {
            "http.request.method": request.method,
            "url.full": url,
            "typelink.endpoint": endpoint.qualname,
            "typelink.path_template": endpoint.path,
            **server,
        }
        if resend_count:
            attributes["http.request.resend_count"] = resend_count
        record = _current_record(self)
        if record is not None:
            attributes.update(record.take_next_attempt())
        span = self.tracer.start_span(request.method, kind=SpanKind.CLIENT, attributes=attributes)
        attempt = _Attempt(self, request, span)
        attempt.measured.update(
            {
                "http.request.method": request.method,
                "typelink.endpoint": endpoint.qualname,
                **server,
            }
        )
        return attempt

    def on_event(self, event: Event) -> None:
        if isinstance(event, RetryScheduled):
            self._retried(event)
        elif isinstance(event, CredentialRefreshed):
            self._refreshed(event)
        elif isinstance(event, RateLimitWaited):
            self._waited(event)
        elif isinstance(event, CacheLookup):
            self._looked_up(event)

    # -- events (each counted only inside a call of these hooks: see _current_record) --------

    def _retried(self, event: RetryScheduled) -> None:
        record = _current_record(self)
        if record is None:
            return
        record.retries += 1
        self.retries.add(
            1, {"typelink.endpoint": event.endpoint.qualname, "typelink.retry.reason": event.reason}
        )
        record.next_attempt["typelink.retry.reason"] = event.reason
        record.next_attempt["typelink.retry.wait"] = event.wait
        record.span.add_event(
            "typelink.retry",
            {
                "typelink.retry.reason": event.reason,
                "typelink.retry.wait": event.wait,
                "typelink.attempt": event.attempt,
            },
        )

    def _refreshed(self, event: CredentialRefreshed) -> None:
        record = _current_record(self)
        if record is None:
            return
        # A credential shared by two clients reports its refresh to each client's listeners:
        # the same refresh, before the same attempt, is counted once.
        seen = (event.reason, record.attempts_started)
        if seen in record.refreshes:
            return
        record.refreshes.append(seen)
        self.refreshes.add(
            1,
            {"typelink.endpoint": event.endpoint.qualname, "typelink.refresh.reason": event.reason},
        )
        record.next_attempt["typelink.credential.refreshed"] = event.reason
        record.span.add_event(
            "typelink.credential_refreshed", {"typelink.refresh.reason": event.reason}
        )

    def _waited(self, event: RateLimitWaited) -> None:
        record = _current_record(self)
        if record is None:
            return
        self.rate_limit_wait.record(event.wait, {"typelink.endpoint": event.endpoint.qualname})
        waited = record.next_attempt.get("typelink.rate_limit.wait", 0.0)
        record.next_attempt["typelink.rate_limit.wait"] = waited + event.wait
        record.span.add_event("typelink.rate_limit.wait", {"typelink.rate_limit.wait": event.wait})

    def _looked_up(self, event: CacheLookup) -> None:
        record = _current_record(self)
        if record is None:
            return
        self.cache_lookups.add(
            1, {"typelink.endpoint": event.endpoint.qualname, "typelink.cache.result": event.result}
        )
        record.span.set_attribute("typelink.cache.result", event.result)


def _current_record(hooks: OpenTelemetryHooks) -> CallRecord | None:
    """The record of the call running in this context, if it is one these hooks trace (an
    event from a call of another client, e.g. through a shared credential, is not ours)."""
    record = otel_context.get_value(_CALL)
    if isinstance(record, CallRecord) and record.hooks is hooks:
        return record
    return None
