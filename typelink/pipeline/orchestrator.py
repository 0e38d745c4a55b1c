"""The orchestrator: which steps an endpoint's calls run through, and running one call.

:func:`chain_for` picks the steps once per bound endpoint (a step that has nothing to do for
this client, such as auth without a credential, is left out). :func:`prepare` turns the
request uplink built from the declaration into the call's first request. :func:`run` drives
one call through the chain with the blocking driver and returns the parsed value;
:func:`run_async` drives the very same chain with the async driver.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typelink._internal.flows import drive_async
from typelink._internal.limits import CallLimits, ResponseLimits, call_limits
from typelink.declare.spec import BodyKind, EndpointSpec
from typelink.errors import APIStatusError, TypelinkError
from typelink.pipeline.call import Call, Chain, Step
from typelink.pipeline.effects import run_sync
from typelink.pipeline.steps.auth import AuthStep, ReplayStep
from typelink.pipeline.steps.cache import CacheStep
from typelink.pipeline.steps.errors import ErrorMappingStep
from typelink.pipeline.steps.events import EventsStep
from typelink.pipeline.steps.parse import ParseStep
from typelink.pipeline.steps.ratelimit import RateLimitStep
from typelink.pipeline.steps.redirect import RedirectStep
from typelink.pipeline.steps.retry import RetryStep
from typelink.pipeline.steps.send import SendStep
from typelink.pipeline.steps.telemetry import AttemptSpanStep, CallSpanStep
from typelink.policies.retry import RetryPolicy
from typelink.transport.async_connection import AsyncConnection
from typelink.transport.connection import Connection
from typelink.transport.request import OutgoingRequest
from typelink.transport.runtime import Runtime

__all__ = ["UplinkRequest", "chain_for", "prepare", "run", "run_async"]

UplinkRequest = tuple[str, str, Mapping[str, Any]]
"""What uplink's request builder produces: ``(method, url, options)``."""


def chain_for(
    spec: EndpointSpec,
    runtime: Runtime[Any],
    consumer_errors: tuple[type[APIStatusError[Any]], ...] = (),
) -> Chain:
    """The steps of ``spec``'s calls under ``runtime``, outermost first (with telemetry, a call
    span step first and an attempt span step right before the events step).

    ``consumer_errors`` are the error classes of the consumer the endpoint is reached through;
    the endpoint's own come first and the client's last.
    """
    config = runtime.config
    steps: list[Step] = []
    telemetry = config.telemetry.instrument() if config.telemetry is not None else None
    if telemetry is not None:
        steps.append(CallSpanStep(telemetry))
    if CacheStep.applies(config.cache, spec):
        assert config.cache is not None
        steps.append(CacheStep(config.cache, spec))
    error_classes = tuple(dict.fromkeys((*spec.options.errors, *consumer_errors, *config.errors)))
    steps += [
        ParseStep(),
        ErrorMappingStep(config, error_classes),
        RedirectStep(runtime.connection),
    ]
    steps.append(RetryStep())
    if config.auth is not None:
        steps.append(ReplayStep(config.auth))
    if config.rate_limiter is not None:
        steps.append(RateLimitStep(config.rate_limiter))
    if config.auth is not None:
        steps.append(AuthStep(config.auth))
    if telemetry is not None:
        steps.append(AttemptSpanStep(telemetry))
    # The telemetry listens for retries, waits and refreshes, not for each request sent (its
    # attempt step sees those): the events step does not build them for it alone.
    listeners = config.listeners
    if telemetry is not None:
        listeners = tuple(each for each in listeners if each != telemetry.on_event)
    steps += [EventsStep(listeners), SendStep()]
    return Chain(tuple(steps))


def prepare(
    spec: EndpointSpec, runtime: Runtime[Any], headers: Mapping[str, str], request: UplinkRequest
) -> OutgoingRequest:
    """The call's first request: uplink's request with the bound headers and send options."""
    out = OutgoingRequest.from_uplink(request)
    data = out.kwargs.get("data")
    if isinstance(data, dict) and None in data.values():
        out.kwargs["data"] = {k: v for k, v in data.items() if v is not None}
    merged = dict(headers)
    merged.update(out.headers)
    out.headers = merged
    if spec.body is BodyKind.JSON and out.kwargs.get("data") is None:
        out.headers.pop("Content-Type", None)  # an optional body left out: nothing to type
    config = runtime.config
    out.kwargs.setdefault("timeout", runtime.timeout_for(spec))
    if config.verify is not True:
        out.kwargs.setdefault("verify", config.verify)
    if config.cert is not None:
        out.kwargs.setdefault("cert", config.cert)
    if config.proxies:
        out.kwargs.setdefault("proxies", dict(config.proxies))
    out.trusted = runtime.connection.is_trusted(out.url)
    return out


def run(
    chain: Chain,
    spec: EndpointSpec,
    runtime: Runtime[Connection],
    request: OutgoingRequest,
    consumer_policy: RetryPolicy | None = None,
) -> Any:
    """One call, start to end, with blocking I/O; returns the declared type's value.

    The call's limits hold for all of it: every response is read within its size limit
    and the call's deadline (``total_budget``), and blocking policies (a Redis-backed store)
    wait no longer than the call's read timeout and what is left of the budget.
    """
    call = Call(spec, runtime, consumer_policy)
    limits = _limit(call, request)
    flow = chain.run(call, request)
    try:
        with call_limits(limits):
            exchange = run_sync(flow, runtime.connection.transport, runtime.config.sleep)
    except TypelinkError as error:
        _hide_context(error)
        raise
    return exchange.value


async def run_async(
    chain: Chain,
    spec: EndpointSpec,
    runtime: Runtime[AsyncConnection],
    request: OutgoingRequest,
    consumer_policy: RetryPolicy | None = None,
) -> Any:
    """One call, start to end, with ``await``: the same chain, performed by the async driver,
    within the same limits as :func:`run`."""
    connection = runtime.connection
    call = Call(spec, runtime, consumer_policy)
    limits = _limit(call, request)
    flow = chain.run(call, request)
    try:
        with call_limits(limits):
            exchange = await drive_async(flow, connection.transport.send, connection.sleep)
    except TypelinkError as error:
        _hide_context(error)
        raise
    return exchange.value


def _limit(call: Call, request: OutgoingRequest) -> CallLimits:
    """Bound the call: each response's size and the deadline go on the request (the
    transport reads within them); the returned limits are for blocking policies."""
    request.limits = ResponseLimits(call.runtime.max_response_size_for(call.spec), call.deadline)
    return CallLimits(_read_timeout(request.kwargs.get("timeout")), call.deadline)


def _hide_context(error: TypelinkError) -> None:
    """A typed error says what failed, redacted. Its implicit context (an earlier attempt's
    transport error, whose text quotes the URL; a token provider's own exception) is
    dropped, not just hidden; an explicit cause is kept."""
    error.__suppress_context__ = True
    error.__context__ = None


def _read_timeout(timeout: Any) -> float | None:
    if isinstance(timeout, tuple):
        read: float | None = timeout[1]
        return read
    return float(timeout) if isinstance(timeout, (int, float)) else None
