"""OpenTelemetry for a client's calls: the option users pass, and the seam the pipeline calls.

``Client(telemetry=Telemetry())`` (or ``telemetry=True``) gives every call a span named after
the endpoint (``Issues.create``) with a child span per attempt, HTTP client metrics, and W3C
trace context sent to the client's own (trusted) origins. Nothing here imports
``opentelemetry``: the implementation, :mod:`typelink.policies.otel`, is imported when a
client is configured with telemetry, so importing typelink and a client without telemetry
pay nothing for it (``pip install typelink[otel]`` brings the API package).

The pipeline sees telemetry only through :class:`TelemetryHooks` (two pipeline steps call
it) and through events (the steps that retry, wait, refresh or answer from the cache report
with :mod:`typelink.events`, and the hooks listen). Neither needs I/O, so the sync and the
async driver run the same steps.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from typelink.declare.spec import EndpointInfo
from typelink.errors import ConfigurationError
from typelink.events import Event
from typelink.transport.request import OutgoingRequest

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import TracerProvider

__all__ = ["AttemptScope", "CallScope", "Telemetry", "TelemetryHooks", "client_telemetry"]


class CallScope(Protocol):
    """One call's span, open until :meth:`end`."""

    def end(
        self,
        attempts: int,
        status: int | None,
        error: BaseException | None,
        secrets: Sequence[str],
    ) -> None:
        """Close the call's span: how many requests were sent, the final status (None for a
        fresh cache hit), or the error that ended the call (``secrets`` are hidden in it)."""
        ...


class AttemptScope(Protocol):
    """One attempt's span, open until :meth:`end`."""

    request: OutgoingRequest
    """What to send: the attempt's request, with trace context if its origin is trusted."""

    def end(self, status: int | None, error: BaseException | None, secrets: Sequence[str]) -> None:
        """Close the attempt's span with the response status, or the error of the send."""
        ...


class TelemetryHooks(Protocol):
    """What the pipeline's telemetry steps call (the OpenTelemetry side implements it)."""

    def start_call(self, endpoint: EndpointInfo, request: OutgoingRequest, url: str) -> CallScope:
        """Open the call's span for its first request (``url``: its URL, redacted) and make
        it current."""
        ...

    def start_attempt(
        self, endpoint: EndpointInfo, request: OutgoingRequest, url: str, resend_count: int
    ) -> AttemptScope:
        """Open an attempt's span as a child of the current call's (``url``: the request's
        URL, redacted; ``resend_count``: requests the call sent before), and make it current."""
        ...

    def on_event(self, event: Event) -> None:
        """A pipeline event (retry, refresh, rate-limit wait, cache answer) for the metrics
        and the current call's spans."""
        ...


class Telemetry:
    """Trace and measure a client's calls with OpenTelemetry.

    ``tracer_provider`` / ``meter_provider``: where spans and metrics go (None: the global
    providers, as set with ``opentelemetry.trace.set_tracer_provider``). ``propagate``: send
    the trace context (``traceparent``, with the global propagator) to the client's trusted
    origins; it is never sent to another host (a redirect target, a next-page URL elsewhere).
    One ``Telemetry`` may serve several clients; its instruments are created once.
    """

    __slots__ = ("_hooks", "_lock", "meter_provider", "propagate", "tracer_provider")

    def __init__(
        self,
        tracer_provider: TracerProvider | None = None,
        meter_provider: MeterProvider | None = None,
        *,
        propagate: bool = True,
    ) -> None:
        self.tracer_provider = tracer_provider
        self.meter_provider = meter_provider
        self.propagate = propagate
        self._hooks: TelemetryHooks | None = None
        self._lock = threading.Lock()

    def instrument(self) -> TelemetryHooks:
        """The tracer and instruments calls record with (imports ``opentelemetry`` the first
        time; :class:`ConfigurationError` when it is not installed)."""
        hooks = self._hooks
        if hooks is None:
            with self._lock:
                if self._hooks is None:
                    self._hooks = _open_telemetry_hooks(self)
                hooks = self._hooks
        return hooks

    def __repr__(self) -> str:
        tracing = "global" if self.tracer_provider is None else type(self.tracer_provider).__name__
        meters = "global" if self.meter_provider is None else type(self.meter_provider).__name__
        return f"Telemetry(tracer_provider={tracing}, meter_provider={meters})"


def _open_telemetry_hooks(telemetry: Telemetry) -> TelemetryHooks:
    try:
        from typelink.policies.otel import OpenTelemetryHooks
    except ImportError as exc:
        raise ConfigurationError(
            "telemetry= needs the OpenTelemetry API: pip install 'typelink[otel]' "
            f"({type(exc).__name__}: {exc})"
        ) from None
    return OpenTelemetryHooks(
        telemetry.tracer_provider, telemetry.meter_provider, propagate=telemetry.propagate
    )


def client_telemetry(value: object) -> Telemetry | None:
    """The client's ``telemetry=`` option: None or False (the default: off), True (the global
    OpenTelemetry providers), or a :class:`Telemetry`."""
    if value is None or value is False:
        return None
    if value is True:
        return Telemetry()
    if isinstance(value, Telemetry):
        return value
    raise ConfigurationError(
        f"telemetry= must be a typelink Telemetry, True, False or None; got {value!r}"
    )
