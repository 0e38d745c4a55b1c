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
from typelink.declare.spec import BodyKind, EndpointSpec
from typelink.errors import TypelinkError
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
from typelink.policies.retry import RetryPolicy
from typelink.transport.async_connection import AsyncConnection
from typelink.transport.connection import Connection
from typelink.transport.request import OutgoingRequest
from typelink.transport.runtime import Runtime

__all__ = ["UplinkRequest", "chain_for", "prepare", "run", "run_async"]

UplinkRequest = tuple[str, str, Mapping[str, Any]]
"""What uplink's request builder produces: ``(method, url, options)``."""

_HIDDEN_CONTEXT = """A typed error leaving a call says what failed, redacted. Its implicit context
(an earlier attempt's transport error, whose text quotes the URL) is hidden; a cause is kept."""


def chain_for(spec: EndpointSpec, runtime: Runtime[Any]) -> Chain:
    """The steps of ``spec``'s calls under ``runtime``, outermost first."""
    config = runtime.config
    steps: list[Step] = []
    if CacheStep.applies(config.cache, spec):
        assert config.cache is not None
        steps.append(CacheStep(config.cache, spec))
    steps += [ParseStep(), ErrorMappingStep(config), RedirectStep(runtime.connection)]
    steps.append(RetryStep())
    if config.auth is not None:
        steps.append(ReplayStep(config.auth))
    if config.rate_limiter is not None:
        steps.append(RateLimitStep(config.rate_limiter))
    if config.auth is not None:
        steps.append(AuthStep(config.auth))
    steps += [EventsStep(config.listeners), SendStep()]
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
    """One call, start to end, with blocking I/O; returns the declared type's value."""
    flow = chain.run(Call(spec, runtime, consumer_policy), request)
    try:
        exchange = run_sync(flow, runtime.connection.transport, runtime.config.sleep)
    except TypelinkError as error:
        error.__suppress_context__ = True  # see _HIDDEN_CONTEXT
        raise
    return exchange.value


async def run_async(
    chain: Chain,
    spec: EndpointSpec,
    runtime: Runtime[AsyncConnection],
    request: OutgoingRequest,
    consumer_policy: RetryPolicy | None = None,
) -> Any:
    """One call, start to end, with ``await``: the same chain, performed by the async driver."""
    connection = runtime.connection
    flow = chain.run(Call(spec, runtime, consumer_policy), request)
    try:
        exchange = await drive_async(flow, connection.transport.send, connection.sleep)
    except TypelinkError as error:
        error.__suppress_context__ = True  # see _HIDDEN_CONTEXT
        raise
    return exchange.value
